"""Reference numbers for the normal MLE with missing values, Little's MCAR test and the
implied regression, computed outside emstats.

Program: R 4.2.2 Patched (2022-11-10 r83330), ``Rscript tests/results/r_mvn_missing.R``
(the script beside this file; base R plus lavaan 0.6.14 from Debian's r-cran-lavaan).
Numbers are ``sprintf("%.15g")``.  The packages norm, naniar and mvnmle are not in Debian
and nothing was installed from CRAN; what they give was reproduced or read from their
sources as said below.

Log-likelihoods include the full constant:
``-0.5 * sum_i [p_i log(2 pi) + log det Sigma_oo + r_i' Sigma_oo^-1 r_i]``.
Covariance matrices are ML (divisor n).

Apple data (APPLE_*)
    Little & Rubin, Statistical Analysis with Missing Data (1987; 2nd ed. 2002), from
    Snedecor & Cochran; also mvnmle's ``apple`` (data/apple.rda, GitHub indenkun/mvnmle,
    commit 5a02ce5, mvnmle 0.1-11.2).  Rows 13-18 lack worms.  The MLE is the closed
    form of the factored likelihood (Little & Rubin ch. 7), coded in R in the script
    (``monotone_mle(apple, list(1, 2))``: mean and divisor-n variance of size over 18
    rows, then the OLS regression of worms on size over the 12 complete rows).
    Cross-checks, all in the script: plain EM to a relative change < 1e-14 (agrees to
    2e-14); ``nlminb`` on the observed-data log-likelihood over (mu, log-Cholesky)
    (4e-7); lavaan FIML of the saturated model,
    ``lavaan(<all variances, covariances, intercepts>, data, missing = "ml",
    meanstructure = TRUE, control = list(rel.tol = 1e-15))`` (2e-8), whose ``logl``
    equals APPLE_LOGLIK to all 15 digits; ``mvnmle::mlest(apple)`` (mvnmle 0.1-11.2
    built from that GitHub commit into a scratch library; nlm, agrees to 3e-6).
    APPLE_PUBLISHED are the rounded values we were given as Little & Rubin's; the
    book's page was not checked here (mvnmle's documentation does not print them).
    They agree with APPLE_MU / APPLE_SIGMA to every printed digit.

Implied regression (APPLE_REGRESSION)
    slope = Sigma_12 / Sigma_11, intercept = mu_2 - slope * mu_1, residual variance =
    Sigma_22 - Sigma_12^2 / Sigma_11, from the closed-form MLE.  Identical to
    ``lm(worms ~ size)`` on the 12 complete rows with residual variance RSS / 12.

missvals (MISSVALS_*)
    mvnmle's ``missvals`` (data/missvals.rda of GitHub indenkun/mvnmle commit 5a02ce5;
    the rows below were checked against that file value by value).  It is Hald's cement
    data (Draper & Smith 1966); the columns are named x1..x5 (x5 is the heat, usually
    y).  Pattern: x3 and x5 always observed; x4 missing in rows 7-13; x1 and x2 missing
    in rows 10-13.  The pattern is monotone, so the MLE is again closed form:
    ``monotone_mle(missvals, list(c(3, 5), c(1, 2), 4))`` (multivariate regressions of
    {x1, x2} on {x3, x5} over rows 1-9 and of x4 on {x3, x5, x1, x2} over rows 1-6).
    Cross-checks: plain EM (677 iterations, agrees to 7e-14); nlminb (2e-6); lavaan FIML
    as above (4e-6; its logl -132.925250446137 is 1e-9 below the maximum);
    ``mvnmle::mlest(missvals, iterlim = 400)`` (7e-8).  mvnmle's documentation shows
    the call but prints no result; MISSVALS_MLEST_PRINTED is the printout of that call
    run here.  mvnmle's ``value`` is -2 loglik without the 2 pi constant
    (MISSVALS_MVNMLE_OBJECTIVE, APPLE_MVNMLE_OBJECTIVE).

Little's MCAR test (Little 1988, JASA 83: 1198-1202)
    d^2 = sum_j n_j (ybar_obs,j - mu_obs,j)' Sigma_obs,j^-1 (ybar_obs,j - mu_obs,j),
    df = sum_j p_j - p, with the ML mu and Sigma (divisor n, no n / (n - 1) factor),
    p-value from chi-square(df).  This is naniar::mcar_test's definition (GitHub
    njtierney/naniar, R/mcar-test.R, commit 89f2a5d, version 1.1.0.9000), which takes mu
    and Sigma from ``norm::getparam.norm(s, norm::em.norm(s, showits = FALSE))``.
    em.norm stops at its default ``criterion = 1e-4`` (largest absolute change of the
    standardised parameters), so naniar's numbers are not at the exact MLE.
    AIRQUALITY_LITTLE is at the exact MLE (script's ``little_mcar``).
    NANIAR_AIRQUALITY comes from naniar's tests/testthat/test-mcar-test.R (same
    commit); NANIAR_AIRQUALITY_PRINTED from its reference page
    https://naniar.njtierney.com/reference/mcar_test.html (``mcar_test(airquality)``
    prints 35.1, 14, 0.00142, 4).  The script's ``norm_em_replica`` (em.norm's EM path:
    columns scaled by observed sd with divisor n, start mu = 0 and Sigma = I on that
    scale, all-missing rows kept, 8 EM steps) reproduces both naniar unit-test
    statistics to all 15 digits (35.1061288689702; 35.1061229683641 with an all-NA row
    added), and so shows that the gap to AIRQUALITY_LITTLE is only em.norm's stopping
    rule.  APPLE_LITTLE (7.35785445896101, df 1) matches the 4-decimal 7.3578,
    p 0.0067 that GitHub haishuo/pymvnmle reports for BaylorEdPsych::LittleMCAR(apple)
    (tests/references/little_mcar_summary.json); that file gives nothing for missvals.

airquality (AIRQUALITY_*)
    R's ``datasets::airquality`` (New York, May-September 1973), all 153 x 6 values;
    4 missing-data patterns (complete 111, Ozone only missing 35, Solar.R only missing
    5, both 2).  Exact MLE by the script's EM (41 iterations to a relative change of
    1e-14); lavaan FIML agrees to 1e-8 (logl equal to all 15 digits), nlminb to 3e-7.

Not found: a published full-precision MLE or log-likelihood for missvals, and a
checkable page for the apple MLE in Little & Rubin.  We did not check the Stata
``mcartest`` or SPSS MVA worked examples, so their data are not shipped.
"""

