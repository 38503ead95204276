from datetime import date

import pytest

from jiwon.companies.services import company_close
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.actor import SystemActor
from jiwon.programs.selectors.rules import company_table, eligible_company_ids
from jiwon.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_a_closed_business_is_nobodys_candidate():
    running = CompanyFactory(founded_on=date(2015, 1, 1))
    closed = CompanyFactory(founded_on=date(2015, 1, 1))
    company_close(actor=SystemActor("test"), company=closed, closed_on=date(2024, 5, 31))

    table = company_table()
    eligible = eligible_company_ids(ProgramFactory(), table=table)

    assert running.pk in table.ids and closed.pk not in table.ids
    assert running.pk in eligible and closed.pk not in eligible
