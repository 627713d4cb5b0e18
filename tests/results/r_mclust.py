"""Reference numbers from R's mclust (and mixtools) for Gaussian mixture models.

GENERATED FILE -- do not edit by hand.  Produced by ``tests/results/r_mclust.R``; to
regenerate, run from the repository root (needs Debian's r-cran-mclust and
r-cran-mixtools)::

    Rscript tests/results/r_mclust.R tests/results/r_mclust.py

R 4.2.2 Patched (2022-11-10 r83330), mclust 6.0.0, mixtools 2.0.0.
Floats are the shortest of ``sprintf("%.15g")``, ``%.16g``, ``%.17g`` that reads back
as the same double, so they are the exact R doubles.

Data: ``datasets::faithful`` (272 x 2: eruptions, waiting) and ``iris[, 1:4]``
(150 x 4).  ``FAITHFUL_HEAD``/``IRIS_HEAD`` are the first 3 rows and ``*_COLSUMS`` the
column sums (``colSums``), to check the Python copy of the data is the same.  R's
``colSums`` accumulates in long double: ``math.fsum`` reproduces it exactly, a plain
``numpy.sum`` of eruptions gives 948.6769999999999.  ``START_COUNTS`` are the class
sizes of the start partitions.

``FAITHFUL_ME[(model, G)]`` (G = 2, 3) and ``IRIS_ME[(model, 3)]`` come from::

    control <- emControl(tol = c(1e-12, 1e-12),
                         itmax = c(.Machine$integer.max, .Machine$integer.max))
    cl2 <- ifelse(faithful$waiting < 68, 1, 2)
    cl3 <- ifelse(faithful$waiting < 60, 1, ifelse(faithful$waiting < 75, 2, 3))
    fit <- me(data = faithful, modelName = m, z = unmap(cl), control = control)
    # iris: me(data = iris[, 1:4], modelName = m, z = unmap(as.integer(iris$Species)),
    #          control = control)
    nMclustParams(m, d, G); bic(m, fit$loglik, n, d, G)   # = 2 * loglik - npar * log(n)
    sum(dens(m, data, logarithm = TRUE, parameters = fit$parameters))

``me`` starts with an M-step from ``z`` (the 0/1 indicator matrix of the partition),
then alternates E- and M-steps; one iteration = one M-step followed by one E-step, and
``loglik`` is that of the parameters of the last M-step (so it equals ``loglik_dens``).
Stopping rule (mclust Fortran): ``err = |l_new - l_old| / (1 + |l_new|)``; stop when
``err <= tol[1]`` (1e-12 here) or ``iterations >= itmax[1]``; ``l_old`` starts at
DBL_MAX/2, so at least 2 iterations are done.  ``error`` is that final ``err``.
Models with an iterative M-step (VEI, VEE, EVE, VVE, VEV; the others, EVV included,
have closed-form M-steps and ``inner_*`` None) run an inner loop stopping on a relative
change ``<= tol[2]`` (1e-12 here; of the scale/shape parameters for VEI and VEV, of the
M-step objective for VEE, EVE, VVE) or after ``itmax[2]`` steps, warm-started from the
previous outer iteration (initially shape = 1, scale = 1, orientation = I).
``inner_iterations`` is what mclust reports (VEI, VEV: the largest inner count over the
outer iterations; VEE, EVE, VVE: that of the last outer iteration) and ``inner_error``
the final inner change.
``returncode`` 0 means converged; ``warning`` is mclust's WARNING attribute (None if
none).  A failed fit (singular covariance, mixing proportion below threshold) would
have ``loglik`` etc. None.  ``mean`` is a list of per-component mean vectors, ``sigma``
a list of G d x d covariance matrices (``fit$parameters$variance$sigma[, , k]``).
``loglik_dens_absdiff`` = |loglik - loglik_dens|; ``restart_loglik_absdiff`` is the
change in loglik when ``me`` is run again from ``fit$z`` (a convergence check) and
``restart_iterations`` its iteration count.

The loglik-based stopping rule leaves the parameters short of the fixed point when EM
is slow (faithful G = 3 needs 56-415 iterations).  Each entry's ``polished`` dict is
the fit continued by plain EM steps, ``estep``/``mstep`` with no loglik-based stop
(inner M-step loops: ``emControl(tol = c(1e-12, 1e-15), itmax = c(., 10000))``), from
``mstep(z = fit$z)`` until the largest relative parameter change of one step,
max |p_new - p_old| / (1 + |p_old|) over pro, mean and sigma, stayed below 1e-13 for
10 consecutive steps (``converged``), at most 20000 steps (``iterations`` counts
M-steps).  ``last_steps_max`` is the largest change over the last 10 steps,
``loglik_gain`` = polished loglik - loglik, ``me_param_maxreldiff`` the largest
relative difference between ``me``'s and the polished parameters (so the accuracy of
the ``me`` values).  For VVE (and EVE) mclust's M-step is an MM loop stopped on the
change of its objective, so it is inexact: polishing does not converge there (or, for
faithful VVE G = 3, lowers the loglik) and those numbers are good to ~1e-6 only.

``N_PARAMS[(model, d, G)] = nMclustParams(model, d, G)`` (means + covariance
parameters + G - 1 mixing proportions).

``FAITHFUL_BIC`` = ``mclustBIC(faithful)`` (G = 1:9, all 14 models, default
hierarchical-clustering starts: ``hcUse = "SVD"``, ``hcModelName = "VVV"``,
default ``emControl()``: tol = c(1e-5, sqrt(.Machine$double.eps))), and ``IRIS_BIC`` =
``mclustBIC(iris[, 1:4], G = 1:5)``.  ``bic[i][j]`` is row G[i], column models[j]
(NA -> None); ``return_codes`` likewise; ``best``/``top3`` from ``pickBIC(b, 3)``
(what ``summary(b)`` prints).

``FAITHFUL_VVV_PRIOR`` = ``me(faithful, "VVV", z = unmap(cl2), prior = priorControl(),
control = control)`` (same tight control as above); ``FAITHFUL_VVV_PRIOR_DEFAULT_CONTROL``
is the same with the default ``emControl()``.  ``loglik`` is what mclust returns: the
plain mixture log-likelihood at the MAP estimate (no prior term); ``bic`` uses it too
(as mclustBIC does with a prior).  These two have no ``polished`` entry.
``priorControl()`` = ``list(functionName = "defaultPrior")``, and
``defaultPrior(data, G, "VVV")`` gives the conjugate prior (Fraley & Raftery 2007)
mu_k | Sigma_k ~ N(mean, Sigma_k / shrinkage), Sigma_k ~ inverse Wishart(dof, scale)
with shrinkage = 0.01, mean = colMeans(data), dof = d + 2,
scale = var(data) / G^(2/d) (for n > d; the EII..VVI models use the scalar
sum(apply(data, 2, var)) / G^(2/d) / d).  ``FAITHFUL_VVV_PRIOR_HYPER`` holds
``defaultPrior(faithful, G = 2, modelName = "VVV")``.  The M-step (Fortran mevvvp) is
    n_k = sum_i z_ik,  xbar_k = sum_i z_ik x_i / n_k,  pro_k = n_k / n,
    mu_k = (n_k xbar_k + shrinkage mean) / (n_k + shrinkage),
    Sigma_k = (scale + W_k + n_k shrinkage / (n_k + shrinkage)
               (xbar_k - mean)(xbar_k - mean)^T) / (dof + n_k + d + 2),
with W_k = sum_i z_ik (x_i - xbar_k)(x_i - xbar_k)^T.

``MIXTOOLS_WAITING``::

    set.seed(1)
    fit <- normalmixEM(faithful$waiting, lambda = .5, mu = c(55, 80), sigma = 5,
                       arbvar = FALSE, epsilon = 1e-8)

(no random numbers are drawn: all starting values are given; lambda = .5 is recycled
to c(.5, .5)).  mixtools first does an E-step at the start values, giving
``all_loglik[0]``; each iteration is then an M-step plus an E-step that appends the
new loglik, and the loop stops when ``loglik_new - loglik_old <= epsilon`` (signed
gain, not relative) or at maxit = 1000.  ``iterations`` = ``len(all_loglik) - 1``
(= the 'number of iterations=' it prints).  Caution: with ``arbvar = FALSE`` (ECM =
FALSE) the pooled sigma update uses the squared residuals stored by the *previous*
E-step, i.e. sigma^2 = sum_ik post_ik (x_i - mu_k_old)^2 / n around the means of the
previous iteration, not the ones just updated; the fixed point is the MLE, but the
path (and so the values at stop) differ from textbook EM.  ``MIXTOOLS_REIMPL`` is an R
re-implementation of exactly that loop (matches ``all_loglik`` to < 1e-9);
``MIXTOOLS_TEXTBOOK_EM`` is the same start and stopping rule with the exact EM M-step
(sigma around the new means); ``MIXTOOLS_MLE`` is textbook EM from the same start run
until the largest relative parameter change of one step is below 1e-14.  mixtools
returns ``sigma`` per component (equal values here) and no ``scale`` (arbmean = TRUE).
"""

R_VERSION = "4.2.2 Patched (2022-11-10 r83330)"

MCLUST_VERSION = "6.0.0"

MIXTOOLS_VERSION = "2.0.0"


MODELS = [
    "EII", "VII", "EEI", "VEI", "EVI", "VVI", "EEE", "VEE", "EVE", "VVE", "EEV", "VEV", "EVV",
    "VVV",
]


# --- data checks -------------------------------------------------------------------
FAITHFUL_COLUMNS = ["eruptions", "waiting"]

FAITHFUL_HEAD = [[3.6, 79.0], [1.8, 54.0], [3.333, 74.0]]

FAITHFUL_COLSUMS = [948.677, 19284.0]

IRIS_COLUMNS = ["Sepal.Length", "Sepal.Width", "Petal.Length", "Petal.Width"]

IRIS_HEAD = [[5.1, 3.5, 1.4, 0.2], [4.9, 3.0, 1.4, 0.2], [4.7, 3.2, 1.3, 0.2]]

IRIS_COLSUMS = [876.5, 458.6, 563.7, 179.9]

# sizes of the start partitions (class 1, 2[, 3])
START_COUNTS = {
    "faithful_G2": [100, 172],
    "faithful_G3": [77, 49, 146],
    "iris_G3": [50, 50, 50],
}


