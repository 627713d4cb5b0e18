"""Covariance estimators, tests and information criteria for fitted EM models.

Importing this package registers every estimator: ``oim``, ``opg``, ``louis``,
``sem``, ``robust`` and ``cluster``.
"""

from . import louis, sandwich, sem
from .covariance import (
    CovarianceEstimator,
    CovarianceResult,
    CovarianceWarning,
    delta_method,
    get_estimator,
    register,
)
from .sem import RateMatrix, SEMWarning, em_rate_matrix

__all__ = [
    "CovarianceEstimator",
    "CovarianceResult",
    "CovarianceWarning",
    "RateMatrix",
    "SEMWarning",
    "delta_method",
    "em_rate_matrix",
    "get_estimator",
    "louis",
    "register",
    "sandwich",
    "sem",
]