# ---------------------------------------------------------------- 1. apple

APPLE_COLUMNS = ("size", "worms")
APPLE_ROWS = [
    [8, 59],
    [6, 58],
    [11, 56],
    [22, 53],
    [14, 50],
    [17, 45],
    [18, 43],
    [24, 42],
    [19, 39],
    [23, 38],
    [26, 30],
    [40, 27],
    [4, None],
    [4, None],
    [5, None],
    [6, None],
    [8, None],
    [10, None],
]

# As given to us for Little & Rubin (printed digits); the page was not checked here.
APPLE_PUBLISHED = {
    "mu": [14.722222, 49.333333],
    "sigma": [[89.533951, -90.696729], [-90.696729, 114.694955]],
}

# Closed-form factored-likelihood MLE (divisor n); EM, nlminb and lavaan agree.
APPLE_MU = [14.7222222222222, 49.3333333333334]
APPLE_SIGMA = [
    [89.5339506172839, -90.6967291967293],
    [-90.6967291967293, 114.694955117033],
]
APPLE_LOGLIK = -101.785632127823
# mvnmle's objective ``value`` = -2 * APPLE_LOGLIK - 30 * log(2 pi) (30 observed values),
# evaluated at the exact MLE above; mlest(apple) itself returned 148.434952266242.
APPLE_MVNMLE_OBJECTIVE = 148.434952263366

# ---------------------------------------------------------------- 4. implied regression

# Regression of worms on size implied by the MLE (equals complete-case OLS, with RSS/12).
APPLE_REGRESSION = {
    "slope": -1.01298701298701,
    "intercept": 64.2467532467533,
    "residual_variance": 22.8203463203463,
}

# ---------------------------------------------------------------- 2. missvals

MISSVALS_COLUMNS = ("x1", "x2", "x3", "x4", "x5")
MISSVALS_ROWS = [
    [7, 26, 6, 60, 78.5],
    [1, 29, 15, 52, 74.3],
    [11, 56, 8, 20, 104.3],
    [11, 31, 8, 47, 87.6],
    [7, 52, 6, 33, 95.9],
    [11, 55, 9, 22, 109.2],
    [3, 71, 17, None, 102.7],
    [1, 31, 22, None, 72.5],
    [2, 54, 18, None, 93.1],
    [None, None, 4, None, 115.9],
    [None, None, 23, None, 83.8],
    [None, None, 9, None, 113.3],
    [None, None, 8, None, 109.4],
]