# --- me() from fixed partitions ----------------------------------------------------
FAITHFUL_ME = {
    ("EII", 2): {
        "loglik": -1709.6813729497428,
        "npar": 6,
        "bic": -3452.9975582972615,
        "iterations": 7,
        "error": 1.5617406775472414e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.3657385055068335, 0.6342614944931667],
        "mean": [[2.0942946820216117, 54.69812017565468], [4.291319754980213, 80.23796263577303]],
        "sigma": [
            [[16.50465348501613, 0.0], [0.0, 16.50465348501613]],
            [[16.50465348501613, 0.0], [0.0, 16.50465348501613]],
        ],
        "loglik_dens": -1709.6813729497426,
        "loglik_dens_absdiff": 2.2737367544323206e-13,
        "restart_loglik_absdiff": 7.73070496506989e-12,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1709.6813729497355,
            "loglik_gain": 7.275957614183426e-12,
            "me_param_maxreldiff": 3.088250776014051e-08,
            "converged": True,
            "iterations": 17,
            "last_steps_max": 8.057441914709807e-14,
            "pro": [0.3657384684839768, 0.6342615315160227],
            "mean": [
                [2.09429459227687, 54.698118939012836],
                [4.291319678486472, 80.23796185806489],
            ],
            "sigma": [
                [[16.504654025603745, 0.0], [0.0, 16.504654025603745]],
                [[16.504654025603745, 0.0], [0.0, 16.504654025603745]],
            ],
        },
    },
    ("VII", 2): {
        "loglik": -1709.5292821774979,
        "npar": 7,
        "bic": -3458.2991788190675,
        "iterations": 10,
        "error": 2.658518364021061e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.367050673648926, 0.632949326351074],
        "mean": [[2.0976759729142294, 54.74289687579523], [4.293913582226452, 80.26494307317765]],
        "sigma": [
            [[17.351750686984207, 0.0], [0.0, 17.351750686984207]],
            [[15.998818828663174, 0.0], [0.0, 15.998818828663174]],
        ],
        "loglik_dens": -1709.5292821774979,
        "loglik_dens_absdiff": 0.0,
        "restart_loglik_absdiff": 7.844391802791506e-11,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1709.5292821774183,
            "loglik_gain": 7.958078640513122e-11,
            "me_param_maxreldiff": 8.824463998785143e-07,
            "converged": True,
            "iterations": 27,
            "last_steps_max": 5.130137019275358e-14,
            "pro": [0.36705058175990674, 0.6329494182400924],
            "mean": [
                [2.0976757278478053, 54.74289370788065],
                [4.293913405500893, 80.26494120508075],
            ],
            "sigma": [
                [[17.351734492562173, 0.0], [0.0, 17.351734492562173]],
                [[15.99882884998947, 0.0], [0.0, 15.99882884998947]],
            ],
        },
    },
    ("EEI", 2): {
        "loglik": -1157.6800123416936,
        "npar": 7,
        "bic": -2354.600639147459,
        "iterations": 7,
        "error": 2.2115694539913633e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.35900484570566166, 0.6409951542943383],
        "mean": [[2.0455238886416116, 54.5850138707454], [4.295555249926151, 80.0330142861958]],
        "sigma": [
            [[0.1329220590749773, 0.0], [0.0, 35.11769868524596]],
            [[0.1329220590749773, 0.0], [0.0, 35.11769868524596]],
        ],
        "loglik_dens": -1157.680012341694,
        "loglik_dens_absdiff": 4.547473508864641e-13,
        "restart_loglik_absdiff": 2.7284841053187847e-12,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1157.6800123416917,
            "loglik_gain": 1.8189894035458565e-12,
            "me_param_maxreldiff": 1.8536399433500437e-08,
            "converged": True,
            "iterations": 16,
            "last_steps_max": 1.589405519078496e-14,
            "pro": [0.35900482812050705, 0.6409951718794931],
            "mean": [
                [2.0455238321885654, 54.585013238986335],
                [4.295555219816355, 80.03301394188358],
            ],
            "sigma": [
                [[0.13292205689990733, 0.0], [0.0, 35.11769852995988]],
                [[0.13292205689990733, 0.0], [0.0, 35.11769852995988]],
            ],
        },
    },
    ("VEI", 2): {
        "loglik": -1152.880196366245,
        "npar": 8,
        "bic": -2350.606809262858,
        "iterations": 7,
        "error": 5.172598506483427e-13,
        "inner_iterations": 9,
        "inner_error": 5.392613231384654e-14,
        "returncode": 0,
        "warning": None,
        "pro": [0.3567618253258459, 0.6432381746741538],
        "mean": [[2.038585081823138, 54.50112805470687], [4.2915577185082645, 79.99080110952555]],
        "sigma": [
            [[0.09520748412153178, 0.0], [0.0, 26.966137810392965]],
            [[0.1468375118377846, 0.0], [0.0, 41.589593680455316]],
        ],
        "loglik_dens": -1152.880196366244,
        "loglik_dens_absdiff": 9.094947017729282e-13,
        "restart_loglik_absdiff": 3.410605131648481e-12,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1152.8801963662413,
            "loglik_gain": 3.637978807091713e-12,
            "me_param_maxreldiff": 1.65228015325273e-07,
            "converged": True,
            "iterations": 16,
            "last_steps_max": 1.2957701115875063e-14,
            "pro": [0.35676181724922024, 0.6432381827507799],
            "mean": [
                [2.0385850585381617, 54.501127751703216],
                [4.291557703134131, 79.99080095752834],
            ],
            "sigma": [
                [[0.0952074649509452, 0.0], [0.0, 26.96613318960428]],
                [[0.14683752098485833, 0.0], [0.0, 41.58959751894637]],
            ],
        },
    },
    ("EVI", 2): {
        "loglik": -1153.8855682222263,
        "npar": 8,
        "bic": -2352.6175529748207,
        "iterations": 8,
        "error": 2.992573430506406e-14,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.3576294463623541, 0.6423705536376458],
        "mean": [[2.041130007326962, 54.53509580406895], [4.293183861159701, 80.00631786866268]],
        "sigma": [
            [[0.09856152534446251, 0.0], [0.0, 45.92503512286878]],
            [[0.14524978697592517, 0.0], [0.0, 31.163154228640707]],
        ],
        "loglik_dens": -1153.8855682222268,
        "loglik_dens_absdiff": 4.547473508864641e-13,
        "restart_loglik_absdiff": 9.094947017729282e-13,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1153.8855682222265,
            "loglik_gain": -2.2737367544323206e-13,
            "me_param_maxreldiff": 6.332082009675534e-08,
            "converged": True,
            "iterations": 16,
            "last_steps_max": 7.510472260662808e-14,
            "pro": [0.35762944153524157, 0.6423705584647584],
            "mean": [
                [2.041129992793142, 54.53509561750782],
                [4.293183852328046, 80.00631778112327],
            ],
            "sigma": [
                [[0.09856151797678751, 0.0], [0.0, 45.92503809420067]],
                [[0.14524978872132513, 0.0], [0.0, 31.163153540901835]],
            ],
        },
    },
    ("VVI", 2): {
        "loglik": -1147.806352537811,
        "npar": 9,
        "bic": -2346.064923672286,
        "iterations": 7,
        "error": 7.75852958828528e-14,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.35651673883119106, 0.6434832611688088],
        "mean": [[2.037915678320248, 54.49295381835057], [4.291070495869873, 79.98562160800341]],
        "sigma": [
            [[0.07033675580281155, 0.0], [0.0, 33.75584686190051]],
            [[0.16815111294339824, 0.0], [0.0, 35.77335039720994]],
        ],
        "loglik_dens": -1147.806352537811,
        "loglik_dens_absdiff": 0.0,
        "restart_loglik_absdiff": 1.1368683772161603e-12,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1147.8063525378107,
            "loglik_gain": 4.547473508864641e-13,
            "me_param_maxreldiff": 2.286784315224392e-08,
            "converged": True,
            "iterations": 15,
            "last_steps_max": 1.0627220297038551e-14,
            "pro": [0.35651673625471003, 0.6434832637452899],
            "mean": [
                [2.0379156718780447, 54.49295374574358],
                [4.291070490417584, 79.98562154615912],
            ],
            "sigma": [
                [[0.07033675047440534, 0.0], [0.0, 33.755846324160025]],
                [[0.16815111974669483, 0.0], [0.0, 35.77335123813717]],
            ],
        },
    },
    ("EEE", 2): {
        "loglik": -1140.1867594370824,
        "npar": 8,
        "bic": -2325.219935404533,
        "iterations": 7,
        "error": 1.6935670040728575e-14,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.35924785280520877, 0.640752147194791],
        "mean": [[2.046195100627671, 54.59651401201875], [4.296032255163772, 80.03621777715533]],
        "sigma": [
            [[0.1327766004113302, 0.7515170829346074], [0.7515170829346074, 35.17054481579482]],
            [[0.1327766004113302, 0.7515170829346074], [0.7515170829346074, 35.17054481579482]],
        ],
        "loglik_dens": -1140.1867594370822,
        "loglik_dens_absdiff": 2.2737367544323206e-13,
        "restart_loglik_absdiff": 2.2737367544323206e-13,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1140.186759437082,
            "loglik_gain": 4.547473508864641e-13,
            "me_param_maxreldiff": 4.4680124801582455e-09,
            "converged": True,
            "iterations": 15,
            "last_steps_max": 1.1954360823082327e-14,
            "pro": [0.35924784853326147, 0.6407521514667386],
            "mean": [
                [2.0461950870172334, 54.59651385562174],
                [4.296032247794827, 80.03621769523315],
            ],
            "sigma": [
                [
                    [0.13277660003368247, 0.7515170766446065],
                    [0.7515170766446065, 35.170544721832925],
                ],
                [
                    [0.13277660003368247, 0.7515170766446065],
                    [0.7515170766446065, 35.170544721832925],
                ],
            ],
        },
    },
    ("VEE", 2): {
        "loglik": -1136.2598541365355,
        "npar": 9,
        "bic": -2322.971926869735,
        "iterations": 8,
        "error": 1.4994836576896416e-13,
        "inner_iterations": 6,
        "inner_error": 3.2111589602096702e-15,
        "returncode": 0,
        "warning": None,
        "pro": [0.3571191933772239, 0.6428808066227765],
        "mean": [[2.039676665314718, 54.5168328349718], [4.2922037403223925, 79.99624646781501]],
        "sigma": [
            [[0.09835856724566366, 0.561739982801182], [0.561739982801182, 27.68032608022246]],
            [[0.14534735281674524, 0.8300997234694407], [0.8300997234694407, 40.90403341089764]],
        ],
        "loglik_dens": -1136.2598541365355,
        "loglik_dens_absdiff": 0.0,
        "restart_loglik_absdiff": 2.9558577807620168e-12,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1136.2598541365332,
            "loglik_gain": 2.2737367544323206e-12,
            "me_param_maxreldiff": 1.6172601276205904e-07,
            "converged": True,
            "iterations": 17,
            "last_steps_max": 4.892978295136913e-14,
            "pro": [0.3571191830119505, 0.6428808169880498],
            "mean": [
                [2.0396766354568534, 54.51683244562849],
                [4.292203720590518, 79.99624627328582],
            ],
            "sigma": [
                [[0.0983585483450784, 0.561739844104878], [0.561739844104878, 27.68032144186843]],
                [
                    [0.14534736100549797, 0.830099724792952],
                    [0.830099724792952, 40.904036721286055],
                ],
            ],
        },
    },
    ("EVE", 2): {
        "loglik": -1136.910260670454,
        "npar": 9,
        "bic": -2324.2727399375717,
        "iterations": 7,
        "error": 1.350762093568455e-13,
        "inner_iterations": 2,
        "inner_error": 6.263670551380364e-16,
        "returncode": 0,
        "warning": None,
        "pro": [0.3586694474388313, 0.6413305525611686],
        "mean": [[2.0442211056838513, 54.576842897850376], [4.295107137522728, 80.02427536540378]],
        "sigma": [
            [[0.10835637512884895, 0.9202475811104076], [0.9202475811104077, 44.731482930323125]],
            [[0.14025253225414405, 0.646790338417161], [0.6467903384171609, 31.503341898965747]],
        ],
        "loglik_dens": -1136.9102606704535,
        "loglik_dens_absdiff": 4.547473508864641e-13,
        "restart_loglik_absdiff": 1.3642420526593924e-12,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1136.910260670452,
            "loglik_gain": 1.8189894035458565e-12,
            "me_param_maxreldiff": 6.731800980389565e-08,
            "converged": False,
            "iterations": 20001,
            "last_steps_max": 6.409029454264596e-10,
            "pro": [0.3586694367619693, 0.6413305632380304],
            "mean": [
                [2.0442210728729053, 54.57684249196769],
                [4.295107118399802, 80.02427516874856],
            ],
            "sigma": [
                [
                    [0.10835636652826075, 0.9202475735307938],
                    [0.9202475735307939, 44.73148600887575],
                ],
                [[0.14025253150491357, 0.646790274134272], [0.646790274134272, 31.50334120922507]],
            ],
        },
    },
    ("VVE", 2): {
        "loglik": -1132.1874464022646,
        "npar": 10,
        "bic": -2320.4329134674895,
        "iterations": 10,
        "error": 5.995411830420183e-13,
        "inner_iterations": 2,
        "inner_error": 2.0857978040093007e-16,
        "returncode": 0,
        "warning": None,
        "pro": [0.3568158791881648, 0.643184120811835],
        "mean": [[2.038813360949918, 54.5061955186169], [4.2916204194582495, 79.99013203779555]],
        "sigma": [
            [[0.08068300653977663, 0.6912392502922483], [0.6912392502922483, 33.91617325106383]],
            [[0.1600262247874935, 0.7272830927100393], [0.7272830927100393, 35.75982756418458]],
        ],
        "loglik_dens": -1132.1874464022646,
        "loglik_dens_absdiff": 0.0,
        "restart_loglik_absdiff": 8.139977580867708e-11,
        "restart_iterations": 3,
        "polished": {
            "loglik": -1132.1874464016619,
            "loglik_gain": 6.027676136000082e-10,
            "me_param_maxreldiff": 5.038727476238658e-10,
            "converged": False,
            "iterations": 20001,
            "last_steps_max": 9.27642099446147e-11,
            "pro": [0.356815879140122, 0.6431841208598774],
            "mean": [
                [2.0388133608182435, 54.5061955169469],
                [4.291620419363027, 79.99013203681852],
            ],
            "sigma": [
                [
                    [0.08068300646000359, 0.6912392497563438],
                    [0.6912392497563438, 33.91617323347052],
                ],
                [
                    [0.1600262248518817, 0.7272830927447326],
                    [0.7272830927447326, 35.75982757512025],
                ],
            ],
        },
    },
    ("EEV", 2): {
        "loglik": -1139.331598655403,
        "npar": 9,
        "bic": -2329.11541590747,
        "iterations": 10,
        "error": 4.526211883146357e-14,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.3579063775985296, 0.6420936224014697],
        "mean": [[2.0420477272526765, 54.54627537372306], [4.293643616922905, 80.01107190705952]],
        "sigma": [
            [[0.12340173747398014, 0.5114311462746451], [0.5114311462746451, 35.132036682022466]],
            [[0.13799340047494518, 0.8787394972261829], [0.8787394972261829, 35.117445019021496]],
        ],
        "loglik_dens": -1139.3315986554023,
        "loglik_dens_absdiff": 6.821210263296962e-13,
        "restart_loglik_absdiff": 3.410605131648481e-12,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1139.3315986553998,
            "loglik_gain": 3.183231456205249e-12,
            "me_param_maxreldiff": 2.3343193423408973e-07,
            "converged": True,
            "iterations": 19,
            "last_steps_max": 9.622618306795663e-14,
            "pro": [0.3579063673166999, 0.6420936326832998],
            "mean": [
                [2.0420476963093197, 54.54627498293438],
                [4.293643598116139, 80.0110717171199],
            ],
            "sigma": [
                [
                    [0.12340172726400185, 0.5114307934584316],
                    [0.5114307934584316, 35.132036238493015],
                ],
                [
                    [0.13799340831741652, 0.8787396475890782],
                    [0.8787396475890782, 35.11744455743959],
                ],
            ],
        },
    },
    ("VEV", 2): {
        "loglik": -1134.67920351945,
        "npar": 10,
        "bic": -2325.4164277018604,
        "iterations": 9,
        "error": 1.4395057348682356e-13,
        "inner_iterations": 9,
        "inner_error": 7.57690922847863e-13,
        "returncode": 0,
        "warning": None,
        "pro": [0.35634885907864833, 0.6436511409213519],
        "mean": [[2.037577538547641, 54.4910117584809], [4.290670025281625, 79.98004770047291]],
        "sigma": [
            [
                [0.08911630845075559, 0.35962094206635575],
                [0.35962094206635575, 27.276136578249048],
            ],
            [[0.15549862247023905, 1.0665721121722689], [1.0665721121722689, 41.32983731529443]],
        ],
        "loglik_dens": -1134.679203519449,
        "loglik_dens_absdiff": 1.1368683772161603e-12,
        "restart_loglik_absdiff": 6.366462912410498e-12,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1134.6792035194449,
            "loglik_gain": 5.229594535194337e-12,
            "me_param_maxreldiff": 2.010088555472825e-07,
            "converged": True,
            "iterations": 18,
            "last_steps_max": 5.2970795250374823e-14,
            "pro": [0.35634884844992465, 0.6436511515500752],
            "mean": [
                [2.037577511578271, 54.49101146026037],
                [4.290670003007149, 79.98004744467389],
            ],
            "sigma": [
                [
                    [0.08911628797466174, 0.3596207138323184],
                    [0.3596207138323184, 27.276133472576614],
                ],
                [
                    [0.15549864873423852, 1.0665725275716476],
                    [1.0665725275716476, 41.32984260839924],
                ],
            ],
        },
    },
    ("EVV", 2): {
        "loglik": -1135.769903935975,
        "npar": 10,
        "bic": -2327.59782853491,
        "iterations": 9,
        "error": 7.276630287258791e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.3573774296838978, 0.6426225703161026],
        "mean": [[2.040410574964549, 54.52681782683088], [4.2927007685050445, 80.00093242048126]],
        "sigma": [
            [[0.09648057942259909, 0.6369301715651161], [0.6369301715651161, 45.285576802989176]],
            [[0.14637032839021383, 0.791342320793667], [0.791342320793667, 31.356910687747035]],
        ],
        "loglik_dens": -1135.7699039359752,
        "loglik_dens_absdiff": 2.2737367544323206e-13,
        "restart_loglik_absdiff": 2.7966962079517543e-11,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1135.769903935948,
            "loglik_gain": 2.7057467377744615e-11,
            "me_param_maxreldiff": 7.561317110555854e-07,
            "converged": True,
            "iterations": 20,
            "last_steps_max": 2.095747148938429e-14,
            "pro": [0.357377397448412, 0.6426226025515878],
            "mean": [
                [2.0404104816300452, 54.52681659030643],
                [4.292700707430277, 80.00093183029885],
            ],
            "sigma": [
                [
                    [0.09648052020724147, 0.6369289338312405],
                    [0.6369289338312405, 45.28558677198357],
                ],
                [
                    [0.14637035502340554, 0.7913427422550181],
                    [0.7913427422550181, 31.356908561747527],
                ],
            ],
        },
    },
    ("VVV", 2): {
        "loglik": -1130.2639601848095,
        "npar": 11,
        "bic": -2322.191743098875,
        "iterations": 10,
        "error": 9.740015327792267e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.3558729009935202, 0.6441270990064796],
        "mean": [[2.0363885614310626, 54.47851745130634], [4.289662067611606, 79.96811631703879]],
        "sigma": [
            [[0.06916775736113333, 0.4351685093266091], [0.4351685093266091, 33.69728810508106]],
            [[0.16996831576359955, 0.9406077931076058], [0.9406077931076058, 36.046194134881574]],
        ],
        "loglik_dens": -1130.2639601848093,
        "loglik_dens_absdiff": 2.2737367544323206e-13,
        "restart_loglik_absdiff": 6.798472895752639e-11,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1130.2639601847413,
            "loglik_gain": 6.821210263296962e-11,
            "me_param_maxreldiff": 7.86434771510956e-07,
            "converged": True,
            "iterations": 21,
            "last_steps_max": 9.342396644239884e-14,
            "pro": [0.3558728571057075, 0.6441271428942927],
            "mean": [
                [2.036388454619959, 54.47851637696831],
                [4.2896619730959875, 79.96811517385606],
            ],
            "sigma": [
                [
                    [0.0691676725593106, 0.4351676244435007],
                    [0.4351676244435007, 33.69728207230213],
                ],
                [[0.169968435747095, 0.9406093192702524], [0.9406093192702524, 36.04621131755303]],
            ],
        },
    },
    ("EII", 3): {
        "loglik": -1663.539599763624,
        "npar": 9,
        "bic": -3377.531418123912,
        "iterations": 415,
        "error": 9.011405538876996e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.3447931859814118, 0.30404822097362116, 0.35115859304496655],
        "mean": [
            [2.0507858060268727, 54.043972204604515],
            [4.102110654682483, 74.82076592050096],
            [4.3668208609672945, 84.0473372389369],
        ],
        "sigma": [
            [[10.503253371559898, 0.0], [0.0, 10.503253371559898]],
            [[10.503253371559898, 0.0], [0.0, 10.503253371559898]],
            [[10.503253371559898, 0.0], [0.0, 10.503253371559898]],
        ],
        "loglik_dens": -1663.5395997636233,
        "loglik_dens_absdiff": 6.821210263296962e-13,
        "restart_loglik_absdiff": 2.4463133740937337e-09,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1663.5395997534888,
            "loglik_gain": 1.0135181582882069e-08,
            "me_param_maxreldiff": 5.128125343965815e-06,
            "converged": True,
            "iterations": 228,
            "last_steps_max": 9.991707324526196e-14,
            "pro": [0.3447941568356209, 0.304054178994505, 0.351151664169874],
            "mean": [
                [2.050787518850524, 54.0440012270442],
                [4.102120110446923, 74.82090352032644],
                [4.366821886293599, 84.04742909790123],
            ],
            "sigma": [
                [[10.50324835503613, 0.0], [0.0, 10.50324835503613]],
                [[10.50324835503613, 0.0], [0.0, 10.50324835503613]],
                [[10.50324835503613, 0.0], [0.0, 10.50324835503613]],
            ],
        },
    },
    ("VII", 3): {
        "loglik": -1652.0130733311196,
        "npar": 11,
        "bic": -3365.689969391495,
        "iterations": 56,
        "error": 8.291576985593825e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.22917757695166965, 0.13950451045741857, 0.6313179125909115],
        "mean": [
            [2.003066305817989, 50.9620066167305],
            [2.2587604243832837, 61.08287125765702],
            [4.298338261009575, 80.30244757403231],
        ],
        "sigma": [
            [[5.864089728523, 0.0], [0.0, 5.864089728523]],
            [[4.860329954125547, 0.0], [0.0, 4.860329954125547]],
            [[15.765808370812715, 0.0], [0.0, 15.765808370812715]],
        ],
        "loglik_dens": -1652.01307333112,
        "loglik_dens_absdiff": 4.547473508864641e-13,
        "restart_loglik_absdiff": 1.1409611033741385e-09,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1652.0130733295096,
            "loglik_gain": 1.6100329958135262e-09,
            "me_param_maxreldiff": 7.192404994853875e-06,
            "converged": True,
            "iterations": 65,
            "last_steps_max": 8.517484265304297e-14,
            "pro": [0.2291768951915424, 0.1395052116234951, 0.6313178931849622],
            "mean": [
                [2.003066018514389, 50.961991108431185],
                [2.2587598199905368, 61.08284836192087],
                [4.298338285430197, 80.30244792439555],
            ],
            "sigma": [
                [[5.864064724411933, 0.0], [0.0, 5.864064724411933]],
                [[4.860372104295141, 0.0], [0.0, 4.860372104295141]],
                [[15.765806849318107, 0.0], [0.0, 15.765806849318107]],
            ],
        },
    },
    ("EEI", 3): {
        "loglik": -1133.4553999265706,
        "npar": 10,
        "bic": -2322.9688205161015,
        "iterations": 79,
        "error": 7.850662853460673e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.35639938121354037, 0.17008293037257013, 0.47351768841388925],
        "mean": [
            [2.0376185654847205, 54.48996817750169],
            [3.7985279672485017, 75.98988538758766],
            [4.467652162396976, 81.41678007100789],
        ],
        "sigma": [
            [[0.07737064093938802, 0.0], [0.0, 31.390694621103936]],
            [[0.07737064093938802, 0.0], [0.0, 31.390694621103936]],
            [[0.07737064093938802, 0.0], [0.0, 31.390694621103936]],
        ],
        "loglik_dens": -1133.4553999265706,
        "loglik_dens_absdiff": 0.0,
        "restart_loglik_absdiff": 1.0784333426272497e-09,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1133.455399924405,
            "loglik_gain": 2.1657342585967854e-09,
            "me_param_maxreldiff": 1.874735941900804e-06,
            "converged": True,
            "iterations": 97,
            "last_steps_max": 9.208487684558408e-14,
            "pro": [0.3563993940351719, 0.17008512397320713, 0.47351548199162097],
            "mean": [
                [2.0376185965282465, 54.48996849319266],
                [3.7985315943478573, 75.98992247051983],
                [4.467654001763906, 81.4167923829983],
            ],
            "sigma": [
                [[0.07737046244598844, 0.0], [0.0, 31.390695237093723]],
                [[0.07737046244598844, 0.0], [0.0, 31.390695237093723]],
                [[0.07737046244598844, 0.0], [0.0, 31.390695237093723]],
            ],
        },
    },
    ("VEI", 3): {
        "loglik": -1132.6668433989903,
        "npar": 12,
        "bic": -2332.6033115935325,
        "iterations": 155,
        "error": 9.227986924074862e-13,
        "inner_iterations": 16,
        "inner_error": 1.5916088300111034e-13,
        "returncode": 0,
        "warning": None,
        "pro": [0.3560981048970849, 0.19287300959883305, 0.45102888550408216],
        "mean": [
            [2.036892739411906, 54.48265472622318],
            [3.8368325056033914, 76.38947947702549],
            [4.484032123373661, 81.50790581017947],
        ],
        "sigma": [
            [[0.07596670128522026, 0.0], [0.0, 31.068433670344866]],
            [[0.09319021453675147, 0.0], [0.0, 38.112409122384285]],
            [[0.07137801637111663, 0.0], [0.0, 29.191779156248206]],
        ],
        "loglik_dens": -1132.6668433989905,
        "loglik_dens_absdiff": 2.2737367544323206e-13,
        "restart_loglik_absdiff": 1.5331806935137138e-09,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1132.6668433945308,
            "loglik_gain": 4.45947989646811e-09,
            "me_param_maxreldiff": 4.808162361304146e-06,
            "converged": True,
            "iterations": 157,
            "last_steps_max": 9.15596571349209e-14,
            "pro": [0.35609812980864514, 0.19287710498128022, 0.45102476521007495],
            "mean": [
                [2.0368927992883847, 54.48265533382105],
                [3.8368388781592886, 76.38954693812661],
                [4.484035362774446, 81.50792445014955],
            ],
            "sigma": [
                [[0.07596659391098688, 0.0], [0.0, 31.06849113781343]],
                [[0.09319035426760607, 0.0], [0.0, 38.11259063536973]],
                [[0.0713774285039285, 0.0], [0.0, 29.19163398997003]],
            ],
        },
    },
    ("EVI", 3): {
        "loglik": -1132.422439325552,
        "npar": 12,
        "bic": -2332.114503446656,
        "iterations": 206,
        "error": 9.244019353153749e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.3561447843793507, 0.14314577290237435, 0.5007094427182753],
        "mean": [
            [2.036999573891897, 54.483810942110715],
            [3.7579869723136743, 75.3716883275395],
            [4.442449402244224, 81.2922459017527],
        ],
        "sigma": [
            [[0.07209927088197308, 0.0], [0.0, 34.916164161777125]],
            [[0.07486406727846177, 0.0], [0.0, 33.62667925449025]],
            [[0.09026377417660177, 0.0], [0.0, 27.88970438056402]],
        ],
        "loglik_dens": -1132.4224393255524,
        "loglik_dens_absdiff": 4.547473508864641e-13,
        "restart_loglik_absdiff": 1.5750174497952685e-09,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1132.4224393206339,
            "loglik_gain": 4.9180925998371094e-09,
            "me_param_maxreldiff": 8.684132662956416e-06,
            "converged": True,
            "iterations": 175,
            "last_steps_max": 9.500886329756466e-14,
            "pro": [0.3561448204243199, 0.14314978939545753, 0.5007053901802228],
            "mean": [
                [2.036999661039401, 54.48381180080789],
                [3.757994044801682, 75.37177796946999],
                [4.442452981955395, 81.29226908533319],
            ],
            "sigma": [
                [[0.07209909183566884, 0.0], [0.0, 34.91604743039835]],
                [[0.07486430054156286, 0.0], [0.0, 33.626378554425244]],
                [[0.09026290120891463, 0.0], [0.0, 27.88981161148661]],
            ],
        },
    },
    ("VVI", 3): {
        "loglik": -1127.0075191961196,
        "npar": 14,
        "bic": -2332.496267320383,
        "iterations": 62,
        "error": 8.508314596429723e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.3120408654790534, 0.06846444871857892, 0.6194946858023676],
        "mean": [
            [1.9773801164704012, 53.46464940364079],
            [2.801098923562264, 63.59281420205885],
            [4.324466461295131, 80.48504293414175],
        ],
        "sigma": [
            [[0.03801802056447395, 0.0], [0.0, 26.61547641788493]],
            [[0.2911081041537912, 0.0], [0.0, 25.185739890322306]],
            [[0.14257928503427356, 0.0], [0.0, 30.163458618898986]],
        ],
        "loglik_dens": -1127.0075191961191,
        "loglik_dens_absdiff": 4.547473508864641e-13,
        "restart_loglik_absdiff": 1.1741576599888504e-09,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1127.0075191937296,
            "loglik_gain": 2.389924702583812e-09,
            "me_param_maxreldiff": 5.4269583829458e-06,
            "converged": True,
            "iterations": 105,
            "last_steps_max": 9.082694903610651e-14,
            "pro": [0.31203966949490874, 0.06846536893564072, 0.6194949615694502],
            "mean": [
                [1.9773792938967027, 53.464623327946825],
                [2.8010848651199485, 63.59272832169485],
                [4.324466160958239, 80.48503848702988],
            ],
            "sigma": [
                [[0.03801773085084953, 0.0], [0.0, 26.61532655065701]],
                [[0.2911086961108089, 0.0], [0.0, 25.185691841637883]],
                [[0.14257945237896963, 0.0], [0.0, 30.163495166860084]],
            ],
        },
    },
    ("EEE", 3): {
        "loglik": -1126.3159278279547,
        "npar": 11,
        "bic": -2314.2956783851655,
        "iterations": 108,
        "error": 9.764041611134516e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.35637808898963597, 0.16860152520635305, 0.475020385804011],
        "mean": [
            [2.0376146631376972, 54.491284233626374],
            [3.7977508945841993, 77.46879360390092],
            [4.465735237273727, 80.87274456489298],
        ],
        "sigma": [
            [[0.07797570050088921, 0.4701564810679435], [0.4701564810679435, 33.67201604556466]],
            [[0.07797570050088921, 0.4701564810679435], [0.4701564810679435, 33.67201604556466]],
            [[0.07797570050088921, 0.4701564810679435], [0.4701564810679435, 33.67201604556466]],
        ],
        "loglik_dens": -1126.3159278279545,
        "loglik_dens_absdiff": 2.2737367544323206e-13,
        "restart_loglik_absdiff": 1.600028554094024e-09,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1126.315927823404,
            "loglik_gain": 4.5506567403208464e-09,
            "me_param_maxreldiff": 3.492282878130006e-06,
            "converged": True,
            "iterations": 150,
            "last_steps_max": 9.277148575151127e-14,
            "pro": [0.356378115721907, 0.16860560630770324, 0.4750162779703899],
            "mean": [
                [2.03761472969507, 54.491284944744365],
                [3.7977580277513328, 77.46885947219913],
                [4.465738531075416, 80.87275138132037],
            ],
            "sigma": [
                [
                    [0.07797544382671176, 0.47015824251797594],
                    [0.47015824251797594, 33.67203913090358],
                ],
                [
                    [0.07797544382671176, 0.47015824251797594],
                    [0.47015824251797594, 33.67203913090358],
                ],
                [
                    [0.07797544382671176, 0.47015824251797594],
                    [0.47015824251797594, 33.67203913090358],
                ],
            ],
        },
    },
    ("VEE", 3): {
        "loglik": -1124.5281822146642,
        "npar": 13,
        "bic": -2321.9317912911765,
        "iterations": 193,
        "error": 9.436124788146594e-13,
        "inner_iterations": 4,
        "inner_error": 4.814346985778867e-15,
        "returncode": 0,
        "warning": None,
        "pro": [0.3557907269257505, 0.2320495127619309, 0.41215976031231877],
        "mean": [
            [2.036189108469931, 54.47826779253817],
            [3.9006345544492853, 78.30261318393019],
            [4.508410854917303, 80.90094254078262],
        ],
        "sigma": [
            [[0.0741731999504179, 0.48065851950708494], [0.48065851950708494, 32.07179118370899]],
            [[0.10513935661154315, 0.6813259711676635], [0.6813259711676635, 45.461264886630076]],
            [[0.06854091826222433, 0.4441601052617287], [0.4441601052617287, 29.63644577172297]],
        ],
        "loglik_dens": -1124.5281822146646,
        "loglik_dens_absdiff": 4.547473508864641e-13,
        "restart_loglik_absdiff": 1.7757884052116424e-09,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1124.528182206345,
            "loglik_gain": 8.319148037116975e-09,
            "me_param_maxreldiff": 1.1602422101272387e-05,
            "converged": True,
            "iterations": 272,
            "last_steps_max": 9.938199003331006e-14,
            "pro": [0.3557907737745576, 0.23205769329574358, 0.41215153292969875],
            "mean": [
                [2.036189222679054, 54.47826893460124],
                [3.900645848918121, 78.30269982988106],
                [4.508416741471366, 80.90094734580401],
            ],
            "sigma": [
                [
                    [0.07417323379517553, 0.48066273204842785],
                    [0.48066273204842785, 32.07186550989863],
                ],
                [
                    [0.10513967534032091, 0.6813336969413681],
                    [0.6813336969413681, 45.461487314693635],
                ],
                [
                    [0.06853996863132725, 0.44415764139152475],
                    [0.44415764139152475, 29.636090318871556],
                ],
            ],
        },
    },
    ("EVE", 3): {
        "loglik": -1124.8318515691883,
        "npar": 13,
        "bic": -2322.5391300002248,
        "iterations": 193,
        "error": 9.59716767828395e-13,
        "inner_iterations": 2,
        "inner_error": 1.849091707311091e-15,
        "returncode": 0,
        "warning": None,
        "pro": [0.3558440849017886, 0.11835483964226053, 0.5258010754559509],
        "mean": [
            [2.036322106484235, 54.48093539786737],
            [3.693565721574204, 76.87164012490277],
            [4.423761459571084, 80.66208222469588],
        ],
        "sigma": [
            [[0.0763947543080307, 0.5326563818374805], [0.5326563818374805, 36.409444684927365]],
            [[0.06532678589583417, 0.6562209387184148], [0.6562209387184148, 44.826844614191884]],
            [[0.090778937396173, 0.4322162804508432], [0.4322162804508432, 29.572704309762106]],
        ],
        "loglik_dens": -1124.831851569188,
        "loglik_dens_absdiff": 2.2737367544323206e-13,
        "restart_loglik_absdiff": 1.8042101146420464e-09,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1124.8318515608216,
            "loglik_gain": 8.36666913528461e-09,
            "me_param_maxreldiff": 2.414734965833699e-05,
            "converged": True,
            "iterations": 307,
            "last_steps_max": 9.036223175859659e-14,
            "pro": [0.35584419055059935, 0.11836081998287738, 0.5257949894665233],
            "mean": [
                [2.036322361385939, 54.48093731994235],
                [3.6935805871235234, 76.87174704313898],
                [4.423766725588291, 80.66210522843829],
            ],
            "sigma": [
                [
                    [0.0763944390588034, 0.5326511036936953],
                    [0.5326511036936954, 36.40926195493063],
                ],
                [[0.06532738736261287, 0.656201499308145], [0.656201499308145, 44.82573804407198]],
                [
                    [0.09077795119625189, 0.4322155965075207],
                    [0.4322155965075207, 29.572800793735492],
                ],
            ],
        },
    },
    ("VVE", 3): {
        "loglik": -1122.3580874922354,
        "npar": 15,
        "bic": -2328.8032059789107,
        "iterations": 232,
        "error": 9.64461444262749e-13,
        "inner_iterations": 2,
        "inner_error": 5.950361218587553e-16,
        "returncode": 0,
        "warning": None,
        "pro": [0.33995408798494603, 0.03936857169596007, 0.6206773403190936],
        "mean": [
            [2.0034222215569044, 54.26335576825364],
            [3.131108493621795, 64.08315470585906],
            [4.323412617993417, 80.43977714108485],
        ],
        "sigma": [
            [[0.05105384158739147, 0.4673639723781031], [0.4673639723781031, 33.09411308348493]],
            [[0.1288394437088042, 0.4783820286045987], [0.4783820286045987, 33.95088531303109]],
            [[0.14004900342877258, 0.43442289794135314], [0.43442289794135314, 30.85414422919394]],
        ],
        "loglik_dens": -1122.3580874922357,
        "loglik_dens_absdiff": 2.2737367544323206e-13,
        "restart_loglik_absdiff": 3.3251126296818256e-09,
        "restart_iterations": 5,
        "polished": {
            "loglik": -1122.3580875047921,
            "loglik_gain": -1.255671122635249e-08,
            "me_param_maxreldiff": 8.702879480755962e-09,
            "converged": True,
            "iterations": 3355,
            "last_steps_max": 9.574453921706057e-14,
            "pro": [0.3399540888570764, 0.03936857082169465, 0.620677340321229],
            "mean": [
                [2.003422222685877, 54.263355789474176],
                [3.1311085072625087, 64.08315476292512],
                [4.323412618090293, 80.43977713958421],
            ],
            "sigma": [
                [
                    [0.051053842007364916, 0.4673639781153991],
                    [0.4673639781153991, 33.09411326904716],
                ],
                [
                    [0.12883943388465066, 0.47838203441988075],
                    [0.4783820344198808, 33.95088548866486],
                ],
                [
                    [0.14004900337707363, 0.4344229012554415],
                    [0.4344229012554415, 30.854144258502227],
                ],
            ],
        },
    },
    ("EEV", 3): {
        "loglik": -1132.8089192315572,
        "npar": 13,
        "bic": -2338.4932653249625,
        "iterations": 103,
        "error": 9.960805800433857e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.3475809042721938, 0.06676824294056427, 0.5856508527872412],
        "mean": [
            [2.025495492184816, 54.291553760321065],
            [3.828113593113814, 70.07529955826996],
            [4.316843564798477, 80.84603074135012],
        ],
        "sigma": [
            [
                [0.10858817274024929, 0.31761604335199195],
                [0.31761604335199195, 30.322726666757323],
            ],
            [[0.6809362544034084, 4.131138079339245], [4.131138079339245, 29.750378585094136]],
            [[0.11625715107468777, 0.5766564933044829], [0.5766564933044829, 30.31505768842285]],
        ],
        "loglik_dens": -1132.808919231557,
        "loglik_dens_absdiff": 2.2737367544323206e-13,
        "restart_loglik_absdiff": 1.7923866835189983e-09,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1132.8089192248785,
            "loglik_gain": 6.678646968794055e-09,
            "me_param_maxreldiff": 2.891437658838396e-05,
            "converged": True,
            "iterations": 227,
            "last_steps_max": 9.520543939767843e-14,
            "pro": [0.3475819357614855, 0.06677001091384127, 0.5856480533246725],
            "mean": [
                [2.0254962214051906, 54.29157635941357],
                [3.8281572332959835, 70.07560164038854],
                [4.316843667664458, 80.84606217313032],
            ],
            "sigma": [
                [
                    [0.10858823689744407, 0.3176200210974414],
                    [0.3176200210974414, 30.32264398726957],
                ],
                [[0.6808956939622453, 4.130989719970211], [4.130989719970211, 29.750336530204766]],
                [
                    [0.11625705122001663, 0.5766538394654824],
                    [0.5766538394654824, 30.314975172947015],
                ],
            ],
        },
    },
    ("VEV", 3): {
        "loglik": -1122.5493903454085,
        "npar": 15,
        "bic": -2329.185811685257,
        "iterations": 367,
        "error": 9.353581933550228e-13,
        "inner_iterations": 9,
        "inner_error": 2.957437007430934e-13,
        "returncode": 0,
        "warning": None,
        "pro": [0.35318582354073536, 0.38115905130570643, 0.26565512515355794],
        "mean": [
            [2.0300243274069896, 54.42907447001399],
            [4.085328224357938, 79.93491196577419],
            [4.568507546700257, 79.8236665260658],
        ],
        "sigma": [
            [
                [0.07020540005659494, 0.36174189839659876],
                [0.36174189839659876, 30.578518729943728],
            ],
            [[0.16796763511787857, 1.7017366867997081], [1.7017366867997081, 51.96106066529387]],
            [
                [0.04777126605256169, 0.24546717932918471],
                [0.24546717932918471, 20.815160363954483],
            ],
        ],
        "loglik_dens": -1122.5493903454087,
        "loglik_dens_absdiff": 2.2737367544323206e-13,
        "restart_loglik_absdiff": 1.889929990284145e-09,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1122.5493903312392,
            "loglik_gain": 1.4169245332595892e-08,
            "me_param_maxreldiff": 4.544666795237766e-05,
            "converged": True,
            "iterations": 474,
            "last_steps_max": 9.86947745322155e-14,
            "pro": [0.3531860217103814, 0.3811734242966871, 0.26564055399293135],
            "mean": [
                [2.030024788337421, 54.42907744383611],
                [4.085341897972646, 79.93497438193042],
                [4.568515350364293, 79.82358593526558],
            ],
            "sigma": [
                [
                    [0.07020595569914677, 0.36174302015690707],
                    [0.36174302015690707, 30.578452326822823],
                ],
                [
                    [0.16796741898692658, 1.7017245109949979],
                    [1.7017245109949979, 51.96055655688371],
                ],
                [
                    [0.04776901012357258, 0.2454372573798046],
                    [0.2454372573798046, 20.81416898266007],
                ],
            ],
        },
    },
    ("EVV", 3): {
        "loglik": -1125.6608864025718,
        "npar": 15,
        "bic": -2335.4088037995834,
        "iterations": 152,
        "error": 9.204644859979885e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.35194277429720255, 0.11037770441185933, 0.537679521290938],
        "mean": [
            [2.0280679903069982, 54.384151212731034],
            [4.031061123824611, 71.93851866599933],
            [4.3317252151981895, 81.49192871169527],
        ],
        "sigma": [
            [[0.0750775445375333, 0.4377841240243313], [0.4377841240243313, 39.433433823347954]],
            [[0.32404900256074426, 2.0541172266631427], [2.0541172266631427, 21.56559029820444]],
            [[0.12661519439261942, 0.3741380235661308], [0.3741380235661308, 22.974254547604765]],
        ],
        "loglik_dens": -1125.6608864025718,
        "loglik_dens_absdiff": 0.0,
        "restart_loglik_absdiff": 1.7378170014126226e-09,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1125.6608863943918,
            "loglik_gain": 8.179995347745717e-09,
            "me_param_maxreldiff": 1.1092270175753816e-05,
            "converged": True,
            "iterations": 273,
            "last_steps_max": 9.975012566777262e-14,
            "pro": [0.35194295056411384, 0.11038444247468437, 0.5376726069612014],
            "mean": [
                [2.028068250837183, 54.38415539604927],
                [4.031084771133303, 71.93876445900418],
                [4.33172471296939, 81.49200412128025],
            ],
            "sigma": [
                [
                    [0.07507732862172752, 0.43778441790796807],
                    [0.43778441790796807, 39.43326196843527],
                ],
                [
                    [0.32404135856015726, 2.054083349945486],
                    [2.054083349945486, 21.565602645422256],
                ],
                [
                    [0.1266153497064678, 0.37413935663549513],
                    [0.37413935663549513, 22.974063064194986],
                ],
            ],
        },
    },
    ("VVV", 3): {
        "loglik": -1119.2139706008295,
        "npar": 17,
        "bic": -2333.726576328691,
        "iterations": 349,
        "error": 8.778600982493857e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.3327696281052791, 0.09035199340798153, 0.5768783784867393],
        "mean": [
            [1.9966467984475065, 54.38290086376846],
            [3.568235048235697, 70.261561549025],
            [4.33533760211727, 80.52270758309015],
        ],
        "sigma": [
            [[0.04390236048361314, 0.34404612097941395], [0.34404612097941395, 33.74113616417569]],
            [[0.5536051315895478, 7.849623051210837], [7.849623051210837, 134.87958547539378]],
            [[0.13593245240756138, 0.3581179765857517], [0.3581179765857517, 28.586633066828742]],
        ],
        "loglik_dens": -1119.2139706008295,
        "loglik_dens_absdiff": 0.0,
        "restart_loglik_absdiff": 1.6227659216383472e-09,
        "restart_iterations": 2,
        "polished": {
            "loglik": -1119.2139705937504,
            "loglik_gain": 7.079052011249587e-09,
            "me_param_maxreldiff": 1.691602009517844e-05,
            "converged": True,
            "iterations": 259,
            "last_steps_max": 9.781214465893567e-14,
            "pro": [0.33277026185320446, 0.09035670684373358, 0.5768730313030619],
            "mean": [
                [1.9966472686928718, 54.38289412413619],
                [3.5682840994616214, 70.26230349077515],
                [4.335338484873278, 80.5227078164809],
            ],
            "sigma": [
                [
                    [0.043902509667625246, 0.3440450195320459],
                    [0.3440450195320459, 33.74113653548479],
                ],
                [[0.5536030242811275, 7.849603354250095], [7.849603354250095, 134.87992719603318]],
                [
                    [0.13593162383926916, 0.35809500302338937],
                    [0.35809500302338937, 28.5862758208224],
                ],
            ],
        },
    },
}


