"""Covariance estimators, tests and information criteria for fitted EM models."""

from .covariance import (
    CovarianceEstimator,
    CovarianceResult,
    CovarianceWarning,
    delta_method,
    get_estimator,
    register,
)

__all__ = [
    "CovarianceEstimator",
    "CovarianceResult",
    "CovarianceWarning",
    "delta_method",
    "get_estimator",
    "register",
]
