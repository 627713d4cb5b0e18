"""Reference standard errors of ML factor analysis, from lavaan.

Program: ``Rscript tests/results/lavaan_factor_se.R`` (the script beside this file),
R 4.2.2 Patched (2022-11-10 r83330), lavaan 0.6-14 (Debian r-cran-lavaan); run on the
date in GENERATED. Numbers are ``sprintf("%.17g")``.

ability.cov (the covariance matrix as given, n = 112), two factors, ``std.lv = TRUE``,
observed information from the Hessian; covariance-scale estimates and standard errors
from ``parameterEstimates`` (lavaan's bordered information matrix through the rotation).
Loadings are p x 2 raveled row-major, columns F1, F2 as lavaan names them. The residual
variances do not depend on the rotation and are given once, UNROTATED_PSI.

lavaan 0.6-14's ``standardizedSolution`` standard errors of rotated loadings are not
kept: it differentiates the rotated standardised solution by forward differences with a
step of 1e-3, which are 1 to 2% off on these data; nor are its standard errors of the
oblique (quartimin) solution, whose two methods disagree with each other (see the R
script): only the quartimin estimates are kept.
"""

import numpy as np

GENERATED = "2026-11-24"
R_VERSION = "R version 4.2.2 Patched (2022-11-10 r83330)"
LAVAAN_VERSION = "0.6.14"
NOBS = 112
# sem(..., rotation = "none"): the unrotated solution's residual variances
UNROTATED_PSI = np.array([
    11.217176743497879, 3.9485245271712963, 32.690092165418477,
    9.7801159068353272, 2.7591733434709376, 45.131838703993139,
])
UNROTATED_PSI_SE = np.array([
    1.8974558776057688, 0.6620702473862482, 17.891419155900739,
    1.3951643275031922, 6.8700778604573784, 12.649048738172757,
])
# sem(..., rotation = "varimax", rotation.args = list(row.weights = "kaiser"))
VARIMAX_LOADINGS = np.array([
    2.6898945283521201, 2.4876274515322243, 1.6075414793605878,
    0.40900555084176921, 10.518031522875159, 2.5518466304184084,
    1.6664625292976558, 0.3921564118185355, 1.2990370433208114,
    6.9395482165853828, 2.5864437335407864, 9.1362177862849467,
])
VARIMAX_LOADINGS_SE = np.array([
    0.48882720191617124, 0.43736312380206693, 0.25193087325138214,
    0.19470514459327662, 1.2224979578504742, 0.85566844676331588,
    0.34838974060010586, 0.27191585510741578, 0.51601949845230299,
    0.71018413395422997, 0.85858307933102218, 1.1015566042408989,
])
VARIMAX_PSI_SE = np.array([
    1.8974558737732761, 0.66207024710094009, 17.891419122075764,
    1.3951643275417742, 6.8700778754221901, 12.649048748239119,
])
# sem(..., rotation = "oblimin",
#     rotation.args = list(oblimin.gamma = 0, row.weights = "none")): quartimin,
#     as GPArotation::oblimin
QUARTIMIN_LOADINGS = np.array([
    2.3554448630155393, 1.9179178234658125, 1.6717952661141218,
    -0.028478652849521485, 10.968892167361487, -0.32176700697179511,
    1.7408753262104739, -0.064229192468954269, -0.26888282549367959,
    7.1809811884657604, 0.61187055504651466, 9.1955513313143182,
])
QUARTIMIN_PHI = 0.46455423002508944
