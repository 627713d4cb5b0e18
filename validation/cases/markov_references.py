"""Published results for the Markov-switching validation (case 9). Data only.

Every number below is copied, as printed, from statsmodels' Markov-switching test suite
(Chad Fulton, BSD-3-Clause licence), statsmodels 0.15.0:

* ``statsmodels/tsa/regime_switching/tests/test_markov_autoregression.py``
  (Hamilton 1989 GNP models and Filardo 1994),
* ``statsmodels/tsa/regime_switching/tests/test_markov_regression.py``
  (Stata 14 ``mswitch`` examples: federal funds rate, S&P 500 absolute returns, mumps),
* ``statsmodels/tsa/regime_switching/tests/results/results_predict_rgnp.csv``,
  ``results_predict_fedfunds.csv`` and ``mar_filardo.csv`` (series-valued references).

The statsmodels files in turn cite

* Stata 14 [TS] ``mswitch``, http://www.stata.com/manuals14/tsmswitch.pdf
  ("Results from Stata" in the test classes; data from https://www.stata-press.com/data/r14/),
* EViews ``SWITCHREG`` (the test comments list the EViews dialog settings, kept below),
* Hamilton, J. D. (1989), "A new approach to the economic analysis of nonstationary time
  series and the business cycle", *Econometrica* 57(2), 357-384 (the GNP data),
* Filardo, A. J. (1994), "Business-cycle phases and their transitional dynamics",
  *Journal of Business & Economic Statistics* 12(3), 299-308 (the TVTP model and data).

The data sets are ``emstats.datasets.load_rgnp``, ``load_fedfunds``, ``load_areturns``,
``load_mumpspc`` and ``load_filardo`` (copied from the same files; see
``emstats/datasets/README.md``). This module imports nothing from emstats.

Conventions (statsmodels', which the numbers assume)
---------------------------------------------------
* Regimes are numbered 0, 1 (Stata's and EViews' regime 1 is statsmodels' regime 0).
* ``p[j->i]`` is P(S_t = i | S_(t-1) = j). With two regimes only ``p[0->0]`` and ``p[1->0]``
  are parameters; ``p[0->1] = 1 - p[0->0]``, ``p[1->1] = 1 - p[1->0]``.
* With time-varying transition probabilities (TVTP), ``p[j->0].tvtpk`` is the coefficient of
  column k of ``exog_tvtp`` in the logit ``P(S_t = 0 | S_(t-1) = j) =
  1 / (1 + exp(-x_t' beta_j))``, where ``x_t`` is the row of ``exog_tvtp`` at the same row
  position as the observation S_t belongs to (the test builds ``exog_tvtp`` already lagged
  where a lag is meant, e.g. Filardo).
* ``sigma2`` is a variance. Stata reports sigma and EViews log(sigma), so the printed values
  are expressions: ``"2.107562**2"`` (Stata's sigma squared) or ``"np.exp(-0.262658)**2"``
  (EViews' log sigma); :func:`published_value` evaluates the three printed forms.
* ``MarkovAutoregression`` (the Hamilton and Filardo models) is in mean-deviation form,
  ``y_t - mu_(S_t) = sum_i phi_i(S_t) (y_(t-i) - mu_(S_(t-i))) + e_t``: ``const`` is the
  regime mean mu, the likelihood conditions on the first ``order`` observations
  (``nobs = len(endog) - order``).
  ``MarkovRegression`` is Stata's ``mswitch dr`` form ``y_t = x_t' beta_(S_t) + e_t``: ``const``
  is an intercept and lags of y enter as ordinary regressors ``x1, x2, ...``.
* Initial regime distribution: S_0, the regime of the first row of ``endog`` as passed to
  statsmodels, has the ergodic (steady-state) distribution of the transition matrix; with
  TVTP, of the matrix built from row 0 of ``exog_tvtp``. The joint distribution of
  (S_0, ..., S_p) follows by the chain, the transition into row r using ``exog_tvtp`` row r,
  and the likelihood is that of y_p, ..., y_(T-1) given y_0, ..., y_(p-1). An independent
  filter written this way reproduces all ten published llfs (to the printed digits); for
  Filardo, taking instead the ergodic distribution at row p lowers the llf by 0.59.
* ``bse_oim``: standard errors from the observed information matrix, as printed. Entries the
  test stores as ``np.nan`` are ``None`` here: Stata and EViews report the SE of sigma (or
  log sigma), not of sigma2.
* Tolerances are those of the statsmodels test (``numpy.testing.assert_allclose``; its default
  ``rtol=1e-7`` applies when the test gives only ``atol``).
* Series files are in ``data/`` beside this module; their first column ``row`` is the 0-based
  row position in the emstats data set (``load_rgnp()`` etc.) the value refers to.
* ``llf_fit_statsmodels`` is statsmodels' own ``fit()`` result (regression value, not
  published). statsmodels' ``llf_fit_em`` values are not maxima and are not copied.
"""

from __future__ import annotations

import math
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
"""Directory of the series-valued references (``MODELS[name]["series"]["file"]``)."""

STATSMODELS_VERSION = "0.15.0"
TESTS = "statsmodels/tsa/regime_switching/tests/"
STATA_MANUAL = "http://www.stata.com/manuals14/tsmswitch.pdf"

LLF_TOLERANCE = {"atol": 1e-5, "rtol": 1e-7}
"""The statsmodels tests' default for ``llf`` (``mumps_noconst_l1_variance`` uses 1e-4)."""

_EVIEWS_SAMPLE = "Sample 1951q1 1984q4"

