import pytest

from jiwon.loans.tests.factories import bank, bank_user, fund_round


@pytest.fixture
def fund(db):
    return fund_round()


@pytest.fixture
def ibk(db):
    return bank()


@pytest.fixture
def banker(ibk):
    return bank_user(ibk)
