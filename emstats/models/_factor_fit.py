r"""Fit statistics, factor scores and parallel analysis of exploratory ML factor analysis.

Pure functions of numpy arrays, shared by :mod:`emstats.models.factor`:

* :func:`ml_discrepancy` and :func:`null_discrepancy` -- the ML discrepancy
  :math:`F_{ML}` of a fitted and of the independence model (factanal's "objective");
  :func:`independence_loglike` -- the independence model's llf with missing values.
* :func:`factor_dof` and :func:`max_factors` -- degrees of freedom of the k-factor model
  and the largest k it can have.
* :func:`factor_fit_statistics` -- a :class:`FactorFit`: factanal's Bartlett-corrected
  chi-square test, and RMSEA (with its interval), TLI, CFI and BIC as psych's ``fa``
  computes them.
* :func:`factor_scores` -- regression (Thomson) and Bartlett factor scores as R's
  ``factanal`` computes them.
* :func:`parallel_analysis_eigenvalues` -- Horn's (1965) reference eigenvalues.

References
----------
Bartlett, M. S. (1950). Tests of significance in factor analysis. British Journal of
Psychology, Statistical Section, 3, 77-85.
Bentler, P. M. (1990). Comparative fit indexes in structural models. Psychological
Bulletin, 107, 238-246.
Horn, J. L. (1965). A rationale and test for the number of factors in factor analysis.
Psychometrika, 30, 179-185.
Revelle, W. (2022). psych: Procedures for Psychological, Psychometric, and Personality
Research, version 2.2.9 (``?fa``, ``?factor.stats``).
Steiger, J. H. and Lind, J. C. (1980). Statistically based tests for the number of common
factors. Annual meeting of the Psychometric Society, Iowa City.
Tucker, L. R. and Lewis, C. (1973). A reliability coefficient for maximum likelihood
factor analysis. Psychometrika, 38, 1-10.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import linalg, optimize, stats

from ..typing import FloatArray

__all__ = ["FactorFit", "factor_dof", "factor_fit_statistics", "factor_scores",
           "independence_loglike", "max_factors", "ml_discrepancy", "null_discrepancy",
           "parallel_analysis_eigenvalues"]

_SCORE_METHODS = ("regression", "bartlett")


# --- discrepancy and degrees of freedom ------------------------------------------------


def _square(matrix: object, name: str) -> FloatArray:
    """``matrix`` as a float square 2-D array with finite entries, or a ValueError."""
    out = np.asarray(matrix, dtype=float)
    if out.ndim != 2 or out.shape[0] != out.shape[1]:
        raise ValueError(f"{name} must be a square matrix, got shape {out.shape}")
    if not np.isfinite(out).all():
        raise ValueError(f"{name} has non-finite entries")
    return out


def _cholesky(matrix: FloatArray, name: str) -> FloatArray:
    """Lower Cholesky factor of ``matrix``, or a ValueError if it is not positive definite."""
    try:
        return linalg.cholesky(matrix, lower=True)
    except linalg.LinAlgError as err:
        raise ValueError(f"{name} is not positive definite") from err


def _logdet(factor: FloatArray) -> float:
    """``log det A`` from the Cholesky factor of ``A``."""
    return float(2.0 * np.log(np.diag(factor)).sum())


def ml_discrepancy(implied_cov: FloatArray, sample_cov: FloatArray) -> float:
    r"""The maximum-likelihood discrepancy between a model and a sample covariance.

    Parameters
    ----------
    implied_cov : ndarray
        The model-implied covariance :math:`\Sigma` (p x p, positive definite), for a
        factor model :math:`\Lambda \Phi \Lambda' + \Psi`.
    sample_cov : ndarray
        The sample covariance (or correlation) :math:`S` (p x p, positive definite).

    Returns
    -------
    float
        :math:`F_{ML} \ge 0`, zero only when :math:`\Sigma = S`.

    Notes
    -----
    .. math:: F_{ML} = \log\det\Sigma - \log\det S + \operatorname{tr}(\Sigma^{-1} S) - p,

    factanal's ``criteria["objective"]`` (with :math:`S` the sample correlation) and
    twice lavaan's ``fmin`` for ML. :math:`N F_{ML}` is minus twice the log-likelihood
    ratio against the saturated model.
    """
    sigma = _square(implied_cov, "implied_cov")
    sample = _square(sample_cov, "sample_cov")
    if sigma.shape != sample.shape:
        raise ValueError(f"implied_cov {sigma.shape} and sample_cov {sample.shape} differ "
                         "in shape")
    chol_sigma = _cholesky(sigma, "implied_cov")
    chol_sample = _cholesky(sample, "sample_cov")
    trace = np.trace(linalg.cho_solve((chol_sigma, True), sample))
    return _logdet(chol_sigma) - _logdet(chol_sample) + float(trace) - sigma.shape[0]


def null_discrepancy(sample_cov: FloatArray) -> float:
    r"""The ML discrepancy of the independence (null) model, ``-log det R``.

    Parameters
    ----------
    sample_cov : ndarray
        The sample covariance or correlation (p x p, positive definite).

    Returns
    -------
    float
        :math:`F_0 = \sum_i \log s_{ii} - \log\det S = -\log\det R`, with :math:`R` the
        sample correlation: :func:`ml_discrepancy` of the diagonal model
        :math:`\operatorname{diag}(S)`, which has :math:`p(p-1)/2` degrees of freedom.
        psych's ``null.model``.
    """
    sample = _square(sample_cov, "sample_cov")
    return ml_discrepancy(np.diag(np.diag(sample)), sample)


def independence_loglike(values: FloatArray, weights: FloatArray | None = None) -> float:
    """The llf of independent normal columns, each at its observed entries' mean and
    variance (divisor ``n_j``): the independence model's maximum with missing values;
    with case ``weights``, the weighted llf at the weighted moments (``n_j`` the observed
    entries' total weight)."""
    observed = ~np.isnan(values)
    w = np.ones(len(values)) if weights is None else weights
    counts = w @ observed
    filled = np.where(observed, values, 0.0)
    means = (w @ filled) / counts
    variances = (w @ (observed * (filled - means) ** 2)) / counts
    return float(-0.5 * np.sum(counts * (np.log(2.0 * np.pi * variances) + 1.0)))


def factor_dof(p: int, k: int) -> int:
    r"""Degrees of freedom of the k-factor model of p variables.

    Parameters
    ----------
    p : int
        Number of observed variables.
    k : int
        Number of factors (0 is the independence model).

    Returns
    -------
    int
        :math:`((p - k)^2 - (p + k)) / 2`: the :math:`p(p+1)/2` variances and
        covariances less the :math:`pk + p - k(k-1)/2` free parameters of
        :math:`\Lambda\Lambda' + \Psi`. Negative when k is too large (the numerator is
        always even). factanal's ``dof``.
    """
    _check_count(p, "p", 1)
    _check_count(k, "k", 0)
    return ((p - k) ** 2 - (p + k)) // 2


def max_factors(p: int) -> int:
    r"""The largest number of factors with non-negative degrees of freedom.

    Parameters
    ----------
    p : int
        Number of observed variables.

    Returns
    -------
    int
        The largest k with :func:`factor_dof` ``(p, k) >= 0`` (the Ledermann bound
        :math:`k \le (2p + 1 - \sqrt{8p + 1}) / 2`); 0 when even one factor is too many
        (p <= 2). factanal stops with "k factors are too many for p variables" when
        the degrees of freedom are negative, and also refuses p < 3.
    """
    _check_count(p, "p", 1)
    k = int((2 * p + 1 - math.sqrt(8 * p + 1)) // 2)
    while factor_dof(p, k + 1) >= 0:
        k += 1
    while k > 0 and factor_dof(p, k) < 0:
        k -= 1
    return k


def _check_count(value: int, name: str, low: int) -> None:
    """A ValueError unless ``value`` is an integer at least ``low``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")


# --- fit statistics --------------------------------------------------------------------


@dataclass(frozen=True)
class FactorFit:
    r"""Goodness of fit of an exploratory ML factor model (factanal and psych::fa).

    Built by :func:`factor_fit_statistics`, which documents every definition.

    Attributes
    ----------
    objective : float
        :math:`F_{ML}` of the fitted model (factanal's ``objective``).
    nobs : int
        Number of observations :math:`N`.
    n_variables : int
        Number of observed variables :math:`p`.
    n_factors : int
        Number of factors :math:`k`.
    statistic : float
        The chi-square: Bartlett-corrected (factanal's ``STATISTIC``), or lavaan's
        ``chisq`` (see ``convention``).
    df : int
        Its degrees of freedom (factanal's ``dof``).
    pvalue : float
        Upper chi-square tail of ``statistic`` (factanal's ``PVAL``); NaN when ``df == 0``.
    rmsea, rmsea_lower, rmsea_upper : float
        RMSEA and its confidence interval (psych's ``RMSEA``); NaN when ``df == 0``.
    rmsea_level : float
        Confidence level of the interval.
    tli : float
        Tucker-Lewis index (psych's ``TLI``); NaN when ``df == 0``.
    cfi : float
        Comparative fit index (Bentler 1990).
    bic : float
        BIC of the chi-square (psych's ``BIC``); NaN when ``df == 0``.
    null_objective : float
        :math:`F_0` of the independence model (psych's ``null.model``).
    null_statistic : float
        Chi-square of the independence model (psych's ``null.chisq``, or lavaan's
        ``baseline.chisq``).
    null_df : int
        Its degrees of freedom, :math:`p(p-1)/2`.
    convention : str
        ``"factanal"`` (the Bartlett-corrected statistics above) or ``"lavaan"``
        (:math:`N F_{ML}`, or :math:`2(\ell_{sat} - \ell)` with missing values, and
        lavaan's RMSEA, TLI and CFI); :func:`factor_fit_statistics` defines both.
    """

    objective: float
    nobs: int
    n_variables: int
    n_factors: int
    statistic: float
    df: int
    pvalue: float
    rmsea: float
    rmsea_lower: float
    rmsea_upper: float
    rmsea_level: float
    tli: float
    cfi: float
    bic: float
    null_objective: float
    null_statistic: float
    null_df: int
    convention: str = "factanal"

    def __str__(self) -> str:
        """A short text table of the statistics."""
        ci = f"{self.rmsea_level:.0%} CI"
        rows = [
            (_STATISTIC_LABELS[self.convention], f"{self.statistic:.3f}"),
            ("Degrees of freedom", f"{self.df}"),
            ("P-value", f"{self.pvalue:.4g}"),
            ("RMSEA", f"{self.rmsea:.4f}"),
            (f"RMSEA {ci}", f"[{self.rmsea_lower:.4f}, {self.rmsea_upper:.4f}]"),
            ("Tucker-Lewis index", f"{self.tli:.4f}"),
            ("Comparative fit index", f"{self.cfi:.4f}"),
            ("BIC (chi2 - df log N)", f"{self.bic:.3f}"),
            ("Null chi-square", f"{self.null_statistic:.3f} on {self.null_df} df"),
        ]
        title = (f"ML factor analysis fit: {self.n_factors} factor(s), {self.n_variables} "
                 f"variables, N = {self.nobs}")
        width = max(len(label) for label, _ in rows)
        body = [f"{label:<{width}}  {value:>24}" for label, value in rows]
        rule = "=" * max(len(title), len(body[0]))
        return "\n".join([title, rule, *body, rule])


_STATISTIC_LABELS = {"factanal": "Chi-square (Bartlett)", "lavaan": "Chi-square (N F, LR)"}


def _bartlett_multiplier(nobs: int, p: int, k: int) -> float:
    """Bartlett's (1950) multiplier of the objective, ``N - 1 - (2p + 5)/6 - 2k/3``."""
    return nobs - 1.0 - (2.0 * p + 5.0) / 6.0 - 2.0 * k / 3.0


def _rmsea_bound(statistic: float, df: int, nobs: int, prob: float, scale_n: float
                 ) -> float:
    r"""One RMSEA confidence bound by inverting the noncentral chi-square.

    The noncentrality :math:`\lambda` with :math:`P(\chi^2_{df}(\lambda) \le T) = prob`,
    as :math:`\sqrt{\lambda / (n\,df)}` with ``n = scale_n``; 0 when even
    :math:`\lambda = 0` gives :math:`P \le prob`.
    """
    if stats.chi2.cdf(statistic, df) <= prob:
        return 0.0

    def excess(ncp: float) -> float:
        return float(stats.ncx2.cdf(statistic, df, ncp)) - prob

    upper = max(nobs, statistic) + 2.0 * nobs  # psych's bracket, widened if too short
    while excess(upper) > 0:
        upper *= 2.0
    ncp = optimize.brentq(excess, 0.0, upper, xtol=1e-13, rtol=4 * np.finfo(float).eps)
    return math.sqrt(ncp / scale_n / df)


def _rmsea(statistic: float, df: int, nobs: int, level: float, scale_n: float
           ) -> tuple[float, float, float]:
    """RMSEA, ``sqrt(max(T / (df N) - 1 / n, 0))`` with ``n = scale_n``, and its ``level``
    interval; NaN for a bound on the wrong side."""
    point = math.sqrt(max(statistic / (df * nobs) - 1.0 / scale_n, 0.0))
    tail = (1.0 - level) / 2.0
    lower = _rmsea_bound(statistic, df, nobs, 1.0 - tail, scale_n)
    upper = _rmsea_bound(statistic, df, nobs, tail, scale_n)
    return (point, lower if lower <= point else math.nan,
            upper if upper >= point else math.nan)


def _cfi(statistic: float, df: int, null_statistic: float, null_df: int) -> float:
    """Bentler's (1990) CFI, 1 when neither model has excess chi-square."""
    model = max(statistic - df, 0.0)
    denominator = max(null_statistic - null_df, model)
    return 1.0 if denominator == 0.0 else 1.0 - model / denominator


def _tli(objective: float, df: int, null_objective: float, null_df: int,
         multiplier: float) -> float:
    """The Tucker-Lewis index from the objectives, the null model's scaled by the model's
    ``multiplier`` (see factor_fit_statistics)."""
    null_ratio = null_objective / null_df
    return (null_ratio - objective / df) / (null_ratio - 1.0 / multiplier)


CONVENTIONS = ("factanal", "lavaan")
"""The conventions of :func:`factor_fit_statistics`."""


def _multipliers(convention: str, nobs: int, p: int, k: int) -> tuple[float, float, float]:
    """``(model multiplier, null multiplier, RMSEA's n)`` of ``convention``."""
    if convention == "factanal":
        return (_bartlett_multiplier(nobs, p, k), _bartlett_multiplier(nobs, p, 0),
                nobs - 1.0)
    if convention == "lavaan":
        return float(nobs), float(nobs), float(nobs)
    raise ValueError(f"convention must be one of {CONVENTIONS}, got {convention!r}")


def factor_fit_statistics(objective: float, nobs: int, p: int, k: int,
                          null_objective: float, *, level: float = 0.90,
                          convention: str = "factanal") -> FactorFit:
    r"""Chi-square test, RMSEA, TLI, CFI and BIC of an ML factor model, as factanal and psych
    (or lavaan).

    Parameters
    ----------
    objective : float
        :math:`F_{ML}` of the fitted k-factor model on the sample correlation
        (:func:`ml_discrepancy`).
    nobs : int
        Number of observations :math:`N`.
    p : int
        Number of observed variables.
    k : int
        Number of factors; at most :func:`max_factors` ``(p)``.
    null_objective : float
        :math:`F_0` of the independence model, :math:`-\log\det R`
        (:func:`null_discrepancy`).
    level : float
        Confidence level of the RMSEA interval; psych's default (``alpha = .1``) is 0.90.
    convention : {"factanal", "lavaan"}
        ``"factanal"``: factanal's and psych's definitions (below). ``"lavaan"``: lavaan's
        (0.6-14, ``estimator = "ML"``, ``likelihood = "normal"``), which also apply to
        full-information ML with missing values, where :math:`N F_{ML}` is
        :math:`2(\ell_{sat} - \ell)`.

    Returns
    -------
    FactorFit
        The statistics; those needing ``df > 0`` (p-value, RMSEA, TLI, BIC) are NaN
        for a just-identified model.

    Notes
    -----
    With :math:`d` = :func:`factor_dof` ``(p, k)``, :math:`d_0 = p(p-1)/2` and Bartlett's
    (1950) multipliers :math:`n_k = N - 1 - (2p + 5)/6 - 2k/3` and
    :math:`n_0 = N - 1 - (2p + 5)/6`:

    * chi-square :math:`T = n_k F_{ML}` on :math:`d` df, and the null model's
      :math:`T_0 = n_0 F_0` on :math:`d_0` df -- factanal's ``STATISTIC`` and ``PVAL``,
      psych's ``STATISTIC`` and ``null.chisq``.
    * RMSEA (Steiger and Lind 1980) as psych's ``fa`` (``factor.stats``):
      :math:`\sqrt{\max(T / (d N) - 1/(N-1), 0)}` -- the Bartlett-corrected :math:`T`
      with :math:`N` in the first term and :math:`N - 1` in the second. Its interval
      inverts the noncentral chi-square: the bound for tail probability :math:`q` is
      :math:`\sqrt{\lambda_q / ((N - 1) d)}` with
      :math:`P(\chi^2_d(\lambda_q) \le T) = q`, :math:`q = (1 - level)/2` for the upper
      and :math:`1 - q` for the lower bound, and 0 when :math:`P(\chi^2_d \le T) \le q`.
      As psych, a bound on the wrong side of the point estimate is NaN. psych solves
      with ``uniroot``'s default tolerance (about 1e-4 on :math:`\lambda`) and a fixed
      bracket (a failure gives NA); here the root is found to round-off, widening the
      bracket when needed.
    * TLI (Tucker and Lewis 1973) as psych: with :math:`M_0 = F_0 / d_0` and
      :math:`M = F_{ML} / d`, :math:`(M_0 - M) / (M_0 - 1/n_k)`, i.e.
      :math:`(\chi^2_0/d_0 - T/d) / (\chi^2_0/d_0 - 1)` with the null chi-square
      :math:`\chi^2_0 = n_k F_0` scaled by the *model's* multiplier. Not truncated to
      [0, 1].
    * CFI (Bentler 1990) from the chi-squares psych reports, :math:`T` and :math:`T_0`:
      :math:`1 - \max(T - d, 0) / \max(T_0 - d_0, T - d, 0)` (1 when both are 0), the
      truncation lavaan's ``fitMeasures`` uses. psych 2.2.9's ``fa`` has no CFI.
    * BIC as psych: :math:`T - d \log N`, a chi-square difference from the saturated
      model (negative favours the k-factor model), not :math:`-2\ell + q \log N`.

    ``convention="lavaan"`` (lavaan 0.6-14, ``estimator = "ML"``, its default
    ``likelihood = "normal"``): the chi-square is :math:`T = N F_{ML}` with no Bartlett
    correction, the baseline's :math:`T_0 = N F_0` (same :math:`F_0`, :math:`d_0` df);
    RMSEA :math:`\sqrt{\max(T/(d N) - 1/N, 0)}` with interval bounds
    :math:`\sqrt{\lambda / (N d)}` (:math:`N` throughout); TLI
    :math:`(T_0/d_0 - T/d)/(T_0/d_0 - 1)`; CFI as above from :math:`T` and :math:`T_0`.
    ``bic`` stays the chi-square BIC :math:`T - d \log N`; lavaan's BIC is the information
    criterion :math:`-2\ell + q \log N`, the results' ``bic``.
    """
    _check_count(nobs, "nobs", 2)
    df = factor_dof(p, k)
    if df < 0:
        raise ValueError(f"{k} factors are too many for {p} variables: the degrees of "
                         f"freedom are {df}; at most {max_factors(p)} factor(s)")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be in (0, 1), got {level}")
    multiplier, null_multiplier, rmsea_n = _multipliers(convention, nobs, p, k)
    if multiplier <= 0:
        raise ValueError(f"nobs = {nobs} is too small for the Bartlett correction with "
                         f"p = {p} and k = {k}: N - 1 - (2p + 5)/6 - 2k/3 must be positive")
    for value, name in ((objective, "objective"), (null_objective, "null_objective")):
        if not math.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value}")
    statistic = multiplier * objective
    null_df = p * (p - 1) // 2
    null_statistic = null_multiplier * null_objective
    if df > 0:
        pvalue = float(stats.chi2.sf(statistic, df))
        rmsea = _rmsea(statistic, df, nobs, level, rmsea_n)
        tli = _tli(objective, df, null_objective, null_df, multiplier)
        bic = statistic - df * math.log(nobs)
    else:
        pvalue, rmsea, tli, bic = math.nan, (math.nan,) * 3, math.nan, math.nan
    return FactorFit(
        objective=float(objective), nobs=int(nobs), n_variables=int(p), n_factors=int(k),
        statistic=float(statistic), df=df, pvalue=pvalue, rmsea=rmsea[0],
        rmsea_lower=rmsea[1], rmsea_upper=rmsea[2], rmsea_level=float(level), tli=tli,
        cfi=_cfi(statistic, df, null_statistic, null_df), bic=bic,
        null_objective=float(null_objective), null_statistic=float(null_statistic),
        null_df=null_df, convention=convention)


# --- factor scores ---------------------------------------------------------------------


def _score_inputs(data: FloatArray, loadings: FloatArray, uniquenesses: FloatArray,
                  phi: FloatArray | None) -> tuple[FloatArray, FloatArray, FloatArray,
                                                   FloatArray]:
    """The checked arrays ``(x, loadings, uniquenesses, phi)``; ``phi`` defaults to I."""
    x = np.asarray(data, dtype=float)
    lam = np.asarray(loadings, dtype=float)
    psi = np.asarray(uniquenesses, dtype=float)
    if lam.ndim != 2:
        raise ValueError(f"loadings must be a p x k matrix, got shape {lam.shape}")
    p, k = lam.shape
    if x.ndim != 2 or x.shape[1] != p:
        raise ValueError(f"data must be an n x {p} matrix (one column per row of loadings), "
                         f"got shape {x.shape}")
    if psi.shape != (p,) or not (np.isfinite(psi).all() and (psi > 0).all()):
        raise ValueError(f"uniquenesses must be {p} positive numbers, got {psi}")
    if not np.isfinite(lam).all():
        raise ValueError("loadings have non-finite entries")
    if np.isinf(x).any():
        raise ValueError("data have infinite values (NaN marks a missing value)")
    corr = np.eye(k) if phi is None else _square(phi, "phi")
    if corr.shape != (k, k) or not np.allclose(corr, corr.T):
        raise ValueError(f"phi must be a symmetric {k} x {k} matrix, got {corr}")
    return x, lam, psi, corr


def _standardise(x: FloatArray, mean: FloatArray | None, scale: FloatArray | None
                 ) -> FloatArray:
    """``(x - mean) / scale``; defaults from the complete rows, sd with divisor n - 1."""
    complete = x[~np.isnan(x).any(axis=1)]
    if (mean is None or scale is None) and len(complete) < 2:
        raise ValueError("the data need at least 2 complete rows to estimate the mean and "
                         "standard deviation; pass mean and scale")
    centre = complete.mean(axis=0) if mean is None else np.asarray(mean, dtype=float)
    spread = complete.std(axis=0, ddof=1) if scale is None else np.asarray(scale, dtype=float)
    p = x.shape[1]
    if centre.shape != (p,) or not np.isfinite(centre).all():
        raise ValueError(f"mean must be {p} finite numbers, got {centre}")
    if spread.shape != (p,) or not (np.isfinite(spread).all() and (spread > 0).all()):
        raise ValueError(f"scale must be {p} positive numbers (a constant column cannot be "
                         f"standardised), got {spread}")
    return (x - centre) / spread


def factor_scores(data: FloatArray, loadings: FloatArray, uniquenesses: FloatArray,
                  method: str = "regression", phi: FloatArray | None = None,
                  mean: FloatArray | None = None, scale: FloatArray | None = None
                  ) -> FloatArray:
    r"""Regression (Thomson) or Bartlett factor scores, as R's ``factanal``.

    Parameters
    ----------
    data : ndarray
        The n x p data; NaN marks a missing value. Not modified.
    loadings : ndarray
        The p x k loadings :math:`\Lambda` of the standardised variables (rotated or not).
    uniquenesses : ndarray
        The p uniquenesses :math:`\Psi` (positive).
    method : {"regression", "bartlett"}
        Which scores (R's spelling ``"Bartlett"`` is accepted).
    phi : ndarray, optional
        The k x k factor correlations :math:`\Phi` of an oblique rotation; the identity
        (orthogonal factors) if omitted. Bartlett scores do not depend on it.
    mean, scale : ndarray, optional
        The p means and standard deviations that standardise the data; by default those
        of the complete rows, the standard deviation with divisor n - 1 (``scale()``,
        as factanal).

    Returns
    -------
    ndarray
        The n x k scores. A row with a missing value gets NaN scores (factanal's
        ``na.exclude``); the conditional expectation given the observed part is not
        computed here.

    Notes
    -----
    With :math:`z = (x - \text{mean}) / \text{scale}` as a row vector and
    :math:`\Sigma = \Lambda \Phi \Lambda' + \Psi` the fitted correlation,

    .. math::

        \hat f_{reg} = z \Sigma^{-1} \Lambda \Phi, \qquad
        \hat f_{Bartlett} = z \Psi^{-1} \Lambda (\Lambda' \Psi^{-1} \Lambda)^{-1}.

    The regression score is Thomson's :math:`E(f \mid z)`. factanal writes it
    ``zz %*% solve(cv, Lambda)`` with the *sample* correlation ``cv`` in place of
    :math:`\Sigma`: at its solution the two agree, because the loadings it computes
    from :math:`\Psi` (the leading eigenvectors of :math:`\Psi^{-1/2} R \Psi^{-1/2}`)
    satisfy :math:`R \Sigma^{-1} \Lambda = \Lambda` exactly, and any rotation keeps
    :math:`\Lambda\Phi\Lambda'`; the tests match factanal to 1e-8. The fitted
    :math:`\Sigma` also scores new data and rows standardised by an EM fit's mean.

    R 4.2.2's factanal post-multiplies the regression scores by :math:`\Phi` only when
    the rotated loadings carry a ``"covariance"`` attribute, which neither
    ``stats::promax`` nor GPArotation sets, so its promax regression scores are
    :math:`z R^{-1} \Lambda` without :math:`\Phi`: pass ``phi`` for Thomson's scores
    (R's ``scores %*% Phi``), or multiply these by :math:`\Phi^{-1}` to reproduce
    R 4.2.2.
    """
    name = method.lower()
    if name not in _SCORE_METHODS:
        raise ValueError(f"method must be one of {list(_SCORE_METHODS)}, got {method!r}")
    x, lam, psi, corr = _score_inputs(data, loadings, uniquenesses, phi)
    z = _standardise(x, mean, scale)
    if name == "regression":
        sigma = lam @ corr @ lam.T + np.diag(psi)
        weights = linalg.solve(sigma, lam @ corr, assume_a="pos")
    else:
        scaled = lam / psi[:, None]
        weights = linalg.solve(lam.T @ scaled, scaled.T, assume_a="pos").T
    return z @ weights


# --- parallel analysis -----------------------------------------------------------------


def parallel_analysis_eigenvalues(nobs: int, p: int, *, n_iter: int = 100,
                                  quantile: float | None = None,
                                  random_state: int | np.random.Generator | None = None
                                  ) -> FloatArray:
    r"""Horn's (1965) parallel-analysis reference eigenvalues.

    Parameters
    ----------
    nobs : int
        Number of observations of each simulated data set (at least 3).
    p : int
        Number of variables (at least 2).
    n_iter : int
        Number of simulated data sets.
    quantile : float, optional
        Return this quantile (in (0, 1), e.g. 0.95) of each eigenvalue over the data
        sets instead of their mean; linear interpolation, R's default ``type = 7``.
    random_state : int or numpy.random.Generator, optional
        Seed or generator of the simulated data.

    Returns
    -------
    ndarray
        The p reference eigenvalues, in decreasing order.

    Notes
    -----
    The eigenvalues of the sample *correlation* matrix of ``nobs`` x ``p`` independent
    standard normal data -- the principal-component eigenvalues of the classic Horn
    procedure, to be compared with the eigenvalues of the observed correlation matrix
    (retain the components above the reference). psych's ``fa.parallel`` also offers
    "factor" eigenvalues (of the correlation with communality estimates on the
    diagonal, its ``fa = "fa"``); those are not implemented here.
    """
    _check_count(nobs, "nobs", 3)
    _check_count(p, "p", 2)
    _check_count(n_iter, "n_iter", 1)
    if quantile is not None and not 0.0 < quantile < 1.0:
        raise ValueError(f"quantile must be in (0, 1), got {quantile}")
    rng = np.random.default_rng(random_state)
    values = np.empty((n_iter, p))
    for i in range(n_iter):
        corr = np.corrcoef(rng.standard_normal((nobs, p)), rowvar=False)
        values[i] = np.linalg.eigvalsh(corr)[::-1]
    return values.mean(axis=0) if quantile is None else np.quantile(values, quantile, axis=0)