IRIS_ME = {
    ("EII", 3): {
        "loglik": -401.8021757890577,
        "npar": 15,
        "bic": -878.7638809895592,
        "iterations": 24,
        "error": 4.319681362000728e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.33339656322039646, 0.4139013267381543, 0.25270211004144905],
        "mean": [
            [5.00601750024084, 3.427823772145306, 1.4622922439807606, 0.2461617788068278],
            [5.903728793604317, 2.748132675385581, 4.401035281386439, 1.4322216137130044],
            [6.8491043571932115, 3.074975938479072, 5.73355896873219, 2.0754295090690777],
        ],
        "sigma": [
            [
                [0.1330935818172558, 0.0, 0.0, 0.0],
                [0.0, 0.1330935818172558, 0.0, 0.0],
                [0.0, 0.0, 0.1330935818172558, 0.0],
                [0.0, 0.0, 0.0, 0.1330935818172558],
            ],
            [
                [0.1330935818172558, 0.0, 0.0, 0.0],
                [0.0, 0.1330935818172558, 0.0, 0.0],
                [0.0, 0.0, 0.1330935818172558, 0.0],
                [0.0, 0.0, 0.0, 0.1330935818172558],
            ],
            [
                [0.1330935818172558, 0.0, 0.0, 0.0],
                [0.0, 0.1330935818172558, 0.0, 0.0],
                [0.0, 0.0, 0.1330935818172558, 0.0],
                [0.0, 0.0, 0.0, 0.1330935818172558],
            ],
        ],
        "loglik_dens": -401.8021757890576,
        "loglik_dens_absdiff": 5.6843418860808015e-14,
        "restart_loglik_absdiff": 6.843947630841285e-11,
        "restart_iterations": 2,
        "polished": {
            "loglik": -401.8021757889823,
            "loglik_gain": 7.537437340943143e-11,
            "me_param_maxreldiff": 1.764905265263569e-07,
            "converged": True,
            "iterations": 33,
            "last_steps_max": 8.379614328366257e-14,
            "pro": [0.33339656384218314, 0.4139015472063834, 0.2527018889514331],
            "mean": [
                [5.00601750041297, 3.42782377041272, 1.4622922468539343, 0.24616178039746284],
                [5.903729102905153, 2.7481327580303505, 4.40103562345345, 1.4322217382887565],
                [6.849104679683095, 3.0749760896849083, 5.733559577730347, 2.0754298685911694],
            ],
            "sigma": [
                [
                    [0.133093581798494, 0.0, 0.0, 0.0],
                    [0.0, 0.133093581798494, 0.0, 0.0],
                    [0.0, 0.0, 0.133093581798494, 0.0],
                    [0.0, 0.0, 0.0, 0.133093581798494],
                ],
                [
                    [0.133093581798494, 0.0, 0.0, 0.0],
                    [0.0, 0.133093581798494, 0.0, 0.0],
                    [0.0, 0.0, 0.133093581798494, 0.0],
                    [0.0, 0.0, 0.0, 0.133093581798494],
                ],
                [
                    [0.133093581798494, 0.0, 0.0, 0.0],
                    [0.0, 0.133093581798494, 0.0, 0.0],
                    [0.0, 0.0, 0.133093581798494, 0.0],
                    [0.0, 0.0, 0.0, 0.133093581798494],
                ],
            ],
        },
    },
    ("VII", 3): {
        "loglik": -384.3140950612296,
        "npar": 17,
        "bic": -853.8089901220956,
        "iterations": 40,
        "error": 9.913672498378987e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.3333333338835951, 0.41393919330299267, 0.2527274728134124],
        "mean": [
            [5.006000000154973, 3.4279999984677967, 1.4620000025393403, 0.24600000140978587],
            [5.90521215818318, 2.748867340898916, 4.402604956069329, 1.4326231479114733],
            [6.8463783836293794, 3.073677456015926, 5.730504503314855, 2.0746239288416026],
        ],
        "sigma": [
            [
                [0.0757550015115527, 0.0, 0.0, 0.0],
                [0.0, 0.0757550015115527, 0.0, 0.0],
                [0.0, 0.0, 0.0757550015115527, 0.0],
                [0.0, 0.0, 0.0, 0.0757550015115527],
            ],
            [
                [0.16326921765541674, 0.0, 0.0, 0.0],
                [0.0, 0.16326921765541674, 0.0, 0.0],
                [0.0, 0.0, 0.16326921765541674, 0.0],
                [0.0, 0.0, 0.0, 0.16326921765541674],
            ],
            [
                [0.16292868208516725, 0.0, 0.0, 0.0],
                [0.0, 0.16292868208516725, 0.0, 0.0],
                [0.0, 0.0, 0.16292868208516725, 0.0],
                [0.0, 0.0, 0.0, 0.16292868208516725],
            ],
        ],
        "loglik_dens": -384.3140950612296,
        "loglik_dens_absdiff": 0.0,
        "restart_loglik_absdiff": 3.0019009500392713e-10,
        "restart_iterations": 2,
        "polished": {
            "loglik": -384.31409506081974,
            "loglik_gain": 4.098410499864258e-10,
            "me_param_maxreldiff": 5.179380688598764e-07,
            "converged": True,
            "iterations": 54,
            "last_steps_max": 7.409009137672342e-14,
            "pro": [0.3333333338835985, 0.41393984213790136, 0.2527268239785004],
            "mean": [
                [5.006000000154974, 3.4279999984677874, 1.462000002539356, 0.24600000140979464],
                [5.90521298832683, 2.7488675750028575, 4.4026059534324755, 1.4326235599795079],
                [6.846379440232607, 3.07367790647541, 5.730506278904949, 2.074624902150015],
            ],
            "sigma": [
                [
                    [0.07575500151156203, 0.0, 0.0, 0.0],
                    [0.0, 0.07575500151156203, 0.0, 0.0],
                    [0.0, 0.0, 0.07575500151156203, 0.0],
                    [0.0, 0.0, 0.0, 0.07575500151156203],
                ],
                [
                    [0.16326941374927215, 0.0, 0.0, 0.0],
                    [0.0, 0.16326941374927215, 0.0, 0.0],
                    [0.0, 0.0, 0.16326941374927215, 0.0],
                    [0.0, 0.0, 0.0, 0.16326941374927215],
                ],
                [
                    [0.16292833086251288, 0.0, 0.0, 0.0],
                    [0.0, 0.16292833086251288, 0.0, 0.0],
                    [0.0, 0.0, 0.16292833086251288, 0.0],
                    [0.0, 0.0, 0.0, 0.16292833086251288],
                ],
            ],
        },
    },
    ("EEI", 3): {
        "loglik": -361.425522043152,
        "npar": 18,
        "bic": -813.0424793800366,
        "iterations": 39,
        "error": 7.382536722840568e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.33333335612299153, 0.3659201246465788, 0.30074651923042967],
        "mean": [
            [5.00600000373838, 3.4279999345508365, 1.4620001099465092, 0.24600005679687645],
            [5.92011010031845, 2.747770879317661, 4.326583397378505, 1.35225881306742],
            [6.677979617668361, 3.0231503594005886, 5.610979854246792, 2.069897922528418],
        ],
        "sigma": [
            [
                [0.2357458152220142, 0.0, 0.0, 0.0],
                [0.0, 0.10749783323700697, 0.0, 0.0],
                [0.0, 0.0, 0.18737663147208997, 0.0],
                [0.0, 0.0, 0.0, 0.03769668884540236],
            ],
            [
                [0.2357458152220142, 0.0, 0.0, 0.0],
                [0.0, 0.10749783323700697, 0.0, 0.0],
                [0.0, 0.0, 0.18737663147208997, 0.0],
                [0.0, 0.0, 0.0, 0.03769668884540236],
            ],
            [
                [0.2357458152220142, 0.0, 0.0, 0.0],
                [0.0, 0.10749783323700697, 0.0, 0.0],
                [0.0, 0.0, 0.18737663147208997, 0.0],
                [0.0, 0.0, 0.0, 0.03769668884540236],
            ],
        ],
        "loglik_dens": -361.425522043152,
        "loglik_dens_absdiff": 0.0,
        "restart_loglik_absdiff": 2.5278268367401324e-10,
        "restart_iterations": 2,
        "polished": {
            "loglik": -361.42552204276274,
            "loglik_gain": 3.892637323588133e-10,
            "me_param_maxreldiff": 4.890766405450973e-07,
            "converged": True,
            "iterations": 64,
            "last_steps_max": 8.202404024908874e-14,
            "pro": [0.3333333561239463, 0.3659207608100505, 0.300745883066003],
            "mean": [
                [5.006000003738554, 3.427999934548109, 1.46200010995108, 0.2460000567992677],
                [5.9201103559762345, 2.7477711259665596, 4.3265844266816655, 1.3522596073951414],
                [6.677980909722462, 3.023150641808235, 5.610981318756127, 2.069898474076211],
            ],
            "sigma": [
                [
                    [0.23574559162634443, 0.0, 0.0, 0.0],
                    [0.0, 0.10749783470298263, 0.0, 0.0],
                    [0.0, 0.0, 0.18737654952364313, 0.0],
                    [0.0, 0.0, 0.0, 0.03769677839628351],
                ],
                [
                    [0.23574559162634443, 0.0, 0.0, 0.0],
                    [0.0, 0.10749783470298263, 0.0, 0.0],
                    [0.0, 0.0, 0.18737654952364313, 0.0],
                    [0.0, 0.0, 0.0, 0.03769677839628351],
                ],
                [
                    [0.23574559162634443, 0.0, 0.0, 0.0],
                    [0.0, 0.10749783470298263, 0.0, 0.0],
                    [0.0, 0.0, 0.18737654952364313, 0.0],
                    [0.0, 0.0, 0.0, 0.03769677839628351],
                ],
            ],
        },
    },
    ("VEI", 3): {
        "loglik": -339.4687272609273,
        "npar": 20,
        "bic": -779.1501604037798,
        "iterations": 33,
        "error": 6.486254524780334e-13,
        "inner_iterations": 16,
        "inner_error": 2.6549539724618917e-13,
        "returncode": 0,
        "warning": None,
        "pro": [0.33333333333332993, 0.3520862011656471, 0.3145804655010233],
        "mean": [
            [5.005999999999999, 3.428, 1.4619999999999982, 0.24599999999999675],
            [5.911516469396686, 2.7432472780204282, 4.300797217304241, 1.3383385017453402],
            [6.654269795470939, 3.016103216006519, 5.583357852957727, 2.0539190612202622],
        ],
        "sigma": [
            [
                [0.11909737349114674, 0.0, 0.0, 0.0],
                [0.0, 0.0715410615331022, 0.0, 0.0],
                [0.0, 0.0, 0.08030310683002376, 0.0],
                [0.0, 0.0, 0.0, 0.01697362789038381],
            ],
            [
                [0.2648647556983933, 0.0, 0.0, 0.0],
                [0.0, 0.15910263366788197, 0.0, 0.0],
                [0.0, 0.0, 0.17858884834212835, 0.0],
                [0.0, 0.0, 0.0, 0.037748236360864315],
            ],
            [
                [0.3392093856521189, 0.0, 0.0, 0.0],
                [0.0, 0.2037609967389246, 0.0, 0.0],
                [0.0, 0.0, 0.22871677800513143, 0.0],
                [0.0, 0.0, 0.0, 0.04834375200904631],
            ],
        ],
        "loglik_dens": -339.4687272609272,
        "loglik_dens_absdiff": 1.1368683772161603e-13,
        "restart_loglik_absdiff": 1.7058710000128485e-10,
        "restart_iterations": 2,
        "polished": {
            "loglik": -339.46872726069654,
            "loglik_gain": 2.3078428057488054e-10,
            "me_param_maxreldiff": 3.589112097112545e-07,
            "converged": True,
            "iterations": 52,
            "last_steps_max": 7.508012244472979e-14,
            "pro": [0.33333333333332993, 0.3520866729831426, 0.3145799936835275],
            "mean": [
                [5.005999999999999, 3.428, 1.4619999999999982, 0.24599999999999675],
                [5.91151683664139, 2.7432474882551303, 4.300798109659304, 1.3383389723342423],
                [6.654270498446503, 3.016103389944374, 5.5833587778360725, 2.053919607775512],
            ],
            "sigma": [
                [
                    [0.1190973488794894, 0.0, 0.0, 0.0],
                    [0.0, 0.07154105887526531, 0.0, 0.0],
                    [0.0, 0.0, 0.08030312772678114, 0.0],
                    [0.0, 0.0, 0.0, 0.016973632883454735],
                ],
                [
                    [0.2648650235010951, 0.0, 0.0, 0.0],
                    [0.0, 0.15910282150330607, 0.0, 0.0],
                    [0.0, 0.0, 0.17858911229071275, 0.0],
                    [0.0, 0.0, 0.0, 0.037748293432830884],
                ],
                [
                    [0.33920895463738027, 0.0, 0.0, 0.0],
                    [0.0, 0.20376077236853823, 0.0, 0.0],
                    [0.0, 0.0, 0.22871659416933143, 0.0],
                    [0.0, 0.0, 0.0, 0.0483437147926884],
                ],
            ],
        },
    },
    ("EVI", 3): {
        "loglik": -340.08558073718365,
        "npar": 24,
        "bic": -800.4264085326774,
        "iterations": 50,
        "error": 8.436046626524599e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.33333333333331816, 0.3512820434350244, 0.3153846232316572],
        "mean": [
            [5.0059999999999985, 3.427999999999989, 1.4620000000000106, 0.24599999999999395],
            [5.907159597402925, 2.7371888534493, 4.304113156286789, 1.3368918757329917],
            [6.657228722441656, 3.0221554976045133, 5.576394257683504, 2.053705779112812],
        ],
        "sigma": [
            [
                [0.2703848688106674, 0.0, 0.0, 0.0],
                [0.0, 0.312691071962535, 0.0, 0.0],
                [0.0, 0.0, 0.0656310172347866, 0.0],
                [0.0, 0.0, 0.0, 0.02416862875838967],
            ],
            [
                [0.21870624902426214, 0.0, 0.0, 0.0],
                [0.0, 0.08088832208461799, 0.0, 0.0],
                [0.0, 0.0, 0.21779681300538387, 0.0],
                [0.0, 0.0, 0.0, 0.03480650944607297],
            ],
            [
                [0.24254608206985312, 0.0, 0.0, 0.0],
                [0.0, 0.0602775031561303, 0.0, 0.0],
                [0.0, 0.0, 0.20821261156695628, 0.0],
                [0.0, 0.0, 0.0, 0.044055736117225304],
            ],
        ],
        "loglik_dens": -340.0855807371836,
        "loglik_dens_absdiff": 5.6843418860808015e-14,
        "restart_loglik_absdiff": 3.3861624615383334e-10,
        "restart_iterations": 2,
        "polished": {
            "loglik": -340.08558073652944,
            "loglik_gain": 6.542109076690394e-10,
            "me_param_maxreldiff": 6.842189163073087e-07,
            "converged": True,
            "iterations": 87,
            "last_steps_max": 9.208364817676602e-14,
            "pro": [0.33333333333331816, 0.35128294344545036, 0.3153837232212316],
            "mean": [
                [5.0059999999999985, 3.427999999999989, 1.4620000000000106, 0.24599999999999395],
                [5.907160256604751, 2.737189294342343, 4.304114676702039, 1.3368929397023959],
                [6.6572301286767885, 3.022155819735099, 5.5763961949119185, 2.0537066396064305],
            ],
            "sigma": [
                [
                    [0.27038497267619993, 0.0, 0.0, 0.0],
                    [0.0, 0.3126911920795551, 0.0, 0.0],
                    [0.0, 0.0, 0.06563104244625864, 0.0],
                    [0.0, 0.0, 0.0, 0.024168638042516812],
                ],
                [
                    [0.21870561207709277, 0.0, 0.0, 0.0],
                    [0.0, 0.08088812389005061, 0.0, 0.0],
                    [0.0, 0.0, 0.2177966348544397, 0.0],
                    [0.0, 0.0, 0.0, 0.03480677805241991],
                ],
                [
                    [0.2425463753301103, 0.0, 0.0, 0.0],
                    [0.0, 0.06027762226289951, 0.0, 0.0],
                    [0.0, 0.0, 0.20821248609904963, 0.0],
                    [0.0, 0.0, 0.0, 0.044055690038973486],
                ],
            ],
        },
    },
    ("VVI", 3): {
        "loglik": -306.8604605075444,
        "npar": 26,
        "bic": -743.9974386615914,
        "iterations": 106,
        "error": 8.836880261249406e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.33333333333262327, 0.30515044747549847, 0.3615162191918784],
        "mean": [
            [5.00599999999996, 3.4279999999999453, 1.4619999999996531, 0.2459999999992982],
            [5.834616179889015, 2.700115567983846, 4.222491783791353, 1.3044172440541988],
            [6.62274830678774, 3.0170850848724293, 5.48293908863385, 1.9896474609734627],
        ],
        "sigma": [
            [
                [0.12176400000025468, 0.0, 0.0, 0.0],
                [0.0, 0.14081600000028224, 0.0, 0.0],
                [0.0, 0.0, 0.029556000000002122, 0.0],
                [0.0, 0.0, 0.0, 0.010883999999787938],
            ],
            [
                [0.22883244105232117, 0.0, 0.0, 0.0],
                [0.0, 0.08702064762822073, 0.0, 0.0],
                [0.0, 0.0, 0.22541750117953255, 0.0],
                [0.0, 0.0, 0.0, 0.03482502386527771],
            ],
            [
                [0.32462449082797684, 0.0, 0.0, 0.0],
                [0.0, 0.08270085059761996, 0.0, 0.0],
                [0.0, 0.0, 0.32684935693544626, 0.0],
                [0.0, 0.0, 0.0, 0.08508185282633784],
            ],
        ],
        "loglik_dens": -306.8604605075443,
        "loglik_dens_absdiff": 1.1368683772161603e-13,
        "restart_loglik_absdiff": 4.141043064009864e-10,
        "restart_iterations": 2,
        "polished": {
            "loglik": -306.860460506211,
            "loglik_gain": 1.3334329196368344e-09,
            "me_param_maxreldiff": 1.6349225402803798e-06,
            "converged": True,
            "iterations": 163,
            "last_steps_max": 9.739930319727591e-14,
            "pro": [0.3333333333326233, 0.30514831365910206, 0.3615183530082746],
            "mean": [
                [5.005999999999961, 3.427999999999945, 1.4619999999996531, 0.24599999999929825],
                [5.83461231103677, 2.7001137118135903, 4.222487711301798, 1.3044157830106091],
                [6.622746920535808, 3.0170847807453285, 5.48293508648626, 1.9896446497178903],
            ],
            "sigma": [
                [
                    [0.12176400000025467, 0.0, 0.0, 0.0],
                    [0.0, 0.14081600000028224, 0.0, 0.0],
                    [0.0, 0.0, 0.02955600000000212, 0.0],
                    [0.0, 0.0, 0.0, 0.01088399999978796],
                ],
                [
                    [0.228831010235818, 0.0, 0.0, 0.0],
                    [0.0, 0.08702029125532687, 0.0, 0.0],
                    [0.0, 0.0, 0.22541599181543578, 0.0],
                    [0.0, 0.0, 0.0, 0.03482484602002426],
                ],
                [
                    [0.32462365195495285, 0.0, 0.0, 0.0],
                    [0.0, 0.0827007766853217, 0.0, 0.0],
                    [0.0, 0.0, 0.3268507439615204, 0.0],
                    [0.0, 0.0, 0.0, 0.085082787607997],
                ],
            ],
        },
    },
    ("EEE", 3): {
        "loglik": -256.3540431256945,
        "npar": 24,
        "bic": -632.9633333096991,
        "iterations": 18,
        "error": 7.512004287851281e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.333333333333926, 0.32960734940606234, 0.33705931726001165],
        "mean": [
            [5.006000000000553, 3.4279999999984434, 1.462000000003411, 0.2460000000017199],
            [5.942320743352636, 2.760759726200083, 4.258686452267322, 1.319194881743837],
            [6.5746115406058205, 2.9807808878646123, 5.539002239600214, 2.0249165949757217],
        ],
        "sigma": [
            [
                [
                    0.26393505005275314, 0.08985133775301328, 0.16965620972521084,
                    0.039339068190698386,
                ],
                [
                    0.08985133775301328, 0.11194878950022932, 0.05112310503267948,
                    0.029980281627108737,
                ],
                [
                    0.16965620972521084, 0.05112310503267948, 0.1865273830421615,
                    0.041973040696317306,
                ],
                [
                    0.039339068190698386, 0.029980281627108737, 0.041973040696317306,
                    0.03971384871260343,
                ],
            ],
            [
                [
                    0.26393505005275314, 0.08985133775301328, 0.16965620972521084,
                    0.039339068190698386,
                ],
                [
                    0.08985133775301328, 0.11194878950022932, 0.05112310503267948,
                    0.029980281627108737,
                ],
                [
                    0.16965620972521084, 0.05112310503267948, 0.1865273830421615,
                    0.041973040696317306,
                ],
                [
                    0.039339068190698386, 0.029980281627108737, 0.041973040696317306,
                    0.03971384871260343,
                ],
            ],
            [
                [
                    0.26393505005275314, 0.08985133775301328, 0.16965620972521084,
                    0.039339068190698386,
                ],
                [
                    0.08985133775301328, 0.11194878950022932, 0.05112310503267948,
                    0.029980281627108737,
                ],
                [
                    0.16965620972521084, 0.05112310503267948, 0.1865273830421615,
                    0.041973040696317306,
                ],
                [
                    0.039339068190698386, 0.029980281627108737, 0.041973040696317306,
                    0.03971384871260343,
                ],
            ],
        ],
        "loglik_dens": -256.3540431256944,
        "loglik_dens_absdiff": 1.1368683772161603e-13,
        "restart_loglik_absdiff": 9.669065548223443e-11,
        "restart_iterations": 2,
        "polished": {
            "loglik": -256.354043125583,
            "loglik_gain": 1.1146994438604452e-10,
            "me_param_maxreldiff": 1.6665336670148435e-07,
            "converged": True,
            "iterations": 37,
            "last_steps_max": 8.1496051592716e-14,
            "pro": [0.33333333333392606, 0.32960757098964044, 0.3370590956764334],
            "mean": [
                [5.006000000000553, 3.4279999999984425, 1.462000000003411, 0.24600000000171995],
                [5.942320944644369, 2.760759667377151, 4.258687046612943, 1.3191950421335954],
                [6.574611759433854, 2.980781090029637, 5.539002500077201, 2.0249169020751743],
            ],
            "sigma": [
                [
                    [
                        0.26393504536700724, 0.08985130926552636, 0.1696562391579316,
                        0.039339049564540596,
                    ],
                    [
                        0.08985130926552636, 0.11194877024175245, 0.05112306089228308,
                        0.029980245169680394,
                    ],
                    [
                        0.1696562391579316, 0.05112306089228308, 0.18652752145014875,
                        0.04197304642138136,
                    ],
                    [
                        0.039339049564540596, 0.029980245169680394, 0.04197304642138136,
                        0.039713812971297384,
                    ],
                ],
                [
                    [
                        0.26393504536700724, 0.08985130926552636, 0.1696562391579316,
                        0.039339049564540596,
                    ],
                    [
                        0.08985130926552636, 0.11194877024175245, 0.05112306089228308,
                        0.029980245169680394,
                    ],
                    [
                        0.1696562391579316, 0.05112306089228308, 0.18652752145014875,
                        0.04197304642138136,
                    ],
                    [
                        0.039339049564540596, 0.029980245169680394, 0.04197304642138136,
                        0.039713812971297384,
                    ],
                ],
                [
                    [
                        0.26393504536700724, 0.08985130926552636, 0.1696562391579316,
                        0.039339049564540596,
                    ],
                    [
                        0.08985130926552636, 0.11194877024175245, 0.05112306089228308,
                        0.029980245169680394,
                    ],
                    [
                        0.1696562391579316, 0.05112306089228308, 0.18652752145014875,
                        0.04197304642138136,
                    ],
                    [
                        0.039339049564540596, 0.029980245169680394, 0.04197304642138136,
                        0.039713812971297384,
                    ],
                ],
            ],
        },
    },
    ("VEE", 3): {
        "loglik": -237.56016279603898,
        "npar": 26,
        "bic": -605.3968432385806,
        "iterations": 22,
        "error": 6.314342605053016e-13,
        "inner_iterations": 10,
        "inner_error": 8.009098310758474e-13,
        "returncode": 0,
        "warning": None,
        "pro": [0.33333333333333226, 0.3121580184008723, 0.35450864826579526],
        "mean": [
            [5.006000000000001, 3.428000000000004, 1.4620000000000006, 0.24599999999999972],
            [5.931217433121844, 2.75619584623121, 4.225830580234209, 1.3048229238462234],
            [6.553266323412291, 2.9739698541626307, 5.504914410944833, 2.0028351876175385],
        ],
        "sigma": [
            [
                [
                    0.15510839156972586, 0.06403343108436489, 0.08889942005057108,
                    0.023901237401542288,
                ],
                [
                    0.06403343108436489, 0.08186771305073208, 0.03055846687171605,
                    0.017506835251727217,
                ],
                [
                    0.08889942005057108, 0.03055846687171605, 0.10010945081940903,
                    0.02491251935688882,
                ],
                [
                    0.023901237401542288, 0.017506835251727217, 0.02491251935688882,
                    0.021704385615878556,
                ],
            ],
            [
                [
                    0.21506214627227382, 0.08878415270002137, 0.1232615455872464,
                    0.033139737715790395,
                ],
                [
                    0.08878415270002137, 0.11351188611338522, 0.04237017356515579,
                    0.024273719336320065,
                ],
                [0.1232615455872464, 0.04237017356515579, 0.1388045684535545, 0.03454190858225496],
                [
                    0.033139737715790395, 0.024273719336320065, 0.03454190858225496,
                    0.030093740943562024,
                ],
            ],
            [
                [0.406197306217609, 0.16769052242184823, 0.232809486214141, 0.0625924758133394],
                [
                    0.16769052242184823, 0.21439487683975303, 0.08002640475999775,
                    0.04584683812191014,
                ],
                [0.232809486214141, 0.08002640475999775, 0.2621662750689307, 0.0652408174145324],
                [0.0625924758133394, 0.04584683812191014, 0.0652408174145324, 0.05683936814156774],
            ],
        ],
        "loglik_dens": -237.560162796039,
        "loglik_dens_absdiff": 2.842170943040401e-14,
        "restart_loglik_absdiff": 6.650680006714538e-11,
        "restart_iterations": 2,
        "polished": {
            "loglik": -237.560162795942,
            "loglik_gain": 9.697487257653847e-11,
            "me_param_maxreldiff": 1.8312482458459857e-07,
            "converged": True,
            "iterations": 79,
            "last_steps_max": 5.935425212917125e-14,
            "pro": [0.33333333333333226, 0.31215780476773014, 0.3545088618989375],
            "mean": [
                [5.006000000000001, 3.428000000000004, 1.4620000000000006, 0.24599999999999972],
                [5.931217421588316, 2.756195721527122, 4.225830238224226, 1.304822752066533],
                [6.553265958710608, 2.973969832734702, 5.504913941298991, 2.002834918241532],
            ],
            "sigma": [
                [
                    [
                        0.15510837264733104, 0.06403344833841472, 0.08889939913191765,
                        0.02390124997886772,
                    ],
                    [
                        0.06403344833841472, 0.08186772894894101, 0.030558448775417954,
                        0.01750682343610424,
                    ],
                    [
                        0.08889939913191765, 0.030558448775417954, 0.10010940678209614,
                        0.02491251791023328,
                    ],
                    [
                        0.02390124997886772, 0.01750682343610424, 0.02491251791023328,
                        0.021704380067779933,
                    ],
                ],
                [
                    [
                        0.2150620509707548, 0.08878414811108072, 0.1232614769987204,
                        0.033139744512099036,
                    ],
                    [
                        0.08878414811108072, 0.11351187170346506, 0.04237013486737281,
                        0.024273695158365395,
                    ],
                    [
                        0.1232614769987204, 0.04237013486737281, 0.13880446281887832,
                        0.034541895483632505,
                    ],
                    [
                        0.033139744512099036, 0.024273695158365395, 0.034541895483632505,
                        0.030093723586660567,
                    ],
                ],
                [
                    [
                        0.4061975637272912, 0.16769069437186815, 0.2328096074240282,
                        0.06259255606741158,
                    ],
                    [
                        0.16769069437186815, 0.21439508054511383, 0.08002641786515827,
                        0.04584684183695322,
                    ],
                    [
                        0.2328096074240282, 0.08002641786515827, 0.26216635792788406,
                        0.06524086294463094,
                    ],
                    [
                        0.06259255606741158, 0.04584684183695322, 0.06524086294463094,
                        0.05683939657976349,
                    ],
                ],
            ],
        },
    },
    ("EVE", 3): {
        "loglik": -234.14023506027007,
        "npar": 30,
        "bic": -618.5995289434278,
        "iterations": 19,
        "error": 5.935990281584001e-13,
        "inner_iterations": 2,
        "inner_error": 1.5753786726564545e-13,
        "returncode": 0,
        "warning": None,
        "pro": [0.33333333398810755, 0.3384509748432492, 0.32821569116864374],
        "mean": [
            [5.006000000847043, 3.427999998276195, 1.4620000040500796, 0.24600000181917764],
            [5.960606170561699, 2.755423549710881, 4.289977883588341, 1.324323061803217],
            [6.572792685023596, 2.9922118439681538, 5.541232538661332, 2.038643853097708],
        ],
        "sigma": [
            [
                [
                    0.13975147684865946, 0.05047405841931581, 0.06529148832647268,
                    0.017110251418233618,
                ],
                [
                    0.05047405841931581, 0.17525019527793256, -0.04927208936353639,
                    0.009042614734816755,
                ],
                [
                    0.06529148832647268, -0.04927208936353641, 0.1460412410992528,
                    0.025100182049882847,
                ],
                [
                    0.017110251418233618, 0.009042614734816759, 0.025100182049882847,
                    0.024095674741187605,
                ],
            ],
            [
                [
                    0.3396863249723479, 0.07445708000765057, 0.23296557564744472,
                    0.05304860603456657,
                ],
                [
                    0.07445708000765057, 0.09192669084777594, 0.05683971848399581,
                    0.025622814246053224,
                ],
                [
                    0.2329655756474447, 0.056839718483995806, 0.26484337945000996,
                    0.06696852798856001,
                ],
                [
                    0.053048606034566556, 0.025622814246053224, 0.06696852798856001,
                    0.031077398652453115,
                ],
            ],
            [
                [
                    0.27414186601967006, 0.0649840747616355, 0.2001553150526799,
                    0.050241404369851486,
                ],
                [
                    0.0649840747616355, 0.06570806960041622, 0.04849808327045084,
                    0.014791252277390412,
                ],
                [
                    0.2001553150526799, 0.048498083270450826, 0.21423382026638182,
                    0.04568532425886073,
                ],
                [
                    0.050241404369851486, 0.014791252277390412, 0.04568532425886073,
                    0.04453761448570675,
                ],
            ],
        ],
        "loglik_dens": -234.14023506027004,
        "loglik_dens_absdiff": 2.842170943040401e-14,
        "restart_loglik_absdiff": 1.929549853230128e-10,
        "restart_iterations": 3,
        "polished": {
            "loglik": -234.14023506005154,
            "loglik_gain": 2.1853452381037641e-10,
            "me_param_maxreldiff": 2.123608820959685e-07,
            "converged": True,
            "iterations": 1227,
            "last_steps_max": 7.656069418860973e-14,
            "pro": [0.33333333398814075, 0.33845103057440823, 0.3282156354374513],
            "mean": [
                [5.00600000084708, 3.4279999982761042, 1.4620000040502754, 0.24600000181926568],
                [5.960606304380274, 2.7554235692041917, 4.289978124289996, 1.3243231104170827],
                [6.572792650981559, 2.9922118640737496, 5.541232502917213, 2.038643924259898],
            ],
            "sigma": [
                [
                    [
                        0.13975149383553112, 0.05047426460563907, 0.06529132695994212,
                        0.01711023260853462,
                    ],
                    [
                        0.05047426460563908, 0.1752500036472277, -0.04927222238636988,
                        0.009042524420453215,
                    ],
                    [
                        0.06529132695994211, -0.049272222386369906, 0.14604147161123995,
                        0.02510023691160302,
                    ],
                    [
                        0.017110232608534615, 0.009042524420453217, 0.02510023691160302,
                        0.024095681311200854,
                    ],
                ],
                [
                    [
                        0.3396863324784525, 0.07445711265319956, 0.23296573612846325,
                        0.053048643286791285,
                    ],
                    [
                        0.07445711265319957, 0.09192669235001091, 0.05683976534953195,
                        0.02562282923006205,
                    ],
                    [
                        0.23296573612846327, 0.05683976534953193, 0.2648436480533228,
                        0.06696859437237973,
                    ],
                    [
                        0.05304864328679128, 0.02562282923006204, 0.06696859437237973,
                        0.031077414726044483,
                    ],
                ],
                [
                    [
                        0.274141785106254, 0.06498405482238492, 0.20015532620250845,
                        0.0502413984865867,
                    ],
                    [
                        0.06498405482238492, 0.06570802944167425, 0.048498126546542945,
                        0.01479126208503102,
                    ],
                    [
                        0.20015532620250848, 0.048498126546542945, 0.21423398210616448,
                        0.04568537765309332,
                    ],
                    [
                        0.05024139848658671, 0.014791262085031025, 0.04568537765309332,
                        0.04453761485906586,
                    ],
                ],
            ],
        },
    },
    ("VVE", 3): {
        "loglik": -215.2408703382824,
        "npar": 32,
        "bic": -590.822070087645,
        "iterations": 126,
        "error": 9.260939633351703e-13,
        "inner_iterations": 2,
        "inner_error": 6.010826939058082e-16,
        "returncode": 0,
        "warning": None,
        "pro": [0.33333333311687385, 0.3081784288941749, 0.3584882379889511],
        "mean": [
            [5.006000000329913, 3.4280000007328915, 1.4620000001086966, 0.2459999999664303],
            [5.927782754788093, 2.7741022363194277, 4.224424935093636, 1.3052898822892385],
            [6.549313597050501, 2.956158908667786, 5.4919236360804815, 1.9946851038511657],
        ],
        "sigma": [
            [
                [
                    0.08942170157863541, 0.03870078662827765, 0.03854358384934336,
                    0.011067221880309131,
                ],
                [
                    0.03870078662827765, 0.09445033830249241, -0.027865074701328256,
                    0.005416425254768645,
                ],
                [
                    0.03854358384934335, -0.027865074701328266, 0.1014387493875627,
                    0.01876269676381315,
                ],
                [
                    0.01106722188030913, 0.0054164252547686444, 0.018762696763813147,
                    0.017709209922096274,
                ],
            ],
            [
                [
                    0.2825364239599479, 0.07450845681975812, 0.20037231935062455,
                    0.046203838938908254,
                ],
                [
                    0.0745084568197581, 0.07571363280950395, 0.07021801672938147,
                    0.030657797757944825,
                ],
                [
                    0.20037231935062455, 0.07021801672938147, 0.22497691734773786,
                    0.06321964441396266,
                ],
                [
                    0.046203838938908254, 0.030657797757944825, 0.06321964441396266,
                    0.031932393041454656,
                ],
            ],
            [
                [0.4029858394257486, 0.10918398588032359, 0.2862321515879142, 0.07240890902469599],
                [
                    0.10918398588032359, 0.11323699775449982, 0.0983155122626885,
                    0.03518856580094186,
                ],
                [0.2862321515879142, 0.0983155122626885, 0.3269097824871318, 0.07980215424733145],
                [
                    0.07240890902469599, 0.03518856580094186, 0.07980215424733145,
                    0.07151733165228413,
                ],
            ],
        ],
        "loglik_dens": -215.24087033828246,
        "loglik_dens_absdiff": 5.6843418860808015e-14,
        "restart_loglik_absdiff": 6.960476639505941e-11,
        "restart_iterations": 78,
        "polished": {
            "loglik": -215.2408686764947,
            "loglik_gain": 1.6617877065527864e-06,
            "me_param_maxreldiff": 2.2276644043342412e-08,
            "converged": False,
            "iterations": 20001,
            "last_steps_max": 4.491211597483857e-09,
            "pro": [0.3333333331168742, 0.30817843343062873, 0.35848823345249714],
            "mean": [
                [5.006000000329912, 3.42800000073289, 1.4620000001086961, 0.24599999996643027],
                [5.927782761152055, 2.774102226134967, 4.2244249437973584, 1.3052898816308038],
                [6.5493135994447425, 2.956158919726786, 5.491923644637669, 1.994685113141081],
            ],
            "sigma": [
                [
                    [
                        0.08942169659427944, 0.038700774847030515, 0.03854359700788007,
                        0.011067224891026958,
                    ],
                    [
                        0.038700774847030515, 0.09445036262253748, -0.02786507731075493,
                        0.0054164319537923595,
                    ],
                    [
                        0.038543597007880084, -0.02786507731075493, 0.10143873336083767,
                        0.018762688115772336,
                    ],
                    [
                        0.011067224891026963, 0.00541643195379236, 0.018762688115772336,
                        0.01770920661313246,
                    ],
                ],
                [
                    [
                        0.28253644198137917, 0.0745084537509447, 0.20037231801458324,
                        0.04620383740921477,
                    ],
                    [
                        0.0745084537509447, 0.07571362721469428, 0.07021800456309846,
                        0.030657789951216992,
                    ],
                    [
                        0.20037231801458322, 0.07021800456309844, 0.22497691376302992,
                        0.06321963828010879,
                    ],
                    [
                        0.04620383740921478, 0.030657789951216992, 0.06321963828010879,
                        0.031932387035016586,
                    ],
                ],
                [
                    [
                        0.402985855284561, 0.10918398685365935, 0.28623215547667413,
                        0.07240891044473506,
                    ],
                    [
                        0.10918398685365938, 0.11323699086743996, 0.09831548779590535,
                        0.03518855243271994,
                    ],
                    [
                        0.2862321554766742, 0.09831548779590533, 0.3269097720804656,
                        0.07980214094551982,
                    ],
                    [
                        0.07240891044473506, 0.035188552432719934, 0.07980214094551982,
                        0.07151732458729473,
                    ],
                ],
            ],
        },
    },
    ("EEV", 3): {
        "loglik": -214.8503788735218,
        "npar": 36,
        "bic": -610.0836283345088,
        "iterations": 23,
        "error": 5.82258876528957e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.3333333333333326, 0.3237970509365143, 0.3428696157301531],
        "mean": [
            [5.006000000000001, 3.4280000000000026, 1.4620000000000006, 0.24599999999999983],
            [5.9356070990345655, 2.770676475933932, 4.241596122322502, 1.318047154747375],
            [6.570236874691157, 2.967687272298015, 5.533445554674259, 2.014041256354289],
        ],
        "sigma": [
            [
                [
                    0.244116053939125, 0.20023724484132802, 0.035851656531060705,
                    0.021325833659914858,
                ],
                [
                    0.20023724484132802, 0.2841157093233011, 0.02165037567332351,
                    0.018173218282452663,
                ],
                [
                    0.035851656531060705, 0.02165037567332351, 0.05128964927919604,
                    0.01008184259924695,
                ],
                [
                    0.021325833659914858, 0.018173218282452663, 0.01008184259924695,
                    0.02133739516882472,
                ],
            ],
            [
                [
                    0.2607424336332642, 0.0819238613940982, 0.17860458458717343,
                    0.054458163002959484,
                ],
                [
                    0.0819238613940982, 0.09427123583428769, 0.08541057188022819,
                    0.03888566298039483,
                ],
                [0.17860458458717343, 0.08541057188022819, 0.20286638143829436, 0.064142045121197],
                [
                    0.054458163002959484, 0.03888566298039483, 0.064142045121197,
                    0.042978756804600636,
                ],
            ],
            [
                [
                    0.27277640955302596, 0.06491453359724857, 0.20382315482603214,
                    0.03427758462195191,
                ],
                [
                    0.06491453359724857, 0.06837324215966192, 0.04601611366004379,
                    0.033287467200990274,
                ],
                [
                    0.20382315482603214, 0.04601611366004379, 0.20883933324375933,
                    0.04044600286555231,
                ],
                [
                    0.03427758462195191, 0.033287467200990274, 0.04044600286555231,
                    0.0508698227539995,
                ],
            ],
        ],
        "loglik_dens": -214.85037887352186,
        "loglik_dens_absdiff": 5.6843418860808015e-14,
        "restart_loglik_absdiff": 6.30961949354969e-11,
        "restart_iterations": 2,
        "polished": {
            "loglik": -214.85037887344842,
            "loglik_gain": 7.338485374930315e-11,
            "me_param_maxreldiff": 1.4192341897678802e-07,
            "converged": True,
            "iterations": 37,
            "last_steps_max": 7.837330979277057e-14,
            "pro": [0.3333333333333326, 0.32379686305873745, 0.3428698036079299],
            "mean": [
                [5.006000000000001, 3.4280000000000026, 1.4620000000000006, 0.24599999999999983],
                [5.935606962358091, 2.7706763670711196, 4.2415957177014425, 1.3180469291315573],
                [6.570236656015094, 2.967687267151707, 5.533445228909875, 2.014041088045124],
            ],
            "sigma": [
                [
                    [
                        0.24411604617602314, 0.20023724900578352, 0.035851652994235705,
                        0.021325832599529238,
                    ],
                    [
                        0.20023724900578352, 0.28411570116881874, 0.02165037929827944,
                        0.018173219179995818,
                    ],
                    [
                        0.035851652994235705, 0.02165037929827944, 0.0512896433417612,
                        0.010081841200017058,
                    ],
                    [
                        0.021325832599529238, 0.018173219179995818, 0.010081841200017058,
                        0.02133739428462271,
                    ],
                ],
                [
                    [
                        0.26074254756386067, 0.08192390087014986, 0.17860459775580725,
                        0.054458155366426564,
                    ],
                    [
                        0.08192390087014986, 0.09427129332757218, 0.08541054813886324,
                        0.03888564173241094,
                    ],
                    [
                        0.17860459775580725, 0.08541054813886324, 0.20286624368114048,
                        0.06414194851330998,
                    ],
                    [
                        0.054458155366426564, 0.03888564173241094, 0.06414194851330998,
                        0.04297870039865246,
                    ],
                ],
                [
                    [
                        0.2727763558370727, 0.06491450117216131, 0.20382316989492366,
                        0.034277615064034504,
                    ],
                    [
                        0.06491450117216131, 0.06837322798310555, 0.046016098470612526,
                        0.03328745682134883,
                    ],
                    [
                        0.20382316989492366, 0.046016098470612526, 0.20883936310470727,
                        0.04044604825430857,
                    ],
                    [
                        0.034277615064034504, 0.03328745682134883, 0.04044604825430857,
                        0.05086983804634052,
                    ],
                ],
            ],
        },
    },
    ("VEV", 3): {
        "loglik": -186.07328340382847,
        "npar": 38,
        "bic": -562.5507079833146,
        "iterations": 27,
        "error": 5.610708863216219e-13,
        "inner_iterations": 9,
        "inner_error": 3.716857117106376e-14,
        "returncode": 0,
        "warning": None,
        "pro": [0.33333333333333337, 0.3000182964311387, 0.366648370235528],
        "mean": [
            [5.005999999999999, 3.428000000000001, 1.4620000000000002, 0.24599999999999989],
            [5.914511543123718, 2.777610219471084, 4.2031994204300975, 1.2985570495129624],
            [6.546340265291616, 2.9492365662953928, 5.481082421552648, 1.9848512051269191],
        ],
        "sigma": [
            [
                [
                    0.13327356374159027, 0.10944298526216509, 0.019204361090765062,
                    0.011592662541741353,
                ],
                [
                    0.10944298526216509, 0.1550311572855558, 0.012101942557747098,
                    0.010015272723943295,
                ],
                [
                    0.019204361090765062, 0.012101942557747098, 0.028280653190998848,
                    0.005822017376183752,
                ],
                [
                    0.011592662541741353, 0.010015272723943295, 0.005822017376183752,
                    0.010689338815524306,
                ],
            ],
            [
                [
                    0.22539200149858898, 0.07613685249422045, 0.14655252602235502,
                    0.04322439115388627,
                ],
                [
                    0.07613685249422045, 0.08011629665101315, 0.07365439923995463,
                    0.0343299623767566,
                ],
                [0.14655252602235502, 0.07365439923995463, 0.165724516347671, 0.04933510015324898],
                [
                    0.04322439115388627, 0.0343299623767566, 0.04933510015324898,
                    0.033283660139571535,
                ],
            ],
            [
                [
                    0.42953661026289225, 0.10797148603719549, 0.3349700272795205,
                    0.06569474163588725,
                ],
                [
                    0.10797148603719549, 0.11614995087373724, 0.08947756671097312,
                    0.061572433078496455,
                ],
                [
                    0.3349700272795205, 0.08947756671097312, 0.36518978134244023,
                    0.08765675422619708,
                ],
                [
                    0.06569474163588725, 0.061572433078496455, 0.08765675422619708,
                    0.08690485531723434,
                ],
            ],
        ],
        "loglik_dens": -186.07328340382836,
        "loglik_dens_absdiff": 1.1368683772161603e-13,
        "restart_loglik_absdiff": 4.8402171159978025e-11,
        "restart_iterations": 2,
        "polished": {
            "loglik": -186.07328340377336,
            "loglik_gain": 5.510969458555337e-11,
            "me_param_maxreldiff": 2.0432014018386613e-07,
            "converged": True,
            "iterations": 36,
            "last_steps_max": 7.965656096257341e-14,
            "pro": [0.33333333333333337, 0.30001812581015536, 0.3666485408565114],
            "mean": [
                [5.005999999999999, 3.428000000000001, 1.4620000000000002, 0.24599999999999989],
                [5.91451143877546, 2.7776102059268406, 4.20319916360013, 1.2985569238339658],
                [6.546340056653472, 2.949236497511437, 5.481082037042708, 1.9848509885974694],
            ],
            "sigma": [
                [
                    [
                        0.13327358103114886, 0.10944300647525061, 0.019204362010780476,
                        0.01159266388113787,
                    ],
                    [
                        0.10944300647525061, 0.15503117799889013, 0.012101946958873216,
                        0.01001527504136025,
                    ],
                    [
                        0.019204362010780476, 0.012101946958873216, 0.028280653811090656,
                        0.005822017926231055,
                    ],
                    [
                        0.01159266388113787, 0.01001527504136025, 0.005822017926231055,
                        0.010689337941348923,
                    ],
                ],
                [
                    [
                        0.2253919288635044, 0.07613685402855551, 0.14655245371839493,
                        0.04322436304183746,
                    ],
                    [
                        0.07613685402855551, 0.0801162736149174, 0.07365437475393166,
                        0.034329949313847724,
                    ],
                    [
                        0.14655245371839493, 0.07365437475393166, 0.1657244016294057,
                        0.049335043487805985,
                    ],
                    [
                        0.04322436304183746, 0.034329949313847724, 0.049335043487805985,
                        0.03328362859953939,
                    ],
                ],
                [
                    [
                        0.4295366704216145, 0.10797149323153817, 0.3349701912518946,
                        0.0656948534266241,
                    ],
                    [
                        0.10797149323153817, 0.1161499774406432, 0.08947763187968424,
                        0.06157247043453334,
                    ],
                    [
                        0.3349701912518946, 0.08947763187968424, 0.3651900602782647,
                        0.08765694179648224,
                    ],
                    [
                        0.0656948534266241, 0.06157247043453334, 0.08765694179648224,
                        0.08690494672171631,
                    ],
                ],
            ],
        },
    },
    ("EVV", 3): {
        "loglik": -205.53588081751474,
        "npar": 42,
        "bic": -621.5184439870723,
        "iterations": 32,
        "error": 5.6489514921087e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.333333332493826, 0.35674711649130436, 0.3099195510148696],
        "mean": [
            [5.006000001274371, 3.428000002840893, 1.462000000408, 0.24599999986399973],
            [6.056010402865041, 2.819188788637867, 4.405142576656985, 1.364705893805562],
            [6.499113770606762, 2.9327907659583303, 5.482534903779105, 2.034329357559998],
        ],
        "sigma": [
            [
                [
                    0.2231578661739974, 0.1781978699611567, 0.02937464482037378,
                    0.018554336786462632,
                ],
                [
                    0.1781978699611567, 0.25807461593292835, 0.02101016465181817,
                    0.01669963635869526,
                ],
                [
                    0.02937464482037378, 0.02101016465181817, 0.054167520061904846,
                    0.01090094773454262,
                ],
                [
                    0.018554336786462632, 0.01669963635869526, 0.01090094773454262,
                    0.019947194792069193,
                ],
            ],
            [
                [0.3786483687226751, 0.14541340278382403, 0.3521606593330113, 0.10789678093134683],
                [
                    0.14541340278382403, 0.11770744386237268, 0.1608727730307974,
                    0.06314431434939279,
                ],
                [0.3521606593330113, 0.1608727730307974, 0.43641633329615404, 0.13689415189996945],
                [
                    0.10789678093134683, 0.06314431434939279, 0.13689415189996945,
                    0.05563917892419588,
                ],
            ],
            [
                [
                    0.25592558423588185, 0.03600374061448431, 0.19266310398591383,
                    0.04426301416780106,
                ],
                [
                    0.03600374061448431, 0.05827642460929538, 0.02574164676521233,
                    0.03629717368206356,
                ],
                [
                    0.19266310398591383, 0.02574164676521233, 0.20277190777366555,
                    0.04062747058896289,
                ],
                [
                    0.04426301416780106, 0.03629717368206356, 0.04062747058896289,
                    0.0537628177391035,
                ],
            ],
        ],
        "loglik_dens": -205.53588081751465,
        "loglik_dens_absdiff": 8.526512829121202e-14,
        "restart_loglik_absdiff": 6.227196536201518e-11,
        "restart_iterations": 2,
        "polished": {
            "loglik": -205.53588081744167,
            "loglik_gain": 7.30722149455687e-11,
            "me_param_maxreldiff": 1.153489462677629e-07,
            "converged": True,
            "iterations": 38,
            "last_steps_max": 6.708363308813549e-14,
            "pro": [0.3333333324938059, 0.35674726758914704, 0.30991939991704714],
            "mean": [
                [5.006000001274401, 3.4280000028409607, 1.46200000040801, 0.24599999986399648],
                [6.056010506089279, 2.8191889354931283, 4.405142962011264, 1.3647060686404262],
                [6.4991138678157725, 2.9327906522990594, 5.482534985469653, 2.03432948277567],
            ],
            "sigma": [
                [
                    [
                        0.22315788229288522, 0.17819788283250404, 0.029374646942124712,
                        0.01855433812666396,
                    ],
                    [
                        0.17819788283250404, 0.2580746345737756, 0.0210101661693832,
                        0.016699637564933454,
                    ],
                    [
                        0.029374646942124712, 0.0210101661693832, 0.054167523974476196,
                        0.010900948521929955,
                    ],
                    [
                        0.01855433812666396, 0.016699637564933454, 0.010900948521929955,
                        0.019947196232874723,
                    ],
                ],
                [
                    [
                        0.37864826442826527, 0.1454133459740146, 0.3521606169210159,
                        0.10789675666354348,
                    ],
                    [
                        0.1454133459740146, 0.11770738528617723, 0.16087276649705123,
                        0.06314432342865343,
                    ],
                    [
                        0.3521606169210159, 0.16087276649705123, 0.436416449919169,
                        0.13689420905712765,
                    ],
                    [
                        0.10789675666354348, 0.06314432342865343, 0.13689420905712765,
                        0.05563921286873944,
                    ],
                ],
                [
                    [
                        0.2559256100315797, 0.03600377653279597, 0.1926631140479531,
                        0.04426301680901796,
                    ],
                    [
                        0.03600377653279597, 0.058276466479334064, 0.025741701593010324,
                        0.03629722103567162,
                    ],
                    [
                        0.1926631140479531, 0.025741701593010324, 0.20277194649905048,
                        0.040627480588812055,
                    ],
                    [
                        0.04426301680901796, 0.03629722103567162, 0.040627480588812055,
                        0.05376282087582559,
                    ],
                ],
            ],
        },
    },
    ("VVV", 3): {
        "loglik": -180.18547713134683,
        "npar": 44,
        "bic": -580.8389072029289,
        "iterations": 25,
        "error": 5.109101958967684e-13,
        "inner_iterations": None,
        "inner_error": None,
        "returncode": 0,
        "warning": None,
        "pro": [0.3333333333333333, 0.29919332313380775, 0.36747334353285893],
        "mean": [
            [5.005999999999999, 3.4280000000000004, 1.4620000000000002, 0.24599999999999989],
            [5.9149696948543244, 2.777843656558763, 4.201553451009057, 1.2969669398592327],
            [6.544548794496135, 2.948661204912114, 5.479553722118885, 1.9846051351394198],
        ],
        "sigma": [
            [
                [0.1217640000000001, 0.09723199999999997, 0.016027999999999987, 0.010124],
                [0.09723199999999997, 0.14081599999999986, 0.011463999999999967, 0.009112],
                [0.016027999999999987, 0.011463999999999967, 0.02955600000000005, 0.005948],
                [0.010124, 0.009112, 0.005948, 0.010884000000000001],
            ],
            [
                [
                    0.2753187845924773, 0.09694135608353774, 0.18466242434551697,
                    0.05439075627185152,
                ],
                [
                    0.09694135608353774, 0.09264603496216652, 0.0911431639501466,
                    0.04299734614512609,
                ],
                [
                    0.18466242434551697, 0.0911431639501466, 0.20063049875297898,
                    0.06097850722849342,
                ],
                [
                    0.05439075627185152, 0.04299734614512609, 0.06097850722849342,
                    0.03199697177733283,
                ],
            ],
            [
                [
                    0.3870442963314963, 0.09220791992562077, 0.30281167897175576,
                    0.06165098268304995,
                ],
                [
                    0.09220791992562077, 0.1103377060654472, 0.08428754615096624,
                    0.05601148334120411,
                ],
                [0.30281167897175576, 0.08428754615096624, 0.327797203083277, 0.07452991252653232],
                [
                    0.06165098268304995, 0.05601148334120411, 0.07452991252653232,
                    0.08579766235352979,
                ],
            ],
        ],
        "loglik_dens": -180.1854771313468,
        "loglik_dens_absdiff": 2.842170943040401e-14,
        "restart_loglik_absdiff": 3.90230070479447e-11,
        "restart_iterations": 2,
        "polished": {
            "loglik": -180.1854771313033,
            "loglik_gain": 4.354205884737894e-11,
            "me_param_maxreldiff": 1.2253237812443914e-07,
            "converged": True,
            "iterations": 34,
            "last_steps_max": 6.092107469990717e-14,
            "pro": [0.3333333333333333, 0.2991931877362098, 0.3674734789304569],
            "mean": [
                [5.005999999999999, 3.4280000000000004, 1.4620000000000002, 0.24599999999999989],
                [5.914969588219838, 2.7778436466782077, 4.201553225699907, 1.2969668525668934],
                [6.5445486493450185, 2.948661150018109, 5.479553434677174, 1.9846049528479346],
            ],
            "sigma": [
                [
                    [0.1217640000000001, 0.09723199999999997, 0.016027999999999987, 0.010124],
                    [0.09723199999999997, 0.14081599999999986, 0.011463999999999967, 0.009112],
                    [0.016027999999999987, 0.011463999999999967, 0.02955600000000005, 0.005948],
                    [0.010124, 0.009112, 0.005948, 0.010884000000000001],
                ],
                [
                    [
                        0.2753187820156089, 0.09694138144477721, 0.1846623929648935,
                        0.054390739734950955,
                    ],
                    [
                        0.09694138144477721, 0.09264604136536042, 0.09114317418679813,
                        0.04299734740146419,
                    ],
                    [
                        0.1846623929648935, 0.09114317418679813, 0.2006304134641666,
                        0.060978470587520844,
                    ],
                    [
                        0.054390739734950955, 0.04299734740146419, 0.060978470587520844,
                        0.03199695404747499,
                    ],
                ],
                [
                    [
                        0.38704429398725076, 0.09220792075042211, 0.30281173099913056,
                        0.06165104853778814,
                    ],
                    [
                        0.09220792075042211, 0.11033770233612819, 0.08428757916138344,
                        0.056011503129942505,
                    ],
                    [
                        0.30281173099913056, 0.08428757916138344, 0.32779735857772235,
                        0.074530044191254,
                    ],
                    [
                        0.06165104853778814, 0.056011503129942505, 0.074530044191254,
                        0.08579773344419947,
                    ],
                ],
            ],
        },
    },
}


