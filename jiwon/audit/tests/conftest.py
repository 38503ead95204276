from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from jiwon.audit.services import audit_record
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.actor import SYSTEM

KST = ZoneInfo("Asia/Seoul")


@pytest.fixture
def kst():
    """A moment in Korean time: kst(2026, 3, 10, 9, 30)."""

    def make(*args) -> datetime:
        return datetime(*args, tzinfo=KST)

    return make


@pytest.fixture
def record(db):
    """Append an entry the way a service does, optionally at a chosen time."""

    def make(*, actor=SYSTEM, action="companies.company_update", obj=None, changes=None, at=None):
        obj = obj if obj is not None else CompanyFactory()
        changes = {"employees": [10, 12]} if changes is None else changes
        with transaction.atomic():
            if at is None:
                return audit_record(actor=actor, action=action, obj=obj, changes=changes)
            with time_machine.travel(at, tick=False):
                return audit_record(actor=actor, action=action, obj=obj, changes=changes)

    return make


@pytest.fixture
def client(client):
    # Assertions read the English msgids, whatever Korean translations exist.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
