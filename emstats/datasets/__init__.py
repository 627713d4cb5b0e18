"""Small published data sets used by the documentation and validation/.

Provenance of each file is in ``README.md`` beside this module.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

__all__ = [
    "load_ability_cov",
    "load_airquality",
    "load_areturns",
    "load_banknote",
    "load_betablocker",
    "load_bfi",
    "load_faithful",
    "load_fedfunds",
    "load_filardo",
    "load_harman23",
    "load_harman74",
    "load_iris",
    "load_jtrain",
    "load_kakadu",
    "load_mroz",
    "load_mumpspc",
    "load_npreg",
    "load_patent",
    "load_qlim_tobit",
    "load_rgnp",
    "load_tobin",
]


def _load(name: str) -> pd.DataFrame:
    with resources.files(__package__).joinpath(name).open("r") as fh:
        return pd.read_csv(fh)


def load_mroz() -> pd.DataFrame:
    """Mroz (1987) labour supply of 753 married women (Wooldridge's MROZ)."""
    return _load("mroz.csv")


def load_tobin() -> pd.DataFrame:
    """Tobin's (1958) 20 households: durable-goods spending, age and liquidity ratio."""
    return _load("tobin.csv")


def load_kakadu() -> pd.DataFrame:
    """Werner's (1999) Kakadu contingent-valuation survey, 1827 respondents."""
    return _load("kakadu.csv")


def load_qlim_tobit() -> pd.DataFrame:
    """The 17-row Tobit example of the SAS/ETS PROC QLIM manual."""
    return _load("qlim_tobit.csv")


def load_airquality() -> pd.DataFrame:
    """New York air quality, May to September 1973 (R's ``airquality``); NaN = missing."""
    return _load("airquality.csv")


def load_faithful() -> pd.DataFrame:
    """Old Faithful geyser: 272 eruption durations and waiting times (R's ``faithful``)."""
    return _load("faithful.csv")


def load_banknote() -> pd.DataFrame:
    """Flury and Riedwyl's (1988) 200 Swiss bank notes, 100 genuine and 100 counterfeit:
    six measurements in mm (mclust's ``banknote``)."""
    return _load("banknote.csv")


def load_iris() -> pd.DataFrame:
    """Fisher's (1936) iris data: four measurements of 150 flowers, three species."""
    return _load("iris.csv")


def load_rgnp() -> pd.DataFrame:
    """Hamilton's (1989) quarterly US real GNP growth, 1951Q2-1984Q4, and a recession dummy."""
    return _load("rgnp.csv")


def load_fedfunds() -> pd.DataFrame:
    """Stata's usmacro, 1954Q3-2010Q4: federal funds rate, output gap, inflation; NaN = missing."""
    return _load("fedfunds.csv")


def load_areturns() -> pd.DataFrame:
    """Stata's snp500: 521 weekly absolute returns of the S&P 500."""
    return _load("areturns.csv")


def load_mumpspc() -> pd.DataFrame:
    """Stata's mumpspc: 522 monthly mumps cases per capita, seasonally differenced at lag 12."""
    return _load("mumpspc.csv")


def load_filardo() -> pd.DataFrame:
    """Filardo's (1994) monthly industrial-production growth and leading indicator, 1948-1991."""
    return _load("filardo.csv")


def load_bfi() -> pd.DataFrame:
    """The 25 personality items of 2800 SAPA respondents (psych's ``bfi``); NaN = missing."""
    return _load("bfi.csv")


def _load_matrix(name: str, nobs: int) -> pd.DataFrame:
    with resources.files(__package__).joinpath(name).open("r") as fh:
        matrix = pd.read_csv(fh, index_col=0)
    matrix.attrs["nobs"] = nobs
    return matrix


def load_ability_cov() -> pd.DataFrame:
    """Covariances of six ability and intelligence tests, 112 subjects (Smith & Stanley
    1983; R's ``ability.cov``); ``attrs["nobs"]`` is 112."""
    return _load_matrix("ability_cov.csv", 112)


def load_harman23() -> pd.DataFrame:
    """Correlations of eight physical measurements of 305 girls (Harman 1976, Table 2.3;
    R's ``Harman23.cor``); ``attrs["nobs"]`` is 305."""
    return _load_matrix("harman23.csv", 305)


def load_harman74() -> pd.DataFrame:
    """Correlations of 24 psychological tests of 145 seventh- and eighth-grade children
    (Holzinger & Swineford 1939; Harman 1976, Table 7.4; R's ``Harman74.cor``);
    ``attrs["nobs"]`` is 145."""
    return _load_matrix("harman74.csv", 145)


def load_npreg() -> pd.DataFrame:
    """flexmix's ``NPreg``: 200 simulated rows of a two-class mixture of regressions with
    normal (``yn``), Poisson (``yp``) and binary (``yb``) outcomes of ``x``, and the true
    class."""
    return _load("npreg.csv")


def load_jtrain() -> pd.DataFrame:
    """Wooldridge's ``JTRAIN``: job-training grants and training hours per employee
    (``hrsemp``, 0 for 28% of the rows) of 157 Michigan manufacturing firms (``fcode``) in
    1987-1989 (Holzer, Block, Cheatham & Knott 1993): 471 firm-years, some missing."""
    return _load("jtrain.csv")


def load_patent() -> pd.DataFrame:
    """flexmix's ``patent``: patents, R&D spending (``lgRD``, log) and R&D per sales
    (``RDS``) of 70 pharmaceutical and biomedical companies in 1976 (Wang, Cockburn &
    Puterman 1998)."""
    return _load("patent.csv")


def load_betablocker() -> pd.DataFrame:
    """flexmix's ``betablocker``: deaths among patients treated with beta-blockers or
    controls in 22 centres of a clinical trial (Aitkin 1999): 44 rows."""
    return _load("betablocker.csv")