# --- nMclustParams(model, d, G) ----------------------------------------------------
N_PARAMS = {
    ("EII", 2, 1): 3,
    ("EII", 2, 2): 6,
    ("EII", 2, 3): 9,
    ("EII", 2, 5): 15,
    ("EII", 3, 1): 4,
    ("EII", 3, 2): 8,
    ("EII", 3, 3): 12,
    ("EII", 3, 5): 20,
    ("EII", 4, 1): 5,
    ("EII", 4, 2): 10,
    ("EII", 4, 3): 15,
    ("EII", 4, 5): 25,
    ("VII", 2, 1): 3,
    ("VII", 2, 2): 7,
    ("VII", 2, 3): 11,
    ("VII", 2, 5): 19,
    ("VII", 3, 1): 4,
    ("VII", 3, 2): 9,
    ("VII", 3, 3): 14,
    ("VII", 3, 5): 24,
    ("VII", 4, 1): 5,
    ("VII", 4, 2): 11,
    ("VII", 4, 3): 17,
    ("VII", 4, 5): 29,
    ("EEI", 2, 1): 4,
    ("EEI", 2, 2): 7,
    ("EEI", 2, 3): 10,
    ("EEI", 2, 5): 16,
    ("EEI", 3, 1): 6,
    ("EEI", 3, 2): 10,
    ("EEI", 3, 3): 14,
    ("EEI", 3, 5): 22,
    ("EEI", 4, 1): 8,
    ("EEI", 4, 2): 13,
    ("EEI", 4, 3): 18,
    ("EEI", 4, 5): 28,
    ("VEI", 2, 1): 4,
    ("VEI", 2, 2): 8,
    ("VEI", 2, 3): 12,
    ("VEI", 2, 5): 20,
    ("VEI", 3, 1): 6,
    ("VEI", 3, 2): 11,
    ("VEI", 3, 3): 16,
    ("VEI", 3, 5): 26,
    ("VEI", 4, 1): 8,
    ("VEI", 4, 2): 14,
    ("VEI", 4, 3): 20,
    ("VEI", 4, 5): 32,
    ("EVI", 2, 1): 4,
    ("EVI", 2, 2): 8,
    ("EVI", 2, 3): 12,
    ("EVI", 2, 5): 20,
    ("EVI", 3, 1): 6,
    ("EVI", 3, 2): 12,
    ("EVI", 3, 3): 18,
    ("EVI", 3, 5): 30,
    ("EVI", 4, 1): 8,
    ("EVI", 4, 2): 16,
    ("EVI", 4, 3): 24,
    ("EVI", 4, 5): 40,
    ("VVI", 2, 1): 4,
    ("VVI", 2, 2): 9,
    ("VVI", 2, 3): 14,
    ("VVI", 2, 5): 24,
    ("VVI", 3, 1): 6,
    ("VVI", 3, 2): 13,
    ("VVI", 3, 3): 20,
    ("VVI", 3, 5): 34,
    ("VVI", 4, 1): 8,
    ("VVI", 4, 2): 17,
    ("VVI", 4, 3): 26,
    ("VVI", 4, 5): 44,
    ("EEE", 2, 1): 5,
    ("EEE", 2, 2): 8,
    ("EEE", 2, 3): 11,
    ("EEE", 2, 5): 17,
    ("EEE", 3, 1): 9,
    ("EEE", 3, 2): 13,
    ("EEE", 3, 3): 17,
    ("EEE", 3, 5): 25,
    ("EEE", 4, 1): 14,
    ("EEE", 4, 2): 19,
    ("EEE", 4, 3): 24,
    ("EEE", 4, 5): 34,
    ("VEE", 2, 1): 5,
    ("VEE", 2, 2): 9,
    ("VEE", 2, 3): 13,
    ("VEE", 2, 5): 21,
    ("VEE", 3, 1): 9,
    ("VEE", 3, 2): 14,
    ("VEE", 3, 3): 19,
    ("VEE", 3, 5): 29,
    ("VEE", 4, 1): 14,
    ("VEE", 4, 2): 20,
    ("VEE", 4, 3): 26,
    ("VEE", 4, 5): 38,
    ("EVE", 2, 1): 5,
    ("EVE", 2, 2): 9,
    ("EVE", 2, 3): 13,
    ("EVE", 2, 5): 21,
    ("EVE", 3, 1): 9,
    ("EVE", 3, 2): 15,
    ("EVE", 3, 3): 21,
    ("EVE", 3, 5): 33,
    ("EVE", 4, 1): 14,
    ("EVE", 4, 2): 22,
    ("EVE", 4, 3): 30,
    ("EVE", 4, 5): 46,
    ("VVE", 2, 1): 5,
    ("VVE", 2, 2): 10,
    ("VVE", 2, 3): 15,
    ("VVE", 2, 5): 25,
    ("VVE", 3, 1): 9,
    ("VVE", 3, 2): 16,
    ("VVE", 3, 3): 23,
    ("VVE", 3, 5): 37,
    ("VVE", 4, 1): 14,
    ("VVE", 4, 2): 23,
    ("VVE", 4, 3): 32,
    ("VVE", 4, 5): 50,
    ("EEV", 2, 1): 5,
    ("EEV", 2, 2): 9,
    ("EEV", 2, 3): 13,
    ("EEV", 2, 5): 21,
    ("EEV", 3, 1): 9,
    ("EEV", 3, 2): 16,
    ("EEV", 3, 3): 23,
    ("EEV", 3, 5): 37,
    ("EEV", 4, 1): 14,
    ("EEV", 4, 2): 25,
    ("EEV", 4, 3): 36,
    ("EEV", 4, 5): 58,
    ("VEV", 2, 1): 5,
    ("VEV", 2, 2): 10,
    ("VEV", 2, 3): 15,
    ("VEV", 2, 5): 25,
    ("VEV", 3, 1): 9,
    ("VEV", 3, 2): 17,
    ("VEV", 3, 3): 25,
    ("VEV", 3, 5): 41,
    ("VEV", 4, 1): 14,
    ("VEV", 4, 2): 26,
    ("VEV", 4, 3): 38,
    ("VEV", 4, 5): 62,
    ("EVV", 2, 1): 5,
    ("EVV", 2, 2): 10,
    ("EVV", 2, 3): 15,
    ("EVV", 2, 5): 25,
    ("EVV", 3, 1): 9,
    ("EVV", 3, 2): 18,
    ("EVV", 3, 3): 27,
    ("EVV", 3, 5): 45,
    ("EVV", 4, 1): 14,
    ("EVV", 4, 2): 28,
    ("EVV", 4, 3): 42,
    ("EVV", 4, 5): 70,
    ("VVV", 2, 1): 5,
    ("VVV", 2, 2): 11,
    ("VVV", 2, 3): 17,
    ("VVV", 2, 5): 29,
    ("VVV", 3, 1): 9,
    ("VVV", 3, 2): 19,
    ("VVV", 3, 3): 29,
    ("VVV", 3, 5): 49,
    ("VVV", 4, 1): 14,
    ("VVV", 4, 2): 29,
    ("VVV", 4, 3): 44,
    ("VVV", 4, 5): 74,
}