# Closed-form monotone factored-likelihood MLE (blocks {x3, x5}, {x1, x2}, {x4}).
MISSVALS_MU = [6.6551658459581, 49.96525911993, 11.7692307692308, 27.0470890435536,
               95.4230769230769]
MISSVALS_SIGMA = [
    [21.8255680694695, 20.8643336212919, -24.9003879629328, -11.4734412103301, 46.953031018762],
    [20.8643336212919, 238.012439245926, -15.8173765864612, -252.072312176938, 195.603626698452],
    [-24.9003879629328, -15.8173765864612, 37.8698224852071, -9.59921124065313, -47.5562130177515],
    [-11.4734412103301, -252.072312176938, -9.59921124065313, 294.183043778629, -190.5984908029],
    [46.953031018762, 195.603626698452, -47.5562130177515, -190.5984908029, 208.904852071006],
]
MISSVALS_LOGLIK = -132.925250445116
# -2 * MISSVALS_LOGLIK - 50 * log(2 pi) (50 observed values), at the exact MLE;
# mlest(missvals, iterlim = 400) itself returned 173.956647569798.
MISSVALS_MVNMLE_OBJECTIVE = 173.956647569765

# print(mlest(missvals, iterlim = 400)) as run here (mvnmle 0.1-11.2 built from GitHub;
# the package documentation prints no output).  R's default 7 significant digits.
MISSVALS_MLEST_PRINTED = {
    "muhat": ["6.655165", "49.965258", "11.769231", "27.047091", "95.423076"],
    "sigmahat": [
        ["21.82557", "20.86433", "-24.900387", "-11.473442", "46.95303"],
        ["20.86433", "238.01245", "-15.817376", "-252.072326", "195.60364"],
        ["-24.90039", "-15.81738", "37.869822", "-9.599213", "-47.55621"],
        ["-11.47344", "-252.07233", "-9.599213", "294.183063", "-190.59850"],
        ["46.95303", "195.60364", "-47.556213", "-190.598496", "208.90487"],
    ],
    "value": "173.9566",
}

# ---------------------------------------------------------------- 3. Little's MCAR test

