"""/api/v1 under a fuzzer: Schemathesis generates requests from /api/v1/openapi.json for every
operation and sends each one with a token of every role and with none, first with the
generated ids and then with the ids of real records (a company, a programme, an application,
an agreement and its tranche), through the whole Django stack.

Every answer must be no server error, have a status, content type, headers and body that the
schema documents, and no write may succeed for a role whose capabilities do not allow it.
The examples per operation are few, so the suite stays fast; the property holds for any number."""

import itertools

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application as wsgi_application
from jiwon.accounts.models import ApiToken
from jiwon.accounts.tests.factories import UserFactory
from jiwon.api import api
from jiwon.applications.tests.factories import complete, open_program, started
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.pagination import MAX_PAGE
from jiwon.core.permissions import CAPABILITIES
from jiwon.core.roles import Role
from jiwon.grants.services.tranches import tranche_request
from jiwon.grants.tests.factories import active_agreement
from jiwon.programs.tests.factories import ProgramFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# The capabilities that allow each write, by operation id. A new write operation must be added
# here: the test refuses to fuzz a write it cannot judge.
WRITERS = {
    "companies_create": {"companies.create"},
    "companies_update": {"companies.change_all", "portal.enter"},
    "grants_tranche_request": {"grants.act"},
    "grants_tranche_decide": {"grants.approve_program", "grants.approve_finance"},
    "grants_expense_record": {"grants.act"},
    "loans_execute": {"loans.manage", "loans.bank_report"},
    "loans_event": {"loans.manage", "loans.bank_report"},
    "equipment_book": {"equipment.book", "equipment.manage"},
    "equipment_cancel": {"equipment.book", "equipment.manage"},
    "grants_report_save": {"grants.act"},
    "grants_report_submit": {"grants.act"},
    "grants_report_review": {"grants.review_reports"},
}
READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def load_schema():
    """The schema as /api/v1/openapi.json serves it, calling the WSGI application in-process.
    (Schemathesis' lazy fixture loader does not work with this pytest; the schema needs no
    database, so it is built at collection.)"""
    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
    loaded.app = wsgi_application
    return loaded


schema = load_schema()


def roles_allowed(capabilities: set[str]) -> set[str]:
    return {role for cap in capabilities for role in CAPABILITIES[cap].roles}


def token_for(user) -> str:
    raw = ApiToken.new_raw_value()
    ApiToken.objects.create(user=user, name="fuzz", token_hash=ApiToken.hash_of(raw), hint=raw[:7])
    return raw


@pytest.fixture
def in_test_transaction():
    """Requests run inside the test's transaction, as with Django's test client: the end of a
    request must not close the connection that holds it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, in_test_transaction, settings, tmp_path):
    """One user and token per role, and a record of every kind the API addresses by id."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # The fuzzer sends far more calls a minute than a client may; the limit has its own test.
    settings.JIWON_API_RATE_LIMIT = "100000/min"
    company = CompanyFactory()
    member = member_of(company)
    users = {role: UserFactory(role=role) for role in Role if role != Role.COMPANY_MEMBER}
    users[Role.COMPANY_MEMBER] = member
    program = open_program()
    application = complete(started(program, member, company), member)
    agreement = active_agreement(company, member)
    tranche = tranche_request(actor=member, agreement=agreement, requested_won=1_000_000, note="")
    ProgramFactory()  # a draft: only staff may read it
    return {
        "tokens": {role: token_for(user) for role, user in users.items()},
        "ids": {
            "company_id": company.pk,
            "program_id": program.pk,
            "application_id": application.pk,
            "agreement_id": agreement.pk,
            "tranche_id": tranche.pk,
        },
    }


def judge(case, response, role):
    case.validate_response(response, checks=CHECKS)
    method = case.operation.method.upper()
    if method in READ_METHODS:
        return
    operation_id = case.operation.definition.raw["operationId"]
    assert operation_id in WRITERS, f"add {operation_id} to WRITERS"
    if role not in roles_allowed(WRITERS[operation_id]):
        assert response.status_code >= 400, (
            f"{role or 'anonymous'} wrote through {method} {case.formatted_path}: "
            f"{response.status_code} {response.text[:300]}"
        )


CALLERS = [None, *Role]


@pytest.fixture(scope="module")
def rotation():
    """The next caller, in turn, so that over an operation's examples every role (and no
    credentials at all) gets generated requests without sending each one nine times."""
    return itertools.count()


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_it_answers_every_role_within_the_schema_and_refuses_forbidden_writes(
    case, world, rotation
):
    generated = dict(case.path_parameters or {})
    real = {**generated, **{k: world["ids"][k] for k in generated if k in world["ids"]}}
    # An operation without any input has one example: it is sent by every caller.
    varies = bool(generated or case.query or case.body)
    callers = [CALLERS[next(rotation) % len(CALLERS)]] if varies else CALLERS
    for path_parameters in [generated, real] if generated else [generated]:
        if case.path_parameters is not None:
            case.path_parameters = path_parameters
        for role in callers:
            headers = {"Accept-Language": "en"}
            if role is not None:
                headers["Authorization"] = f"Bearer {world['tokens'][role]}"
            judge(case, case.call(headers=headers), role)


@pytest.mark.parametrize("path", ["/programs", "/companies", "/grants/agreements"])
def test_it_refuses_a_page_past_the_last_one_instead_of_failing(world, client, path):
    # Found by probing what the examples above rarely reach: a 20-digit page overflowed the
    # database's OFFSET (500).
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world['tokens'][Role.AGENCY_ADMIN]}"}
    too_far = client.get(f"/api/v1{path}", {"page": 10**20}, **headers)
    assert too_far.status_code == 422
    assert too_far.json()["detail"][0]["field"] == "page"
    last = client.get(f"/api/v1{path}", {"page": MAX_PAGE}, **headers)
    assert last.status_code == 200
    assert last.json()["items"] == []


def test_it_pages_the_agreements_of_a_finance_officer(world, client):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world['tokens'][Role.FINANCE_OFFICER]}"}
    first = client.get("/api/v1/grants/agreements", {"page_size": 1}, **headers).json()
    assert [a["id"] for a in first["items"]] == [world["ids"]["agreement_id"]]
    assert first["page_size"] == 1 and not first["has_next"]
    filtered = client.get("/api/v1/grants/agreements", {"status": "closed"}, **headers).json()
    assert filtered["items"] == []


def test_it_knows_who_may_make_every_write_of_the_api():
    # The fuzzer reaches a write only when it generates a request for it: this names every
    # write the schema has, so that a new one without an entry fails at once, not by chance.
    paths = api.get_openapi_schema(path_prefix="/api/v1/")["paths"]
    writes = {
        operation["operationId"]
        for methods in paths.values()
        for method, operation in methods.items()
        if method.upper() not in READ_METHODS
    }
    assert writes - set(WRITERS) == set()
    assert set(WRITERS) - writes == set(), "WRITERS names an operation the API no longer has"