# --- mclustBIC ---------------------------------------------------------------------
FAITHFUL_BIC = {
    "G": [1, 2, 3, 4, 5, 6, 7, 8, 9],
    "models": [
        "EII", "VII", "EEI", "VEI", "EVI", "VVI", "EEE", "VEE", "EVE", "VVE", "EEV", "VEV", "EVV",
        "VVV",
    ],
    "bic": [
        [
            -4024.721479367961, -4024.721479367961, -3055.8348615017917, -3055.8348615017917,
            -3055.8348615017917, -3055.8348615017917, -2607.6225004367084, -2607.6225004367084,
            -2607.6225004367084, -2607.6225004367084, -2607.6225004367084, -2607.6225004367084,
            -2607.6225004367084, -2607.6225004367084,
        ],
        [
            -3452.9984524307047, -3458.304985889148, -2354.6006444152736, -2350.6068100025104,
            -2352.617553923771, -2346.0649239516524, -2325.2199371825814, -2322.9719284507028,
            -2324.2727409895283, -2320.4329799443435, -2329.1154430458278, -2325.41644639875,
            -2327.597829398319, -2322.191959302956,
        ],
        [
            -3377.7013440056585, -3336.5979544132338, -2323.014411008939, -2332.6865009037424,
            -2332.204760763568, -2342.365809204477, -2314.3162956657766, -2322.1034899355313,
            -2342.3187101883773, -2336.2710354864917, -2325.3217415299787, -2329.648258918548,
            -2339.9830726767805, -2349.6962555794435,
        ],
        [
            -3230.2636385858095, -3242.8259671714195, -2323.672590607211, -2331.284342262559,
            -2334.7492663473586, -2343.4861437197483, -2331.222561386255, -2340.172594308601,
            -2361.821198315318, -2362.486759597459, -2351.522805188991, -2361.0840862672812,
            -2344.6862242456273, -2351.49322933888,
        ],
        [
            -3149.3943409262397, -3129.0799408001144, -2327.0589291106508, -2350.230263095493,
            -2347.5637705310946, -2351.0172409121997, -2360.659010104907, -2347.336586310478,
            -2351.8276938567005, -2368.9369697245747, -2356.855573019991, -2368.1005392785555,
            -2364.9003117739853, -2379.388089164292,
        ],
        [
            -3081.4137338019464, -3038.1711303104294, -2338.2049728989564, -2360.5778468574563,
            -2357.660100353165, -2373.4693200348242, -2347.352406789244, -2372.2867296865797,
            -2366.482078502103, -2386.5374271144515, -2366.086845369406, -2386.3226369888703,
            -2384.1171878966147, -2387.015674978132,
        ],
        [
            -2990.3670624678252, -2973.3743055921473, -2356.4539489024605, -2368.5126441687594,
            -2372.8505577732885, -2394.696083365737, -2369.329635234261, -2371.1752034252504,
            -2379.809757980586, -2402.2203604795345, -2379.071198876111, -2401.27036703357,
            -2398.7030365329038, -2412.440263117006,
        ],
        [
            -2978.0995967094404, -2935.0816485286227, -2364.140466710187, -2384.740448538978,
            -2389.063836795046, -2413.7050178841873, -2376.1043020487223, -2390.3910278621643,
            -2403.933635915503, -2425.955681674863, -2392.988318106788, -2425.425769659712,
            -2414.9624228120856, -2442.0177055398567,
        ],
        [
            -2953.35894684819, -2919.4148349896445, -2372.790443032034, -2398.223271633437,
            -2407.2242388418517, -2432.7084130011426, -2389.6094876486527, -2406.7323904103428,
            -2414.088631733786, -2448.2077092904215, -2407.500033327192, -2446.7255753473296,
            -2438.876223661855, -2460.3977168912675,
        ],
    ],
    "return_codes": [
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ],
    "best": ("EEE", 3),
    "top3": [
        ("EEE", 3, -2314.3162956657766),
        ("VVE", 2, -2320.4329799443435),
        ("VEE", 3, -2322.1034899355313),
    ],
}