AIRQUALITY_COLUMNS = ("Ozone", "Solar.R", "Wind", "Temp", "Month", "Day")
# datasets::airquality of R 4.2.2, 153 rows, None = NA.
AIRQUALITY_ROWS = [
    [41, 190, 7.4, 67, 5, 1],
    [36, 118, 8, 72, 5, 2],
    [12, 149, 12.6, 74, 5, 3],
    [18, 313, 11.5, 62, 5, 4],
    [None, None, 14.3, 56, 5, 5],
    [28, None, 14.9, 66, 5, 6],
    [23, 299, 8.6, 65, 5, 7],
    [19, 99, 13.8, 59, 5, 8],
    [8, 19, 20.1, 61, 5, 9],
    [None, 194, 8.6, 69, 5, 10],
    [7, None, 6.9, 74, 5, 11],
    [16, 256, 9.7, 69, 5, 12],
    [11, 290, 9.2, 66, 5, 13],
    [14, 274, 10.9, 68, 5, 14],
    [18, 65, 13.2, 58, 5, 15],
    [14, 334, 11.5, 64, 5, 16],
    [34, 307, 12, 66, 5, 17],
    [6, 78, 18.4, 57, 5, 18],
    [30, 322, 11.5, 68, 5, 19],
    [11, 44, 9.7, 62, 5, 20],
    [1, 8, 9.7, 59, 5, 21],
    [11, 320, 16.6, 73, 5, 22],
    [4, 25, 9.7, 61, 5, 23],
    [32, 92, 12, 61, 5, 24],
    [None, 66, 16.6, 57, 5, 25],
    [None, 266, 14.9, 58, 5, 26],
    [None, None, 8, 57, 5, 27],
    [23, 13, 12, 67, 5, 28],
    [45, 252, 14.9, 81, 5, 29],
    [115, 223, 5.7, 79, 5, 30],
    [37, 279, 7.4, 76, 5, 31],
    [None, 286, 8.6, 78, 6, 1],
    [None, 287, 9.7, 74, 6, 2],
    [None, 242, 16.1, 67, 6, 3],
    [None, 186, 9.2, 84, 6, 4],
    [None, 220, 8.6, 85, 6, 5],
    [None, 264, 14.3, 79, 6, 6],
    [29, 127, 9.7, 82, 6, 7],
    [None, 273, 6.9, 87, 6, 8],
    [71, 291, 13.8, 90, 6, 9],
    [39, 323, 11.5, 87, 6, 10],
    [None, 259, 10.9, 93, 6, 11],
    [None, 250, 9.2, 92, 6, 12],
    [23, 148, 8, 82, 6, 13],
    [None, 332, 13.8, 80, 6, 14],
    [None, 322, 11.5, 79, 6, 15],
    [21, 191, 14.9, 77, 6, 16],
    [37, 284, 20.7, 72, 6, 17],
    [20, 37, 9.2, 65, 6, 18],
    [12, 120, 11.5, 73, 6, 19],
    [13, 137, 10.3, 76, 6, 20],
    [None, 150, 6.3, 77, 6, 21],
    [None, 59, 1.7, 76, 6, 22],
    [None, 91, 4.6, 76, 6, 23],
    [None, 250, 6.3, 76, 6, 24],
    [None, 135, 8, 75, 6, 25],
    [None, 127, 8, 78, 6, 26],
    [None, 47, 10.3, 73, 6, 27],
    [None, 98, 11.5, 80, 6, 28],
    [None, 31, 14.9, 77, 6, 29],
    [None, 138, 8, 83, 6, 30],
    [135, 269, 4.1, 84, 7, 1],
    [49, 248, 9.2, 85, 7, 2],
    [32, 236, 9.2, 81, 7, 3],
    [None, 101, 10.9, 84, 7, 4],
    [64, 175, 4.6, 83, 7, 5],
    [40, 314, 10.9, 83, 7, 6],
    [77, 276, 5.1, 88, 7, 7],
    [97, 267, 6.3, 92, 7, 8],
    [97, 272, 5.7, 92, 7, 9],
    [85, 175, 7.4, 89, 7, 10],
    [None, 139, 8.6, 82, 7, 11],
    [10, 264, 14.3, 73, 7, 12],
    [27, 175, 14.9, 81, 7, 13],
    [None, 291, 14.9, 91, 7, 14],
    [7, 48, 14.3, 80, 7, 15],
    [48, 260, 6.9, 81, 7, 16],
    [35, 274, 10.3, 82, 7, 17],
    [61, 285, 6.3, 84, 7, 18],
    [79, 187, 5.1, 87, 7, 19],
    [63, 220, 11.5, 85, 7, 20],
    [16, 7, 6.9, 74, 7, 21],
    [None, 258, 9.7, 81, 7, 22],
    [None, 295, 11.5, 82, 7, 23],
    [80, 294, 8.6, 86, 7, 24],
    [108, 223, 8, 85, 7, 25],
    [20, 81, 8.6, 82, 7, 26],
    [52, 82, 12, 86, 7, 27],
    [82, 213, 7.4, 88, 7, 28],
    [50, 275, 7.4, 86, 7, 29],
    [64, 253, 7.4, 83, 7, 30],
    [59, 254, 9.2, 81, 7, 31],
    [39, 83, 6.9, 81, 8, 1],
    [9, 24, 13.8, 81, 8, 2],
    [16, 77, 7.4, 82, 8, 3],
    [78, None, 6.9, 86, 8, 4],
    [35, None, 7.4, 85, 8, 5],
    [66, None, 4.6, 87, 8, 6],
    [122, 255, 4, 89, 8, 7],
    [89, 229, 10.3, 90, 8, 8],
    [110, 207, 8, 90, 8, 9],
    [None, 222, 8.6, 92, 8, 10],
    [None, 137, 11.5, 86, 8, 11],
    [44, 192, 11.5, 86, 8, 12],
    [28, 273, 11.5, 82, 8, 13],
    [65, 157, 9.7, 80, 8, 14],
    [None, 64, 11.5, 79, 8, 15],
    [22, 71, 10.3, 77, 8, 16],
    [59, 51, 6.3, 79, 8, 17],
    [23, 115, 7.4, 76, 8, 18],
    [31, 244, 10.9, 78, 8, 19],
    [44, 190, 10.3, 78, 8, 20],
    [21, 259, 15.5, 77, 8, 21],
    [9, 36, 14.3, 72, 8, 22],
    [None, 255, 12.6, 75, 8, 23],
    [45, 212, 9.7, 79, 8, 24],
    [168, 238, 3.4, 81, 8, 25],
    [73, 215, 8, 86, 8, 26],
    [None, 153, 5.7, 88, 8, 27],
    [76, 203, 9.7, 97, 8, 28],
    [118, 225, 2.3, 94, 8, 29],
    [84, 237, 6.3, 96, 8, 30],
    [85, 188, 6.3, 94, 8, 31],
    [96, 167, 6.9, 91, 9, 1],
    [78, 197, 5.1, 92, 9, 2],
    [73, 183, 2.8, 93, 9, 3],
    [91, 189, 4.6, 93, 9, 4],
    [47, 95, 7.4, 87, 9, 5],
    [32, 92, 15.5, 84, 9, 6],
    [20, 252, 10.9, 80, 9, 7],
    [23, 220, 10.3, 78, 9, 8],
    [21, 230, 10.9, 75, 9, 9],
    [24, 259, 9.7, 73, 9, 10],
    [44, 236, 14.9, 81, 9, 11],
    [21, 259, 15.5, 76, 9, 12],
    [28, 238, 6.3, 77, 9, 13],
    [9, 24, 10.9, 71, 9, 14],
    [13, 112, 11.5, 71, 9, 15],
    [46, 237, 6.9, 78, 9, 16],
    [18, 224, 13.8, 67, 9, 17],
    [13, 27, 10.3, 76, 9, 18],
    [24, 238, 10.3, 68, 9, 19],
    [16, 201, 8, 82, 9, 20],
    [13, 238, 12.6, 64, 9, 21],
    [23, 14, 9.2, 71, 9, 22],
    [36, 139, 10.3, 81, 9, 23],
    [7, 49, 10.3, 69, 9, 24],
    [14, 20, 16.6, 63, 9, 25],
    [30, 193, 6.9, 70, 9, 26],
    [None, 145, 13.2, 77, 9, 27],
    [14, 191, 14.3, 75, 9, 28],
    [18, 131, 8, 76, 9, 29],
    [20, 223, 11.5, 68, 9, 30],
]
AIRQUALITY_COLUMN_SUMS = [4887, 27146, 1523.5, 11916, 1070, 2418]  # NAs skipped
AIRQUALITY_NA_COUNTS = [37, 7, 0, 0, 0, 0]

