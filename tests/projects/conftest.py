import pytest

from tests.projects.factories import FundingSourceFactory


@pytest.fixture
def fiscal_source(db):
    return FundingSourceFactory(code="municipal", name="市级财政资金", is_fiscal=True, order=1)


@pytest.fixture
def social_source(db):
    return FundingSourceFactory(code="social", name="社会资本", is_fiscal=False, order=3)