IRIS_BIC = {
    "G": [1, 2, 3, 4, 5],
    "models": [
        "EII", "VII", "EEI", "VEI", "EVI", "VVI", "EEE", "VEE", "EVE", "VVE", "EEV", "VEV", "EVV",
        "VVV",
    ],
    "bic": [
        [
            -1804.0854378861204, -1804.0854378861204, -1522.1201527234473, -1522.1201527234473,
            -1522.1201527234473, -1522.1201527234473, -829.9781543618861, -829.9781543618861,
            -829.9781543618861, -829.9781543618861, -829.9781543618861, -829.9781543618861,
            -829.9781543618861, -829.9781543618861,
        ],
        [
            -1123.411740577141, -1012.2351797732123, -1042.9679168268704, -956.2822688708377,
            -1007.30822398448, -857.5514938686101, -688.0972201338288, -656.3270061194123,
            -657.2262803028948, -605.1840935078544, -644.5996993975298, -561.7284621150752,
            -658.3306308553312, -574.0178322698173,
        ],
        [
            -878.76498578855, -853.8144072128937, -813.0504330830204, -779.1565602525507,
            -797.8342009833607, -744.638183416487, -632.9647323228955, -605.3982484869526,
            -666.5491499963528, -636.4258665488592, -644.7810178593066, -562.5522369059065,
            -656.0359364879303, -580.8396304277085,
        ],
        [
            -893.6140463811669, -812.6047577578977, -827.4036121638513, -748.4528821538354,
            -837.5451683533302, -751.0197703144551, -646.0257629695157, -604.837146566826,
            -705.54347840588, -639.7078031971805, -699.8684165869533, -602.0103828768545,
            -725.2924894690925, -630.5999592017056,
        ],
        [
            -782.644053599508, -742.6083245989909, -741.918477886293, -688.3463094247943,
            -766.8158039442349, -711.4502401100599, -604.8130676033754, None, -723.7198695631184,
            -632.2055860202113, -652.2958632896166, -634.288991757445, None, -676.6060629503424,
        ],
    ],
    "return_codes": [
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 0],
    ],
    "best": ("VEV", 2),
    "top3": [
        ("VEV", 2, -561.7284621150752),
        ("VEV", 3, -562.5522369059065),
        ("VVV", 2, -574.0178322698173),
    ],
}


