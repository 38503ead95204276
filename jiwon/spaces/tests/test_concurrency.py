"""Two requests for one unit at the same moment: exactly one contract is signed, on SQLite and
on PostgreSQL."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, close_old_connections

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.roles import Role
from jiwon.spaces.models import ContractUnit
from jiwon.spaces.services.contracts import contract_sign
from jiwon.spaces.tests.factories import UnitFactory

REQUESTS = 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(5))
def test_two_simultaneous_contracts_for_one_unit_make_exactly_one(attempt):
    unit = UnitFactory()
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    companies = CompanyFactory.create_batch(REQUESTS)
    barrier = threading.Barrier(REQUESTS)
    outcomes: list[str] = []

    def ask(company):
        barrier.wait()
        try:
            contract_sign(actor=officer, company=company, units=[unit], start=date(2027, 1, 1))
            outcomes.append("signed")
        except ValidationError as exc:
            outcomes.append("taken" if unit.code in exc.messages[0] else exc.messages[0])
        except OperationalError:
            # SQLite's writer lock timed out: nothing was written.
            outcomes.append("busy")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=ask, args=(c,)) for c in companies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("signed") == 1
    assert set(outcomes) <= {"signed", "taken", "busy"}
    assert ContractUnit.objects.filter(unit=unit, live=True).count() == 1