# Exact MLE (EM to relative change < 1e-14; nlminb and lavaan agree).
AIRQUALITY_MU = [42.5221634210368, 185.534490479283, 9.95751633986928, 77.8823529411765,
                 6.99346405228758, 15.8039215686275]
AIRQUALITY_SIGMA = [
    [1043.6937085191, 898.376434937944, -65.236509616632, 209.484642270106, 7.42261862129817,
     -6.77275506501837],
    [898.376434937944, 8050.7925693257, -17.0687962356155, 232.954268070982, -7.32099352402201,
     -119.301459324881],
    [-65.236509616632, -17.0687962356155, 12.3304173608442, -15.1723183391006, -0.883937801700171,
     0.843303857490781],
    [209.484642270106, 232.954268070982, -15.1723183391006, 89.0057670126889, 5.60707420222991,
     -10.8858131487889],
    [7.42261862129817, -7.32099352402201, -0.883937801700171, 5.60707420222991, 1.99342133367508,
     -0.0993207740612547],
    [-6.77275506501837, -119.301459324881, 0.843303857490781, -10.8858131487889,
     -0.0993207740612547, 78.0661284121492],
]
AIRQUALITY_LOGLIK = -3123.97928547469

# Little's d^2 at the exact MLE (ML Sigma, divisor n; df = sum_j p_j - p).
AIRQUALITY_LITTLE = {
    "statistic": 35.1061749071552,
    "df": 14,
    "p_value": 0.0014177588710869,
    "patterns": 4,
}

# naniar::mcar_test(airquality): naniar's own unit test (full digits) and its documentation
# (printed digits).  These use norm::em.norm's default stopping rule (1e-4), not the exact
# MLE, hence the difference from AIRQUALITY_LITTLE in the 7th significant digit.
NANIAR_AIRQUALITY = {
    "statistic": 35.1061288689702,
    "df": 14,
    "p_value": 0.00141778113856683,
    "patterns": 4,
}
NANIAR_AIRQUALITY_PRINTED = {
    "statistic": "35.1",
    "df": "14",
    "p_value": "0.00142",
    "patterns": "4",
}
# naniar's unit test with one all-NA row appended (dplyr::add_row(airquality, Ozone = NA)).
NANIAR_AIRQUALITY_ALL_NA_ROW = {"statistic": 35.1061229683641, "patterns": 5}

# Little's d^2 for the other two data sets, at the closed-form MLEs above.
APPLE_LITTLE = {
    "statistic": 7.35785445896101,
    "df": 1,
    "p_value": 0.00667704202538306,
    "patterns": 2,
}
MISSVALS_LITTLE = {
    "statistic": 11.1606888748448,
    "df": 6,
    "p_value": 0.0835353083408976,
    "patterns": 3,
}
