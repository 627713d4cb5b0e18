"""Covariance estimators, tests and information criteria for fitted EM models.

Importing this package registers every estimator: ``oim``, ``opg``, ``louis``,
``sem``, ``robust``, ``cluster`` and ``bootstrap``.
"""

from . import bootstrap, comparison, louis, sandwich, sem
from .bootstrap import (
    Bootstrap,
    BootstrapLRTestResult,
    BootstrapWarning,
    bootstrap_conf_int,
    bootstrap_lrtest,
    run_replicates,
)
from .comparison import BoundaryWarning, LRTestResult, NestingWarning, compare, lrtest
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
    "Bootstrap",
    "BootstrapLRTestResult",
    "BootstrapWarning",
    "BoundaryWarning",
    "CovarianceEstimator",
    "CovarianceResult",
    "CovarianceWarning",
    "LRTestResult",
    "NestingWarning",
    "RateMatrix",
    "SEMWarning",
    "bootstrap",
    "bootstrap_conf_int",
    "bootstrap_lrtest",
    "compare",
    "comparison",
    "delta_method",
    "em_rate_matrix",
    "get_estimator",
    "louis",
    "lrtest",
    "register",
    "run_replicates",
    "sandwich",
    "sem",
]