# --- conjugate prior, VVV, G = 2 ---------------------------------------------------
FAITHFUL_VVV_PRIOR_HYPER = {
    "shrinkage": 0.01,
    "mean": [3.487783088235294, 70.8970588235294],
    "dof": 4.0,
    "scale": [[0.6513641664247342, 6.988903923377469], [6.988903923377469, 92.41165617538529]],
}

FAITHFUL_VVV_PRIOR = {
    "loglik": -1130.5092636713675,
    "npar": 11,
    "bic": -2322.682350071991,
    "iterations": 15,
    "error": 5.859621824404532e-13,
    "inner_iterations": None,
    "inner_error": None,
    "returncode": 0,
    "warning": None,
    "pro": [0.35607572948581057, 0.6439242705141898],
    "mean": [[2.0370341377957644, 54.48526503118019], [4.290051857510197, 79.97283282522176]],
    "sigma": [
        [[0.07066892108887421, 0.47476863962747445], [0.47476863962747445, 32.060484427053936]],
        [[0.16560853203099185, 0.9314112061244949], [0.9314112061244949, 34.906364295292526]],
    ],
    "loglik_dens": -1130.509263671367,
    "loglik_dens_absdiff": 4.547473508864641e-13,
    "restart_loglik_absdiff": 1.566604623803869e-10,
    "restart_iterations": 2,
}

