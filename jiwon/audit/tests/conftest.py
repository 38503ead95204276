from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from jiwon.audit.services import audit_record
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.actor import SYSTEM

KST = ZoneInfo("Asia/Seoul")


def kst(*args) -> datetime:
    return datetime(*args, tzinfo=KST)


@pytest.fixture
def record(db):
    """Append an entry the way a service does, optionally at a chosen time."""

    def make(*, actor=SYSTEM, action="companies.company_update", obj=None, changes=None, at=None):
        obj = obj if obj is not None else CompanyFactory()
        changes = {"employees": [10, 12]} if changes is None else changes
        with transaction.atomic():
            if at is None:
                return audit_record(actor=actor, action=action, obj=obj, changes=changes)
            with mock.patch("jiwon.audit.services.timezone.now", return_value=at):
                return audit_record(actor=actor, action=action, obj=obj, changes=changes)

    return make


@pytest.fixture
def client(client):
    # Assertions read the English msgids, whatever Korean translations exist.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