MODELS: dict[str, dict] = {
    # ---------------------------------------------------------------- 1 Hamilton AR(4)
    "hamilton_ar4": {
        "statsmodels_test": TESTS + "test_markov_autoregression.py::TestHamiltonAR4",
        "source": "EViews SWITCHREG ('Results from E-views' in the test); data and model of "
                  "Hamilton (1989)",
        "eviews_settings": (
            "Dependent variable followed by a list of switching regressors: rgnp c",
            "List of non-switching regressors: ar(1) ar(2) ar(3) ar(4)",
            'Do not check "Regime specific error variances"',
            "Switching type: Markov",
            "Number of Regimes: 2",
            "Probability regressors: c",
            "Method SWITCHREG",
            _EVIEWS_SAMPLE,
        ),
        "stata_command": None,
        "specification": "Hamilton (1989): quarterly GNP growth, 2 regimes, switching mean, "
                         "non-switching AR(4) coefficients and variance, constant transition "
                         "probabilities. y_t - mu(S_t) = sum_(i=1..4) phi_i "
                         "(y_(t-i) - mu(S_(t-i))) + e_t, e_t ~ N(0, sigma2).",
        "dataset": "rgnp",
        "endog": "load_rgnp()['rgnp']",
        "exog": None,
        "exog_tvtp": None,
        "statsmodels_class": "MarkovAutoregression",
        "statsmodels_kwargs": {"k_regimes": 2, "order": 4, "trend": "c",
                               "switching_ar": False, "switching_variance": False},
        "test_call": "MarkovAutoregression(rgnp, k_regimes=2, order=4, switching_ar=False)",
        "nobs": 131,
        "rows": (4, 134),
        "llf": "-181.26339",
        "llf_fit_statsmodels": "-181.26339",
        "at_optimum": True,
        "optimum_note": "statsmodels' fit() reaches the published llf (llf_fit = llf).",
        "param_names": ("p[0->0]", "p[1->0]", "const[0]", "const[1]", "sigma2",
                        "ar.L1", "ar.L2", "ar.L3", "ar.L4"),
        "params": {
            "p[0->0]": "0.754673",
            "p[1->0]": "0.095915",
            "const[0]": "-0.358811",
            "const[1]": "1.163516",
            "sigma2": "np.exp(-0.262658)**2",
            "ar.L1": "0.013486",
            "ar.L2": "-0.057521",
            "ar.L3": "-0.246983",
            "ar.L4": "-0.212923",
        },
        "bse_oim": {
            "p[0->0]": ".0965189",
            "p[1->0]": ".0377362",
            "const[0]": ".2645396",
            "const[1]": ".0745187",
            "sigma2": None,
            "ar.L1": ".1199942",
            "ar.L2": ".137663",
            "ar.L3": ".1069103",
            "ar.L4": ".1105311",
        },
        "bse_checked": {"names": ("p[0->0]", "p[1->0]", "const[0]", "const[1]",
                                  "ar.L2", "ar.L3", "ar.L4"),
                        "atol": 1e-6, "rtol": 1e-7},
        "notes": "The test compares bse[:4] and bse[6:]: the sigma2 SE is missing and the "
                 "printed ar.L1 SE (.1199942) is not compared. The test does not say where "
                 "bse_oim comes from (the key uses Stata's term OIM).",
        "regimes": "regime 0 = low mean (-0.358811, recession), regime 1 = high mean "
                   "(1.163516); one common variance.",
        "series": {
            "file": "markov_hamilton_ar4.csv",
            "source": "inline arrays hamilton_ar4_filtered, hamilton_ar4_smoothed",
            "columns": {
                "filtered_1": {"statsmodels": "filtered_marginal_probabilities[:, 1]",
                               "atol": 1e-5, "rtol": 1e-7},
                "smoothed_1": {"statsmodels": "smoothed_marginal_probabilities[:, 1]",
                               "atol": 1e-5, "rtol": 1e-7},
            },
        },
    },
    # ------------------------------------------------- 2 Hamilton AR(2), switching AR
    "hamilton_ar2_switch": {
        "statsmodels_test": TESTS + "test_markov_autoregression.py::TestHamiltonAR2Switch",
        "source": "Stata 14 mswitch ('Results from Stata, see " + STATA_MANUAL + "')",
        "stata_command": None,
        "specification": "Hamilton's GNP growth, 2 regimes, switching mean and switching "
                         "AR(2) coefficients, common variance, constant transition "
                         "probabilities. y_t - mu(S_t) = sum_(i=1..2) phi_i(S_t) "
                         "(y_(t-i) - mu(S_(t-i))) + e_t.",
        "dataset": "rgnp",
        "endog": "load_rgnp()['rgnp']",
        "exog": None,
        "exog_tvtp": None,
        "statsmodels_class": "MarkovAutoregression",
        "statsmodels_kwargs": {"k_regimes": 2, "order": 2, "trend": "c",
                               "switching_ar": True, "switching_variance": False},
        "test_call": "MarkovAutoregression(rgnp, k_regimes=2, order=2)",
        "nobs": 133,
        "rows": (2, 134),
        "llf": "-179.32354",
        "llf_fit_statsmodels": "-179.38684",
        "at_optimum": True,
        "optimum_note": "Stata's estimates; statsmodels' score there is ~0 (max |score| "
                        "5e-5). statsmodels' own fit() ends lower (-179.38684 < -179.32354; "
                        "even when started at these parameters its 5 initial EM steps move "
                        "it to -179.386798), so the published point is the better maximum; "
                        "an EM must reach -179.32354.",
        "param_names": ("p[0->0]", "p[1->0]", "const[0]", "const[1]", "sigma2",
                        "ar.L1[0]", "ar.L1[1]", "ar.L2[0]", "ar.L2[1]"),
        "params": {
            "p[0->0]": ".3812383",
            "p[1->0]": ".3564492",
            "const[0]": "-.0055216",
            "const[1]": "1.195482",
            "sigma2": ".6677098**2",
            "ar.L1[0]": ".3710719",
            "ar.L1[1]": ".4621503",
            "ar.L2[0]": ".7002937",
            "ar.L2[1]": "-.3206652",
        },
        "bse_oim": {
            "p[0->0]": ".1424841",
            "p[1->0]": ".0994742",
            "const[0]": ".2057086",
            "const[1]": ".1225987",
            "sigma2": None,
            "ar.L1[0]": ".1754383",
            "ar.L1[1]": ".1652473",
            "ar.L2[0]": ".187409",
            "ar.L2[1]": ".1295937",
        },
        "bse_checked": {"names": ("p[0->0]", "p[1->0]", "const[0]", "const[1]",
                                  "ar.L1[1]", "ar.L2[0]", "ar.L2[1]"),
                        "atol": 1e-7, "rtol": 1e-7},
        "notes": "The test compares bse[:4] and bse[6:]: the sigma2 SE is missing and the "
                 "printed ar.L1[0] SE (.1754383) is not compared. results_predict_rgnp.csv "
                 "has 136 rows, one more than rgnp (a leading 1951Q1 row): its row r is "
                 "rgnp row r - 1; the test uses its rows 3..135.",
        "regimes": "regime 0 = low mean (-.0055216), regime 1 = high mean (1.195482); one "
                   "common variance.",
        "series": {
            "file": "markov_hamilton_ar2_switch.csv",
            "source": "results/results_predict_rgnp.csv (Stata predictions), columns "
                      "switchar2_* (all columns of that file belong to this model)",
            "columns": {
                "predicted_0": {"from": "switchar2_p1",
                                "statsmodels": "predicted_marginal_probabilities[:, 0]",
                                "atol": None},
                "predicted_1": {"from": "switchar2_p2",
                                "statsmodels": "predicted_marginal_probabilities[:, 1]",
                                "atol": None},
                "filtered_0": {"from": "switchar2_f1",
                               "statsmodels": "filtered_marginal_probabilities[:, 0]",
                               "atol": None},
                "filtered_1": {"from": "switchar2_f2",
                               "statsmodels": "filtered_marginal_probabilities[:, 1]",
                               "atol": None},
                "smoothed_0": {"from": "switchar2_sm1",
                               "statsmodels": "smoothed_marginal_probabilities[:, 0]",
                               "atol": 1e-6, "rtol": 1e-7},
                "smoothed_1": {"from": "switchar2_sm2",
                               "statsmodels": "smoothed_marginal_probabilities[:, 1]",
                               "atol": 1e-6, "rtol": 1e-7},
                "predict_0": {"from": "switchar2_yhat1", "statsmodels": None,
                              "atol": None},
                "predict_1": {"from": "switchar2_yhat2", "statsmodels": None,
                              "atol": None},
                "predict_predicted": {"from": "switchar2_pyhat",
                                      "statsmodels": None,
                                      "identity": "predicted_0 * predict_0 + "
                                                  "predicted_1 * predict_1",
                                      "atol": None},
                "predict_filtered": {"from": "switchar2_fyhat",
                                     "statsmodels": None,
                                     "identity": "filtered_0 * predict_0 + "
                                                 "filtered_1 * predict_1",
                                     "atol": None},
                "predict_smoothed": {"from": "switchar2_syhat",
                                     "statsmodels": "predict(params, "
                                                    "probabilities='smoothed')",
                                     "atol": 1e-6, "rtol": 1e-7},
            },
            "notes": "atol None: loaded by the test but not compared there. Stata's "
                     "regime-specific predictions yhat1/yhat2 of this AR model have no "
                     "statsmodels counterpart (statsmodels' predict(conditional=True) and "
                     "predict(probabilities='predicted' | 'filtered') differ from them by "
                     "0.7-1.7); pyhat and fyhat are the probability-weighted yhat1/yhat2 "
                     "(to 1e-6), whereas syhat, which statsmodels reproduces, is not "
                     "smoothed_0 * yhat1 + smoothed_1 * yhat2.",
        },
    },
    # --------------------------------------------------------- 3 Hamilton AR(1) switching
    "hamilton_ar1_switch": {
        "statsmodels_test": TESTS + "test_markov_autoregression.py::TestHamiltonAR1Switch",
        "source": "EViews SWITCHREG ('Results from E-views' in the test)",
        "eviews_settings": (
            "Dependent variable followed by a list of switching regressors: rgnp c ar(1)",
            "List of non-switching regressors: <blank>",
            'Do not check "Regime specific error variances"',
            "Switching type: Markov",
            "Number of Regimes: 2",
            "Probability regressors: c",
            "Method SWITCHREG",
            _EVIEWS_SAMPLE,
        ),
        "stata_command": None,
        "specification": "Hamilton's GNP growth, 2 regimes, switching mean and switching AR(1) "
                         "coefficient, common variance, constant transition probabilities.",
        "dataset": "rgnp",
        "endog": "load_rgnp()['rgnp']",
        "exog": None,
        "exog_tvtp": None,
        "statsmodels_class": "MarkovAutoregression",
        "statsmodels_kwargs": {"k_regimes": 2, "order": 1, "trend": "c",
                               "switching_ar": True, "switching_variance": False},
        "test_call": "MarkovAutoregression(rgnp, k_regimes=2, order=1)",
        "nobs": 134,
        "rows": (1, 134),
        "llf": "-186.7575",
        "llf_fit_statsmodels": "-186.7575",
        "at_optimum": True,
        "optimum_note": "statsmodels' fit() reaches the published llf (llf_fit = llf).",
        "param_names": ("p[0->0]", "p[1->0]", "const[0]", "const[1]", "sigma2",
                        "ar.L1[0]", "ar.L1[1]"),
        "params": {
            "p[0->0]": "0.85472458",
            "p[1->0]": "0.53662099",
            "const[0]": "1.041419",
            "const[1]": "-0.479157",
            "sigma2": "np.exp(-0.231404)**2",
            "ar.L1[0]": "0.243128",
            "ar.L1[1]": "0.713029",
        },
        "bse_oim": None,
        "notes": "No standard errors in the test.",
        "expected_durations": {"values": ("6.883477", "1.863513"),
                               "statsmodels": "expected_durations", "atol": 1e-5,
                               "rtol": 1e-7},
        "regimes": "regime 0 = high mean (1.041419, expansion), regime 1 = low mean "
                   "(-0.479157); one common variance. Opposite labelling to hamilton_ar4.",
        "series": {
            "file": "markov_hamilton_ar1_switch.csv",
            "source": "inline arrays hamilton_ar1_switch_filtered, "
                      "hamilton_ar1_switch_smoothed",
            "columns": {
                "filtered_0": {"statsmodels": "filtered_marginal_probabilities[:, 0]",
                               "atol": 1e-5, "rtol": 1e-7},
                "smoothed_0": {"statsmodels": "smoothed_marginal_probabilities[:, 0]",
                               "atol": 1e-5, "rtol": 1e-7},
            },
        },
    },
    # ------------------------------------------------------------- 4 Hamilton AR(1) TVTP
    "hamilton_ar1_switch_tvtp": {
        "statsmodels_test": TESTS + "test_markov_autoregression.py::TestHamiltonAR1SwitchTVTP",
        "source": "EViews SWITCHREG ('Results from E-views' in the test)",
        "eviews_settings": (
            "Dependent variable followed by a list of switching regressors: rgnp c ar(1)",
            "List of non-switching regressors: <blank>",
            'Do not check "Regime specific error variances"',
            "Switching type: Markov",
            "Number of Regimes: 2",
            "Probability regressors: c recession",
            "Method SWITCHREG",
            _EVIEWS_SAMPLE,
        ),
        "stata_command": None,
        "specification": "hamilton_ar1_switch with time-varying transition probabilities: "
                         "P(S_t = 0 | S_(t-1) = j) = logistic(beta_j0 + beta_j1 rec_t), with "
                         "rec_t the recession dummy of the same row as y_t (not lagged).",
        "dataset": "rgnp",
        "endog": "load_rgnp()['rgnp']",
        "exog": None,
        "exog_tvtp": "numpy.c_[numpy.ones(135), load_rgnp()['rec']]  # all 135 rows",
        "statsmodels_class": "MarkovAutoregression",
        "statsmodels_kwargs": {"k_regimes": 2, "order": 1, "trend": "c",
                               "switching_ar": True, "switching_variance": False},
        "test_call": "MarkovAutoregression(rgnp, k_regimes=2, order=1, "
                     "exog_tvtp=np.c_[np.ones(len(rgnp)), rec])",
        "nobs": 134,
        "rows": (1, 134),
        "llf": "-163.914049",
        "llf_fit_statsmodels": "-161.786477",
        "at_optimum": False,
        "optimum_note": "EViews' estimates; the test only evaluates the likelihood, "
                        "probabilities and durations at them. statsmodels' loglike there "
                        "equals EViews' llf, but its score is not zero (e.g. 2.95 for "
                        "const[0]) and statsmodels' fit() finds a higher llf (-161.786477, "
                        "with transition logits drifting to |beta| of 30-60, i.e. towards "
                        "0/1 probabilities). These parameters are not a maximum: validate "
                        "loglike/filter/smoother/durations at them, not a fitted llf or "
                        "fitted parameters.",
        "param_names": ("p[0->0].tvtp0", "p[1->0].tvtp0", "p[0->0].tvtp1",
                        "p[1->0].tvtp1", "const[0]", "const[1]", "sigma2",
                        "ar.L1[0]", "ar.L1[1]"),
        "params": {
            "p[0->0].tvtp0": "6.564923",
            "p[1->0].tvtp0": "7.846371",
            "p[0->0].tvtp1": "-8.064123",
            "p[1->0].tvtp1": "-15.37636",
            "const[0]": "1.027190",
            "const[1]": "-0.719760",
            "sigma2": "np.exp(-0.217003)**2",
            "ar.L1[0]": "0.161489",
            "ar.L1[1]": "0.022536",
        },
        "bse_oim": None,
        "notes": "No standard errors in the test. The test skips test_fit_em.",
        "regimes": "regime 0 = high mean (1.027190), regime 1 = low mean (-0.719760); one "
                   "common variance.",
        "series": {
            "file": "markov_hamilton_ar1_switch_tvtp.csv",
            "source": "inline arrays hamilton_ar1_switch_tvtp_filtered, "
                      "hamilton_ar1_switch_tvtp_smoothed, expected_durations",
            "columns": {
                "filtered_0": {"statsmodels": "filtered_marginal_probabilities[:, 0]",
                               "atol": 1e-5, "rtol": 1e-7},
                "smoothed_0": {"statsmodels": "smoothed_marginal_probabilities[:, 0]",
                               "atol": 1e-5, "rtol": 1e-7},
                "duration0": {"statsmodels": "expected_durations[:, 0]",
                              "atol": 1e-7, "rtol": 1e-5},
                "duration1": {"statsmodels": "expected_durations[:, 1]",
                              "atol": 1e-7, "rtol": 1e-5},
            },
            "notes": "durationk = 1 / (1 - P(S_t = k | S_(t-1) = k)) at the row's exog_tvtp.",
        },
    },
    # ----------------------------------------------------------------- 5 Filardo (1994)
    "filardo": {
        "statsmodels_test": TESTS + "test_markov_autoregression.py::TestFilardo",
        "source": "Filardo (1994), JBES 12(3); the test class states no software or source "
                  "for its numbers (the data and references are in results/mar_filardo.csv)",
        "stata_command": None,
        "specification": "Monthly industrial-production growth, 2 regimes, switching mean, "
                         "non-switching AR(4) and variance, time-varying transition "
                         "probabilities driven by a constant and the lagged (demeaned) growth "
                         "of the leading indicator: P(S_t = 0 | S_(t-1) = j) = "
                         "logistic(beta_j0 + beta_j1 dmdlleading_(t-1)).",
        "dataset": "filardo",
        "endog": "load_filardo()['dlip'].iloc[1:]  # filardo rows 1..518",
        "exog": None,
        "exog_tvtp": "statsmodels.tools.add_constant("
                     "load_filardo()['dmdlleading'].iloc[:-1].values)  # rows 0..517",
        "statsmodels_class": "MarkovAutoregression",
        "statsmodels_kwargs": {"k_regimes": 2, "order": 4, "trend": "c",
                               "switching_ar": False, "switching_variance": False},
        "test_call": "MarkovAutoregression(mar_filardo['dlip'].iloc[1:].values, k_regimes=2, "
                     "order=4, switching_ar=False, exog_tvtp=add_constant("
                     "mar_filardo['dmdlleading'].iloc[:-1].values))",
        "nobs": 514,
        "rows": (5, 518),
        "llf": "-586.5718",
        "llf_fit_statsmodels": "-586.5718",
        "at_optimum": True,
        "optimum_note": "The test's llf_fit equals llf, but its test_fit is skipped "
                        "(no reason given). statsmodels' score at these parameters is ~0 "
                        "(max |score| 1.3e-3) and its fit() started there does not move, "
                        "so they are (to printed precision) a maximum.",
        "param_names": ("p[0->0].tvtp0", "p[1->0].tvtp0", "p[0->0].tvtp1",
                        "p[1->0].tvtp1", "const[0]", "const[1]", "sigma2",
                        "ar.L1", "ar.L2", "ar.L3", "ar.L4"),
        "params": {
            "p[0->0].tvtp0": "4.35941747",
            "p[1->0].tvtp0": "-1.6493936",
            "p[0->0].tvtp1": "1.7702123",
            "p[1->0].tvtp1": "0.9945672",
            "const[0]": "0.517298",
            "const[1]": "-0.865888",
            "sigma2": "np.exp(-0.362469)**2",
            "ar.L1": "0.189474",
            "ar.L2": "0.079344",
            "ar.L3": "0.110944",
            "ar.L4": "0.122251",
        },
        "bse_oim": None,
        "notes": "No standard errors in the test. exog_tvtp row r (dmdlleading of filardo "
                 "row r) drives the transition into dlip of filardo row r + 1; the regime of "
                 "filardo row 1 (first endog row) starts from the ergodic distribution of "
                 "the matrix built from dmdlleading of filardo row 0. The endog "
                 "and exog_tvtp rows are the test's; the pandas variant TestFilardoPandas "
                 "dates mar_filardo.csv 1948-02-01..1991-04-01 (monthly).",
        "regimes": "regime 0 = high mean (0.517298, expansion), regime 1 = low mean "
                   "(-0.865888); one common variance.",
        "series": {
            "file": "markov_filardo.csv",
            "source": "results/mar_filardo.csv, rows 5..518 (the test uses .iloc[5:])",
            "columns": {
                "transition_00": {"statsmodels": "regime_transition[0, 0, :]",
                                  "atol": None},
                "transition_10": {"statsmodels": "regime_transition[0, 1, :] "
                                                 "= P(S_t = 0 | S_(t-1) = 1)",
                                  "atol": None},
                "filtered_0": {"statsmodels": "filtered_marginal_probabilities[:, 0]",
                               "atol": 1e-5, "rtol": 1e-7},
                "smoothed_0": {"statsmodels": "smoothed_marginal_probabilities[:, 0]",
                               "atol": 1e-5, "rtol": 1e-7},
                "duration0": {"statsmodels": "expected_durations[:, 0]",
                              "atol": 1e-7, "rtol": 1e-5},
                "duration1": {"statsmodels": "expected_durations[:, 1]",
                              "atol": 1e-7, "rtol": 1e-5},
            },
            "notes": "transition_00 and transition_10 are in the file but not compared by "
                     "the test (atol None); transition_10 = 1 - P(S_t = 1 | S_(t-1) = 1), "
                     "as duration1 = 1 / transition_10 shows.",
        },
    },
    # ----------------------------------------------------------- 6 Fed funds, constant
    "fedfunds_const": {
        "statsmodels_test": TESTS + "test_markov_regression.py::TestFedFundsConst",
        "source": "Stata 14 mswitch ('Results from Stata, see " + STATA_MANUAL + "'); data "
                  "https://www.stata-press.com/data/r14/usmacro",
        "stata_command": None,
        "specification": "Federal funds rate, 2 regimes, switching intercept, common "
                         "variance, constant transition probabilities: y_t = mu(S_t) + e_t.",
        "dataset": "fedfunds",
        "endog": "load_fedfunds()['fedfunds']  # all 226 rows",
        "exog": None,
        "exog_tvtp": None,
        "statsmodels_class": "MarkovRegression",
        "statsmodels_kwargs": {"k_regimes": 2, "trend": "c", "switching_trend": True,
                               "switching_variance": False},
        "test_call": "MarkovRegression(fedfunds, k_regimes=2)",
        "nobs": 226,
        "rows": (0, 225),
        "llf": "-508.63592",
        "llf_fit_statsmodels": "-508.63592",
        "at_optimum": True,
        "optimum_note": "Stata's estimates; statsmodels' fit() reaches the same llf.",
        "param_names": ("p[0->0]", "p[1->0]", "const[0]", "const[1]", "sigma2"),
        "params": {
            "p[0->0]": "0.9820939",
            "p[1->0]": "0.0503587",
            "const[0]": "3.70877",
            "const[1]": "9.556793",
            "sigma2": "2.107562**2",
        },
        "bse_oim": {
            "p[0->0]": "0.0104002",
            "p[1->0]": "0.0268434",
            "const[0]": "0.1767083",
            "const[1]": "0.2999889",
            "sigma2": None,
        },
        "bse_checked": {"names": ("p[0->0]", "p[1->0]", "const[0]", "const[1]"),
                        "atol": 1e-7, "rtol": 1e-7},
        "notes": "The test also compares filtered joint probabilities "
                 "P(S_t, S_(t-1) | Y_t) (inline fedfunds_const_filtered_joint_probabilities, "
                 "shape (2, 2, 226), default rtol 1e-7); their source is not stated and "
                 "they are not copied here (the marginal ones, Stata's, are).",
        "regimes": "regime 0 = low intercept (3.70877), regime 1 = high (9.556793); one "
                   "common variance.",
        "series": {
            "file": "markov_fedfunds_const.csv",
            "source": "results/results_predict_fedfunds.csv, columns const_* (rows 0..225); "
                      "the constL1exog_* columns of the same file belong to "
                      "fedfunds_const_l1_exog",
            "columns": {
                "predicted_0": {"from": "const_p1",
                                "statsmodels": "predicted_marginal_probabilities[:, 0]",
                                "atol": None},
                "predicted_1": {"from": "const_p2",
                                "statsmodels": "predicted_marginal_probabilities[:, 1]",
                                "atol": None},
                "filtered_0": {"from": "const_f1",
                               "statsmodels": "filtered_marginal_probabilities[:, 0]",
                               "atol": None},
                "filtered_1": {"from": "const_f2",
                               "statsmodels": "filtered_marginal_probabilities[:, 1]",
                               "atol": None},
                "smoothed_0": {"from": "const_sm1",
                               "statsmodels": "smoothed_marginal_probabilities[:, 0]",
                               "atol": 1e-6, "rtol": 1e-7},
                "smoothed_1": {"from": "const_sm2",
                               "statsmodels": "smoothed_marginal_probabilities[:, 1]",
                               "atol": 1e-6, "rtol": 1e-7},
                "predict_0": {"from": "const_yhat1",
                              "statsmodels": "predict(params, conditional=True)[0]",
                              "atol": 1e-6, "rtol": 1e-7},
                "predict_1": {"from": "const_yhat2",
                              "statsmodels": "predict(params, conditional=True)[1]",
                              "atol": 1e-6, "rtol": 1e-7},
                "predict_predicted": {"from": "const_pyhat",
                                      "statsmodels": "predict(params, "
                                                     "probabilities='predicted')",
                                      "atol": 1e-5, "rtol": 1e-7},
                "predict_filtered": {"from": "const_fyhat",
                                     "statsmodels": "predict(params, "
                                                    "probabilities='filtered')",
                                     "atol": 1e-5, "rtol": 1e-7},
                "predict_smoothed": {"from": "const_syhat",
                                     "statsmodels": "predict(params, "
                                                    "probabilities='smoothed')",
                                     "atol": 1e-6, "rtol": 1e-7},
            },
            "notes": "atol None: in the file but not compared by the test.",
        },
    },
    # ------------------------------------------------------- 7 Fed funds, constant + L1
    "fedfunds_const_l1": {
        "statsmodels_test": TESTS + "test_markov_regression.py::TestFedFundsConstL1",
        "source": "Stata 14 mswitch ('Results from Stata, see " + STATA_MANUAL + "')",
        "stata_command": None,
        "specification": "Federal funds rate on its own first lag, 2 regimes, switching "
                         "intercept and switching lag coefficient, common variance: "
                         "y_t = c(S_t) + b(S_t) y_(t-1) + e_t (dynamic regression, not "
                         "mean-deviation AR).",
        "dataset": "fedfunds",
        "endog": "load_fedfunds()['fedfunds'].iloc[1:]  # rows 1..225",
        "exog": "load_fedfunds()['fedfunds'].iloc[:-1].values  # rows 0..224, i.e. y_(t-1)",
        "exog_tvtp": None,
        "statsmodels_class": "MarkovRegression",
        "statsmodels_kwargs": {"k_regimes": 2, "trend": "c", "switching_trend": True,
                               "switching_exog": True, "switching_variance": False},
        "test_call": "MarkovRegression(fedfunds[1:], k_regimes=2, exog=fedfunds[:-1])",
        "nobs": 225,
        "rows": (1, 225),
        "llf": "-264.71069",
        "llf_fit_statsmodels": "-264.71069",
        "at_optimum": True,
        "optimum_note": "Stata's estimates; statsmodels' fit() reaches the same llf.",
        "param_names": ("p[0->0]", "p[1->0]", "const[0]", "const[1]", "x1[0]", "x1[1]",
                        "sigma2"),
        "params": {
            "p[0->0]": "0.6378175",
            "p[1->0]": "0.1306295",
            "const[0]": "0.724457",
            "const[1]": "-0.0988764",
            "x1[0]": "0.7631424",
            "x1[1]": "1.061174",
            "sigma2": "0.6915759**2",
        },
        "bse_oim": {
            "p[0->0]": "0.1202616",
            "p[1->0]": "0.0495924",
            "const[0]": "0.2886657",
            "const[1]": "0.1183838",
            "x1[0]": "0.0337234",
            "x1[1]": "0.0185031",
            "sigma2": None,
        },
        "bse_checked": {"names": ("p[0->0]", "p[1->0]", "const[0]", "const[1]", "x1[0]",
                                  "x1[1]"),
                        "atol": 1e-6, "rtol": 1e-7},
        "notes": "x1 is the lagged federal funds rate (statsmodels names exog columns x1, "
                 "x2, ... when given arrays).",
        "regimes": "regime 0 = higher intercept (0.724457) but smaller lag coefficient "
                   "(0.7631424); regime 1 = intercept -0.0988764, lag coefficient 1.061174; "
                   "one common variance.",
        "series": None,
    },
    # ------------------------------------------------ 8 Fed funds, constant + L1 + exog
    "fedfunds_const_l1_exog": {
        "statsmodels_test": TESTS + "test_markov_regression.py::TestFedFundsConstL1Exog",
        "source": "Stata 14 mswitch ('Results from Stata, see " + STATA_MANUAL + "')",
        "stata_command": None,
        "specification": "Federal funds rate on its first lag, the output gap and inflation, "
                         "2 regimes, all coefficients and the intercept switching, common "
                         "variance: y_t = c(S_t) + b1(S_t) y_(t-1) + b2(S_t) ogap_t + "
                         "b3(S_t) inf_t + e_t.",
        "dataset": "fedfunds",
        "endog": "load_fedfunds()['fedfunds'].iloc[4:]  # rows 4..225",
        "exog": "numpy.c_[fedfunds.iloc[3:-1], ogap.iloc[4:], inf.iloc[4:]] with the "
                "columns of load_fedfunds()  # y_(t-1), ogap_t, inf_t for rows 4..225",
        "exog_tvtp": None,
        "statsmodels_class": "MarkovRegression",
        "statsmodels_kwargs": {"k_regimes": 2, "trend": "c", "switching_trend": True,
                               "switching_exog": True, "switching_variance": False},
        "test_call": "MarkovRegression(fedfunds[4:], k_regimes=2, "
                     "exog=np.c_[fedfunds[3:-1], ogap[4:], inf[4:]])",
        "nobs": 222,
        "rows": (4, 225),
        "llf": "-229.25614",
        "llf_fit_statsmodels": "-229.25614",
        "at_optimum": True,
        "optimum_note": "Stata's estimates; statsmodels' fit() (em_iter=10, maxiter=100) "
                        "reaches the same llf.",
        "param_names": ("p[0->0]", "p[1->0]", "const[0]", "const[1]", "x1[0]", "x1[1]",
                        "x2[0]", "x2[1]", "x3[0]", "x3[1]", "sigma2"),
        "params": {
            "p[0->0]": "0.7279288",
            "p[1->0]": "0.2114578",
            "const[0]": "0.6554954",
            "const[1]": "-0.0944924",
            "x1[0]": "0.8314458",
            "x1[1]": "0.9292574",
            "x2[0]": "0.1355425",
            "x2[1]": "0.0343072",
            "x3[0]": "-0.0273928",
            "x3[1]": "0.2125275",
            "sigma2": "0.5764495**2",
        },
        "bse_oim": {
            "p[0->0]": "0.0929915",
            "p[1->0]": "0.0641179",
            "const[0]": "0.1373889",
            "const[1]": "0.1279231",
            "x1[0]": "0.0333236",
            "x1[1]": "0.0270852",
            "x2[0]": "0.0294113",
            "x2[1]": "0.0240138",
            "x3[0]": "0.0408057",
            "x3[1]": "0.0297351",
            "sigma2": None,
        },
        "bse_checked": {"names": ("p[0->0]", "p[1->0]", "const[0]", "const[1]", "x1[0]",
                                  "x1[1]", "x2[0]", "x2[1]", "x3[0]", "x3[1]"),
                        "atol": 1e-7, "rtol": 1e-7},
        "notes": "The sample starts at row 4 because inf is missing in rows 0..3. x1 = "
                 "lagged fedfunds, x2 = ogap, x3 = inf (same row as y_t).",
        "regimes": "regime 0 = higher intercept (0.6554954), regime 1 = intercept "
                   "-0.0944924; one common variance.",
        "series": {
            "file": "markov_fedfunds_const_l1_exog.csv",
            "source": "results/results_predict_fedfunds.csv, columns constL1exog_* "
                      "(rows 4..225; the test uses .iloc[4:])",
            "columns": {
                "predict_0": {"from": "constL1exog_syhat1",
                              "statsmodels": "predict(params, conditional=True)[0]",
                              "atol": 1e-5, "rtol": 1e-7},
                "predict_1": {"from": "constL1exog_syhat2",
                              "statsmodels": "predict(params, conditional=True)[1]",
                              "atol": 1e-5, "rtol": 1e-7},
                "predict_smoothed": {"from": "constL1exog_syhat",
                                     "statsmodels": "predict(params, "
                                                    "probabilities='smoothed')",
                                     "atol": 1e-5, "rtol": 1e-7},
            },
        },
    },
    # ------------------------------------------- 9 S&P 500 absolute returns, variance
    "areturns_const_l1_variance": {
        "statsmodels_test": TESTS + "test_markov_regression.py::TestAreturnsConstL1Variance",
        "source": "Stata 14 mswitch ('Results from Stata, see " + STATA_MANUAL + "'); data "
                  "https://www.stata-press.com/data/r14/snp500",
        "stata_command": None,
        "specification": "Absolute S&P 500 returns on their first lag, 2 regimes, switching "
                         "intercept, switching lag coefficient and switching variance: "
                         "y_t = c(S_t) + b(S_t) y_(t-1) + e_t, e_t ~ N(0, sigma2(S_t)).",
        "dataset": "areturns",
        "endog": "load_areturns()['areturns'].iloc[1:]  # rows 1..520",
        "exog": "load_areturns()['areturns'].iloc[:-1].values  # rows 0..519",
        "exog_tvtp": None,
        "statsmodels_class": "MarkovRegression",
        "statsmodels_kwargs": {"k_regimes": 2, "trend": "c", "switching_trend": True,
                               "switching_exog": True, "switching_variance": True},
        "test_call": "MarkovRegression(areturns[1:], k_regimes=2, exog=areturns[:-1], "
                     "switching_variance=True)",
        "nobs": 520,
        "rows": (1, 520),
        "llf": "-745.7977",
        "llf_fit_statsmodels": "-745.7977",
        "at_optimum": True,
        "optimum_note": "Stata's estimates; statsmodels' fit() (em_iter=10, maxiter=100) "
                        "reaches the same llf.",
        "param_names": ("p[0->0]", "p[1->0]", "const[0]", "const[1]", "x1[0]", "x1[1]",
                        "sigma2[0]", "sigma2[1]"),
        "params": {
            "p[0->0]": "0.7530865",
            "p[1->0]": "0.6825357",
            "const[0]": "0.7641424",
            "const[1]": "1.972771",
            "x1[0]": "0.0790744",
            "x1[1]": "0.527953",
            "sigma2[0]": "0.5895792**2",
            "sigma2[1]": "1.605333**2",
        },
        "bse_oim": {
            "p[0->0]": "0.0634387",
            "p[1->0]": "0.0662574",
            "const[0]": "0.0782852",
            "const[1]": "0.2784204",
            "x1[0]": "0.0301862",
            "x1[1]": "0.0857841",
            "sigma2[0]": None,
            "sigma2[1]": None,
        },
        "bse_checked": {"names": ("p[0->0]", "p[1->0]", "const[0]", "const[1]", "x1[0]",
                                  "x1[1]"),
                        "atol": 1e-7, "rtol": 1e-7},
        "notes": "Both variance SEs missing (Stata reports SEs of sigma).",
        "regimes": "regime 0 = low intercept (0.7641424) and low variance "
                   "(0.5895792**2); regime 1 = high intercept (1.972771) and high variance "
                   "(1.605333**2).",
        "series": None,
    },
    # ------------------------------------------------------ 10 mumps, no constant, variance
    "mumpspc_noconst_l1_variance": {
        "statsmodels_test": TESTS + "test_markov_regression.py::TestMumpspcNoconstL1Variance",
        "source": "Stata 14 mswitch ('Results from Stata, see " + STATA_MANUAL + "'); data "
                  "https://www.stata-press.com/data/r14/mumpspc",
        "stata_command": None,
        "specification": "Seasonally differenced (lag 12) mumps cases per capita on their "
                         "first lag, no intercept, 2 regimes, switching lag coefficient and "
                         "switching variance: y_t = b(S_t) y_(t-1) + e_t, "
                         "e_t ~ N(0, sigma2(S_t)).",
        "dataset": "mumpspc",
        "endog": "load_mumpspc()['mumpspc'].iloc[1:]  # rows 1..521",
        "exog": "load_mumpspc()['mumpspc'].iloc[:-1].values  # rows 0..520",
        "exog_tvtp": None,
        "statsmodels_class": "MarkovRegression",
        "statsmodels_kwargs": {"k_regimes": 2, "trend": "n", "switching_exog": True,
                               "switching_variance": True},
        "test_call": "MarkovRegression(mumpspc[1:], k_regimes=2, trend='n', "
                     "exog=mumpspc[:-1], switching_variance=True)",
        "nobs": 521,
        "rows": (1, 521),
        "llf": "131.7225",
        "llf_tolerance": {"atol": 1e-4, "rtol": 1e-7},
        "llf_fit_statsmodels": "131.7225",
        "at_optimum": True,
        "optimum_note": "Stata's estimates; statsmodels' fit() reaches the same llf "
                        "(the test uses atol 1e-4 for this model).",
        "param_names": ("p[0->0]", "p[1->0]", "x1[0]", "x1[1]", "sigma2[0]", "sigma2[1]"),
        "params": {
            "p[0->0]": "0.762733",
            "p[1->0]": "0.1473767",
            "x1[0]": "0.420275",
            "x1[1]": "0.9847369",
            "sigma2[0]": "0.0562405**2",
            "sigma2[1]": "0.2611362**2",
        },
        "bse_oim": None,
        "notes": "No standard errors in the test. The series is already seasonally "
                 "differenced at lag 12 (test comment).",
        "regimes": "no intercept; regime 0 = smaller lag coefficient (0.420275) and low "
                   "variance (0.0562405**2); regime 1 = lag coefficient 0.9847369 and high "
                   "variance (0.2611362**2).",
        "series": None,
    },
}


def published_value(text: str) -> float:
    """The number a printed parameter denotes: ``"x"``, ``"x**2"`` or ``"np.exp(x)**2"``."""
    if text.startswith("np.exp(") and text.endswith(")**2"):
        return math.exp(float(text[len("np.exp("):-len(")**2")])) ** 2
    if text.endswith("**2"):
        return float(text[:-len("**2")]) ** 2
    return float(text)
