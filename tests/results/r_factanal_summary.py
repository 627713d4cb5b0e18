"""print(factanal(factors = 2, covmat = ability.cov)) and the rotations converged.

GENERATED FILE -- do not edit by hand. Produced by ``tests/results/r_factanal_summary.R``
(R version 4.2.2 Patched (2022-11-10 r83330))::

    TIGHT <- list(opt = list(factr = 1, pgtol = 0, maxit = 10000))
    none <- factanal(factors = 2, covmat = ability.cov, rotation = "none",
                     control = TIGHT)                            # to round-off
    vari <- factanal(factors = 2, covmat = ability.cov)         # varimax, eps = 1e-5
    prom <- factanal(factors = 2, covmat = ability.cov, rotation = "promax")
    conv <- varimax(loadings(none), eps = 1e-14)$loadings       # converged varimax

``TIGHT_UNIQUENESSES``: ``none$uniquenesses``.
``FACTANAL_*``: factanal's (``vari``) loadings, uniquenesses, SS loadings
(``colSums(loadings^2)``), STATISTIC, dof, PVAL; ``PROMAX_PHI``: ``prom``'s factor
correlations (``solve(rotmat) %*% t(solve(rotmat))``). ``CONVERGED_*``: the loadings and
SS loadings of ``conv``, and the factor correlations of stats::promax run on ``conv``
(the .R script's promax_converged).
"""

import numpy as np

FACTANAL_VARIMAX = np.array([
    0.49943782903989237, 0.54344904693110307, 0.15607007943128628,
    0.62153798991196596, 0.20578698995858299, 0.85992588538427184,
    0.10853075444055588, 0.46776101732284181, 0.95624247027983134,
    0.18209631992181438, 0.78476818387786618, 0.22482213687364588,
]).reshape(6, 2)
FACTANAL_UNIQUENESSES = np.array([
    0.45522260843316814, 0.58933256168692194, 0.21817889379969149,
    0.76941673524577947, 0.052441170983900776, 0.33358974680529702,
])
TIGHT_UNIQUENESSES = np.array([
    0.45522417191804987, 0.58933216584121306, 0.21817956114329398,
    0.76942144731884587, 0.052451757674765044, 0.33358833306977348,
])
FACTANAL_SS = np.array([
    1.8581839890592575, 1.7236233001524552,
])
FACTANAL_STATISTIC = 6.1066165188030874
FACTANAL_DOF = 4
FACTANAL_PVALUE = 0.1913263141647546
PROMAX_PHI = 0.55692258355918844
PROMAX_SS = np.array([
    1.8526246786832639, 1.8074613007270846,
])
CONVERGED_VARIMAX = np.array([
    0.5011376132929195, 0.54188275560172816, 0.15801372734313124,
    0.62104709591518337, 0.20847634798451409, 0.85927763341381658,
    0.10999492963453174, 0.46741808708418464, 0.95680174619376368,
    0.17910516686261266, 0.78547180371935799, 0.22236391788293702,
]).reshape(6, 2)
CONVERGED_SS = np.array([
    1.8641040536576359, 1.7176985083550269,
])
CONVERGED_PROMAX_PHI = 0.55707876526650058
