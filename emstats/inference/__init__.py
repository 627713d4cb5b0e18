"""Covariance estimators, tests and information criteria for fitted EM models.

Importing this package registers every estimator: ``oim``, ``opg``, ``louis``,
``sem``, ``robust``, ``cluster`` and ``bootstrap``.

The bootstrap is four modules of one concern each: :mod:`.replicates` (the replicate
runner: seeds, joblib, progress, failures), :mod:`.bootstrap` (the covariance
estimator), :mod:`.intervals` (percentile and BCa intervals, influence values) and
:mod:`.bootstrap_lr` (the bootstrap likelihood-ratio test), with :mod:`.refit` (EM on one
replicate data set) shared by the estimator and the test.
"""

from . import (
    bootstrap,
    bootstrap_lr,
    comparison,
    intervals,
    louis,
    refit,
    replicates,
    sandwich,
    sem,
)
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
    "bootstrap_lr",
    "bootstrap_lrtest",
    "compare",
    "comparison",
    "delta_method",
    "em_rate_matrix",
    "get_estimator",
    "intervals",
    "louis",
    "lrtest",
    "refit",
    "register",
    "replicates",
    "run_replicates",
    "sandwich",
    "sem",
]