FAITHFUL_VVV_PRIOR_DEFAULT_CONTROL = {
    "loglik": -1130.511213304529,
    "npar": 11,
    "bic": -2322.686249338314,
    "iterations": 5,
    "error": 7.756845119728913e-06,
    "inner_iterations": None,
    "inner_error": None,
    "returncode": 0,
    "warning": None,
    "pro": [0.35610678732330775, 0.6438932126766921],
    "mean": [[2.0371105560038125, 54.4860587598543], [4.290118259149614, 79.97362314001887]],
    "sigma": [
        [[0.07072574597586843, 0.4753820159471315], [0.4753820159471315, 32.06521357757382]],
        [[0.16552836019422312, 0.9304083136335551], [0.9304083136335551, 34.895223182811336]],
    ],
    "loglik_dens": -1130.5112133045293,
    "loglik_dens_absdiff": 2.2737367544323206e-13,
    "restart_loglik_absdiff": 0.001875944519042605,
    "restart_iterations": 2,
}


# --- mixtools normalmixEM on faithful$waiting -------------------------------------
MIXTOOLS_WAITING = {
    "lambda": [0.3608498238352228, 0.6391501761647772],
    "mu": [54.613638293976564, 80.09031206611188],
    "sigma": [5.869089051617757, 5.869089051617757],
    "scale": None,
    "loglik": -1034.0017603581948,
    "iterations": 9,
    "restarts": 0,
    "printed": "number of iterations= 9",
    "all_loglik": [
        -1051.0896414204901, -1034.1677112631796, -1034.0134164915294, -1034.0027223412794,
        -1034.001841688178, -1034.001767269572, -1034.0017609460338, -1034.001760407907,
        -1034.0017603620936, -1034.0017603581948,
    ],
}

MIXTOOLS_REIMPL = {
    "lambda": [0.3608498238352228, 0.6391501761647772],
    "mu": [54.613638293976564, 80.09031206611188],
    "sigma": 5.869089051617757,
    "loglik": -1034.0017603581928,
    "iterations": 9,
    "all_loglik": [
        -1051.0896414204917, -1034.1677112631792, -1034.0134164915276, -1034.00272234128,
        -1034.0018416881785, -1034.0017672695726, -1034.0017609460328, -1034.001760407907,
        -1034.0017603620936, -1034.0017603581928,
    ],
}

MIXTOOLS_TEXTBOOK_EM = {
    "lambda": [0.3608498317619348, 0.6391501682380653],
    "mu": [54.61363854087814, 80.09031224267737],
    "sigma": 5.8690890000055065,
    "loglik": -1034.0017603582082,
    "iterations": 9,
    "all_loglik": [
        -1051.0896414204917, -1034.1738643760189, -1034.0139389900178, -1034.002762890763,
        -1034.0018450984876, -1034.0017675603708, -1034.0017609708284, -1034.0017604100196,
        -1034.0017603622737, -1034.0017603582082,
    ],
}

MIXTOOLS_MLE = {
    "lambda": [0.36084944268574803, 0.639150557314252],
    "mu": [54.613626336878106, 80.09030362411265],
    "sigma": 5.869091397766541,
    "loglik": -1034.0017603578299,
    "iterations": 24,
    "all_loglik": [
        -1051.0896414204917, -1034.1738643760189, -1034.0139389900178, -1034.002762890763,
        -1034.0018450984876, -1034.0017675603708, -1034.0017609708284, -1034.0017604100196,
        -1034.0017603622737, -1034.0017603582082, -1034.001760357862, -1034.0017603578324,
        -1034.00176035783, -1034.0017603578299, -1034.0017603578299, -1034.0017603578297,
        -1034.0017603578297, -1034.0017603578297, -1034.0017603578297, -1034.0017603578299,
        -1034.0017603578299, -1034.0017603578299, -1034.0017603578297, -1034.0017603578297,
        -1034.0017603578299,
    ],
}
