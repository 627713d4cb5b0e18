"""statsmodels' ``summary_col`` labels the columns of mixture, HMM, MVN and factor
results by the data's column names (statsmodels reads ``model.endog_names``)."""

from __future__ import annotations

import pytest
from statsmodels.iolib.summary2 import summary_col

import emstats as em

FAITHFUL = ["eruptions", "waiting"]


@pytest.fixture(scope="module")
def fits():
    faithful = em.datasets.load_faithful()
    ability = em.datasets.load_ability_cov()
    return {
        "mixture": em.gaussian_mixture(faithful, k=2).fit(cov_type="louis"),
        "hmm": em.hmm(faithful, k=2).fit(),
        "mvn": em.mvn(faithful).fit(),
        "factor": em.factor(cov=ability, nobs=112, n_factors=2).fit(),
    }


@pytest.mark.parametrize("name", ["mixture", "hmm", "mvn", "factor"])
def test_summary_col_header_is_the_data_columns(fits, name: str) -> None:
    res = fits[name]
    columns = (list(em.datasets.load_ability_cov().columns) if name == "factor"
               else FAITHFUL)
    table = summary_col([res]).tables[0]
    assert table.columns.tolist() == [", ".join(columns)]
    assert "y1" not in str(summary_col([res]))


def test_summary_col_side_by_side(fits) -> None:
    table = summary_col([fits["mixture"], fits["hmm"]]).tables[0]
    # statsmodels makes equal names unique with Roman numerals
    assert table.columns.tolist() == ["eruptions, waiting I", "eruptions, waiting II"]
