import json
import re
from datetime import date, timedelta
from typing import get_args

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiwon.accounts.models import ApiToken
from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.companies.models import Company, GrowthStage, GrowthStageChange
from jiwon.companies.schemas import StageFilter
from jiwon.companies.tests.factories import (
    CertificationFactory,
    CompanyFactory,
    ksic,
    member_of,
    region,
    valid_brn,
)
from jiwon.core.permissions import CAPABILITIES, Capability
from jiwon.core.roles import Role

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


def token_for(user, *, revoked: bool = False) -> str:
    raw = ApiToken.new_raw_value()
    ApiToken.objects.create(
        user=user,
        name="script",
        token_hash=ApiToken.hash_of(raw),
        hint=raw[:7],
        revoked_at=timezone.now() if revoked else None,
    )
    return raw


def call(method, path, *, user=None, token=None, data=None, lang="en", client=None, **extra):
    """One API request as `user` (through a fresh token) or with the raw `token` given."""
    client = client or Client()
    if user is not None:
        token = token_for(user)
    if token is not None:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    extra["HTTP_ACCEPT_LANGUAGE"] = lang
    send = getattr(client, method)
    if method == "get":
        return send(BASE + path, data or {}, **extra)
    return send(BASE + path, json.dumps(data or {}), content_type="application/json", **extra)


def fields_of(response) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["detail"]}


def new_company_payload(**overrides) -> dict:
    payload = {
        "kind": "company",
        "brn": "124-81-00998",
        "legal_form": "corporation",
        "name_ko": "안양전자",
        "representative_name": "김대표",
        "representative_birth_date": "1975-04-09",
        "founded_on": "2020-01-15",
        "ksic": "26211",
        "region": "41173",
        "employees": 12,
        "annual_sales_won": 3_500_000_000,
    }
    payload.update(overrides)
    return payload


# --- authentication -------------------------------------------------------------------------


def test_it_accepts_a_valid_token(officer, company):
    response = call("get", "/companies", user=officer)
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [company.pk]


@pytest.mark.parametrize(
    "header",
    ["Bearer jw_not-a-real-token", "Bearer ", "Token jw_whatever", ""],
    ids=["wrong", "empty", "other-scheme", "missing"],
)
def test_it_refuses_requests_without_a_valid_token_with_401_json(header, company):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = Client().get(f"{BASE}/companies", **extra)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Authorization: Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_a_revoked_token(officer):
    response = call("get", "/companies", token=token_for(officer, revoked=True))
    assert response.status_code == 401


def test_it_refuses_the_token_of_a_deactivated_user(officer):
    token = token_for(officer)
    officer.is_active = False
    officer.save()
    assert call("get", "/companies", token=token).status_code == 401


def test_it_does_not_fall_back_to_the_session_when_the_token_is_wrong(officer):
    client = Client()
    client.force_login(officer)
    assert call("get", "/me", client=client).status_code == 200
    assert call("get", "/me", client=client, token="jw_wrong").status_code == 401


def test_it_refuses_a_role_without_the_api_capability(monkeypatch, user_with_role):
    monkeypatch.setitem(
        CAPABILITIES, "api.use", Capability("api.use", frozenset({Role.AGENCY_ADMIN}), "")
    )
    response = call("get", "/me", user=user_with_role(Role.MENTOR))
    assert response.status_code == 403
    assert "not allowed to use the API" in response.json()["detail"]


def test_it_records_when_a_token_was_last_used_at_most_once_a_minute(officer):
    token = token_for(officer)
    api_token = ApiToken.objects.get(token_hash=ApiToken.hash_of(token))
    assert api_token.last_used_at is None

    call("get", "/me", token=token)
    api_token.refresh_from_db()
    first_use = api_token.last_used_at
    assert first_use is not None and timezone.now() - first_use < timedelta(seconds=10)

    recent = timezone.now() - timedelta(seconds=50)
    ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=recent)
    call("get", "/me", token=token)
    api_token.refresh_from_db()
    assert api_token.last_used_at == recent

    stale = timezone.now() - timedelta(seconds=61)
    ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=stale)
    call("get", "/me", token=token)
    api_token.refresh_from_db()
    assert api_token.last_used_at > stale + timedelta(seconds=30)


def test_it_accepts_the_signed_in_session(member, company):
    client = Client()
    client.force_login(member)
    response = client.get(f"{BASE}/companies/{company.pk}")
    assert response.status_code == 200
    assert response.json()["name_ko"] == company.name_ko


def test_it_needs_the_csrf_token_for_writes_through_the_session(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    docs = client.get(reverse("api-1.0.0:openapi-view")).content.decode()
    # The docs page sends this header with every "Try it out" request.
    csrf_token = re.search(r'data-csrf-token="(\w+)"', docs).group(1)

    refused = call("post", "/companies", client=client, data=new_company_payload())
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not Company.objects.exists()

    accepted = call(
        "post",
        "/companies",
        client=client,
        data=new_company_payload(),
        HTTP_X_CSRFTOKEN=csrf_token,
    )
    assert accepted.status_code == 201


def test_it_does_not_ask_token_clients_for_a_csrf_token(officer):
    client = Client(enforce_csrf_checks=True)
    response = call("post", "/companies", client=client, user=officer, data=new_company_payload())
    assert response.status_code == 201


# --- list -----------------------------------------------------------------------------------


@pytest.fixture
def registry(db):
    """Four companies that differ in one filterable attribute each."""
    anyang = CompanyFactory(name_ko="안양반도체", name_en="Anyang Semi", brn=valid_brn(1))
    CertificationFactory(company=anyang, kind="venture")
    anyang.growth_stage = "BLUE100"
    anyang.save()
    seoul = CompanyFactory(
        name_ko="서울소프트",
        brn=valid_brn(2),
        ksic=ksic("58221"),
        region=region("11110"),
    )
    CertificationFactory(company=seoul, kind="venture", valid_to=date(2021, 1, 1))
    manan = CompanyFactory(name_ko="만안정밀", brn=valid_brn(3), region=region("41171"))
    prefounder = CompanyFactory(
        kind="prefounder", brn=None, legal_form="", founded_on=None, name_ko="예비창업자김"
    )
    return {"anyang": anyang, "seoul": seoul, "manan": manan, "prefounder": prefounder}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"anyang", "seoul", "manan", "prefounder"}),
        ({"q": "anyang semi"}, {"anyang"}),
        ({"q": valid_brn(2)[:3] + "-" + valid_brn(2)[3:5]}, {"seoul"}),
        ({"ksic": "582"}, {"seoul"}),
        ({"region": "41171"}, {"manan"}),
        ({"stage": "BLUE100"}, {"anyang"}),
        ({"stage": "none"}, {"seoul", "manan", "prefounder"}),
        ({"certification": "venture"}, {"anyang"}),
        ({"kind": "prefounder"}, {"prefounder"}),
        ({"local_only": "true"}, {"anyang", "manan", "prefounder"}),
    ],
)
def test_it_filters_the_list_like_the_ui(registry, officer, query, expected):
    response = call("get", "/companies", user=officer, data=query)
    assert response.status_code == 200
    names = {
        name for name, c in registry.items() if c.pk in {i["id"] for i in response.json()["items"]}
    }
    assert names == expected


def test_it_pages_without_counting(registry, officer):
    first = call("get", "/companies", user=officer, data={"page_size": 3}).json()
    second = call("get", "/companies", user=officer, data={"page_size": 3, "page": 2}).json()
    assert (len(first["items"]), first["has_next"], first["page_size"]) == (3, True, 3)
    assert (len(second["items"]), second["has_next"], second["page"]) == (1, False, 2)
    all_ids = {i["id"] for i in first["items"]} | {i["id"] for i in second["items"]}
    assert len(all_ids) == 4


@pytest.mark.parametrize(("size", "status"), [(100, 200), (101, 422), (0, 422)])
def test_it_caps_the_page_size_at_100(officer, size, status):
    response = call("get", "/companies", user=officer, data={"page_size": size})
    assert response.status_code == status
    if status == 422:
        assert set(fields_of(response)) == {"page_size"}


def test_it_rejects_an_unknown_filter_value_naming_the_choices(officer):
    response = call("get", "/companies", user=officer, data={"stage": "G999"})
    assert response.status_code == 422
    assert "BLUE100" in fields_of(response)["stage"]


def test_it_shows_a_member_only_their_own_company(registry, company, member):
    response = call("get", "/companies", user=member)
    assert [i["id"] for i in response.json()["items"]] == [company.pk]


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.MENTOR])
def test_it_shows_evaluators_and_mentors_no_companies(registry, user_with_role, role):
    response = call("get", "/companies", user=user_with_role(role))
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_it_leaves_the_representatives_birth_date_out_of_lists(company, officer):
    item = call("get", "/companies", user=officer).json()["items"][0]
    assert "representative_birth_date" not in item


# --- detail ---------------------------------------------------------------------------------


def test_it_shows_a_company_with_certifications_and_stage_history(company, officer):
    CertificationFactory(company=company, kind="innobiz", number="I-1")
    GrowthStageChange.objects.create(company=company, stage="G240", effective_on=date(2023, 3, 1))
    GrowthStageChange.objects.create(
        company=company, stage="BLUE100", effective_on=date(2024, 3, 1)
    )

    body = call("get", f"/companies/{company.pk}", user=officer).json()

    assert body["brn"] == f"{company.brn[:3]}-{company.brn[3:5]}-{company.brn[5:]}"
    assert body["ksic"] == {
        "code": "26211",
        "revision": 11,
        "name_ko": company.ksic.name_ko,
        "name_en": company.ksic.name_en,
    }
    assert body["region"] == {"code": "41173", "name_ko": company.region.name_ko}
    assert body["is_local"] is True
    assert body["annual_sales_won"] == 1_000_000_000
    assert body["representative_birth_date"] == "1980-05-01"
    assert body["founded_on"] == "2015-03-02"
    assert body["legal_form"] == "corporation"
    assert body["created_at"].endswith("+09:00")
    assert [(c["kind"], c["number"], c["valid_today"]) for c in body["certifications"]] == [
        ("innobiz", "I-1", True)
    ]
    assert [s["stage"] for s in body["stage_history"]] == ["BLUE100", "G240"]


def test_it_lists_a_companys_certifications(company, member):
    CertificationFactory(company=company, kind="venture", valid_to=date(2021, 12, 31))
    body = call("get", f"/companies/{company.pk}/certifications", user=member).json()
    assert [(c["kind"], c["valid_to"], c["valid_today"]) for c in body] == [
        ("venture", "2021-12-31", False)
    ]


def test_it_shows_a_prefounder_without_business_number(officer):
    prefounder = CompanyFactory(kind="prefounder", brn=None, legal_form="", founded_on=None)
    body = call("get", f"/companies/{prefounder.pk}", user=officer).json()
    assert (body["kind"], body["brn"], body["legal_form"]) == ("prefounder", None, None)


def test_it_refuses_a_member_another_companys_detail_with_403_json(company, member):
    other = CompanyFactory()
    response = call("get", f"/companies/{other.pk}", user=member)
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to do this."}


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.MENTOR])
def test_it_refuses_evaluators_and_mentors_a_company(company, user_with_role, role):
    response = call("get", f"/companies/{company.pk}", user=user_with_role(role))
    assert response.status_code == 403


def test_it_answers_404_json_for_a_missing_company(officer):
    response = call("get", "/companies/999999", user=officer)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


# --- create ---------------------------------------------------------------------------------


def test_it_lets_an_officer_register_a_company_and_audits_it(officer):
    response = call("post", "/companies", user=officer, data=new_company_payload())

    assert response.status_code == 201
    body = response.json()
    assert body["brn"] == "124-81-00998"
    assert body["annual_sales_won"] == 3_500_000_000
    company = Company.objects.get(pk=body["id"])
    assert company.brn == "1248100998"
    assert company.ksic.revision == 11
    assert company.is_local
    entry = AuditEntry.objects.get(action="companies.company_create", object_id=str(company.pk))
    assert entry.actor == officer
    assert entry.changes["brn"] == [None, "1248100998"]


def test_it_registers_a_prefounder_without_a_business_number(officer):
    payload = new_company_payload(
        kind="prefounder",
        brn=None,
        legal_form=None,
        founded_on=None,
        region="11110",
        employees=0,
        annual_sales_won=0,
    )
    response = call("post", "/companies", user=officer, data=payload)
    assert response.status_code == 201
    assert response.json()["is_local"] is False


def test_it_rejects_an_invalid_business_number_on_the_brn_field(officer):
    response = call("post", "/companies", user=officer, data=new_company_payload(brn="1248100997"))
    assert response.status_code == 422
    assert "check digit" in fields_of(response)["brn"]
    assert not Company.objects.exists()


def test_it_rejects_a_business_number_already_registered(officer, company):
    response = call("post", "/companies", user=officer, data=new_company_payload(brn=company.brn))
    assert response.status_code == 422
    assert "brn" in fields_of(response)


def test_it_stores_a_business_number_typed_in_mathematical_digits_as_ascii(officer, company):
    bold = str.maketrans("0123456789", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗")
    response = call(
        "post",
        "/companies",
        user=officer,
        data=new_company_payload(brn="124-81-00998".translate(bold)),
    )
    assert response.status_code == 201
    assert Company.objects.get(pk=response.json()["id"]).brn == "1248100998"
    again = call(
        "post",
        "/companies",
        user=officer,
        data=new_company_payload(brn=company.brn.translate(bold)),
    )
    assert again.status_code == 422
    assert "brn" in fields_of(again)


def test_it_answers_in_the_requested_language(officer):
    payload = new_company_payload(name_ko="  ")
    english = call("post", "/companies", user=officer, data=payload, lang="en")
    korean = call("post", "/companies", user=officer, data=payload, lang="ko")
    assert fields_of(english)["name_ko"] == "This field cannot be blank."
    assert fields_of(korean)["name_ko"] == "이 필드는 빈 칸으로 둘 수 없습니다."


@pytest.mark.parametrize("code", ["2621", "26", "99999"])
def test_it_accepts_only_5_digit_ksic_codes_of_the_11th_revision(officer, code):
    response = call("post", "/companies", user=officer, data=new_company_payload(ksic=code))
    assert response.status_code == 422
    assert "11th revision" in fields_of(response)["ksic"]


def test_it_names_the_new_code_for_a_retired_region_code(officer):
    response = call("post", "/companies", user=officer, data=new_company_payload(region="29110"))
    assert response.status_code == 422
    assert "12210" in fields_of(response)["region"]


def test_it_reports_wrongly_typed_fields_by_name(officer):
    payload = new_company_payload(employees="many", representative_birth_date="1975-13-40")
    del payload["name_ko"]
    response = call("post", "/companies", user=officer, data=payload)
    assert response.status_code == 422
    assert fields_of(response) == {
        "employees": "Enter a whole number.",
        "representative_birth_date": "Enter a valid date.",
        "name_ko": "This field is required.",
    }


@pytest.mark.parametrize("role", [Role.CITY_VIEWER, Role.COMPANY_MEMBER, Role.EVALUATOR])
def test_it_refuses_creation_to_roles_without_the_capability(user_with_role, role):
    response = call("post", "/companies", user=user_with_role(role), data=new_company_payload())
    assert response.status_code == 403
    assert not Company.objects.exists()


# --- update ---------------------------------------------------------------------------------


def test_it_lets_an_officer_change_some_fields_and_keeps_the_rest(company, officer):
    response = call(
        "patch",
        f"/companies/{company.pk}",
        user=officer,
        data={"name_en": "Anyang Chips", "annual_sales_won": 2_000_000_000, "region": "41171"},
    )

    assert response.status_code == 200
    company.refresh_from_db()
    assert (company.name_en, company.annual_sales_won) == ("Anyang Chips", 2_000_000_000)
    assert company.region.code == "41171"
    assert company.representative_name == "홍길동"
    assert company.ksic.code == "26211"
    entry = AuditEntry.objects.get(action="companies.company_update", object_id=str(company.pk))
    assert entry.changes["name_en"] == ["", "Anyang Chips"]
    assert set(entry.changes) == {"name_en", "annual_sales_won", "region"}


def test_it_lets_an_officer_correct_the_business_number(company, officer):
    response = call("patch", f"/companies/{company.pk}", user=officer, data={"brn": "124-81-00998"})
    assert response.status_code == 200
    company.refresh_from_db()
    assert company.brn == "1248100998"


def test_it_lets_a_member_edit_their_own_company(company, member):
    response = call("patch", f"/companies/{company.pk}", user=member, data={"employees": 15})
    assert response.status_code == 200
    assert response.json()["employees"] == 15


def test_it_keeps_members_from_changing_the_business_number(company, member):
    same = call("patch", f"/companies/{company.pk}", user=member, data={"brn": company.brn_display})
    changed = call("patch", f"/companies/{company.pk}", user=member, data={"brn": "124-81-00998"})
    assert same.status_code == 200
    assert changed.status_code == 422
    assert "agency staff" in fields_of(changed)["brn"]
    company.refresh_from_db()
    assert company.brn != "1248100998"


def test_it_refuses_a_member_another_companys_update(company, member):
    other = CompanyFactory(name_en="")
    response = call("patch", f"/companies/{other.pk}", user=member, data={"name_en": "Mine now"})
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.name_en == ""


@pytest.mark.parametrize("role", [Role.CITY_VIEWER, Role.EVALUATOR])
def test_it_refuses_updates_to_read_only_roles(company, user_with_role, role):
    response = call("patch", f"/companies/{company.pk}", user=user_with_role(role), data={})
    assert response.status_code == 403


@pytest.mark.parametrize("field", ["name_ko", "region", "representative_birth_date"])
def test_it_refuses_to_null_a_required_field_but_clears_an_optional_one(company, officer, field):
    company.address = "경기도 안양시"
    company.save()
    nulled = call("patch", f"/companies/{company.pk}", user=officer, data={field: None})
    cleared = call("patch", f"/companies/{company.pk}", user=officer, data={"address": None})
    assert nulled.status_code == 422
    assert fields_of(nulled) == {field: "This field cannot be null."}
    assert cleared.status_code == 200
    company.refresh_from_db()
    assert company.address == ""


def test_it_writes_nothing_when_a_patch_is_invalid(company, officer):
    response = call(
        "patch", f"/companies/{company.pk}", user=officer, data={"name_en": "X", "ksic": "00000"}
    )
    assert response.status_code == 422
    company.refresh_from_db()
    assert company.name_en == ""
    assert not AuditEntry.objects.filter(action="companies.company_update").exists()


# --- me and the schema ----------------------------------------------------------------------


def test_it_tells_the_caller_who_they_are(company, member):
    body = call("get", "/me", user=member).json()
    assert (body["username"], body["role"]) == (member.username, "company_member")
    assert "portal.enter" in body["capabilities"]
    assert "companies.view_all" not in body["capabilities"]
    assert [(c["id"], c["membership"]) for c in body["companies"]] == [(company.pk, "owner")]


def test_it_publishes_the_openapi_schema_and_docs_page(db):
    schema = Client().get(f"{BASE}/openapi.json").json()
    paths = schema["paths"]
    assert set(paths["/api/v1/companies"]) == {"get", "post"}
    assert set(paths["/api/v1/companies/{company_id}"]) == {"get", "patch"}
    assert "/api/v1/companies/{company_id}/certifications" in paths
    assert "/api/v1/me" in paths
    assert "CompanyOut" in schema["components"]["schemas"]
    assert reverse("api-1.0.0:openapi-view") == f"{BASE}/docs"
    docs = Client().get(f"{BASE}/docs")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


def test_the_stage_filter_names_every_growth_stage():
    assert get_args(StageFilter) == ("none", *GrowthStage.values)


@pytest.mark.parametrize(
    ("role", "birth_date", "recorded"),
    [
        (Role.PROGRAM_OFFICER, "1975-04-09", True),
        (Role.AUDITOR, None, True),
        (Role.CITY_VIEWER, None, None),
        (Role.FINANCE_OFFICER, None, None),
    ],
)
def test_the_api_gives_the_birth_date_only_to_who_needs_it(role, birth_date, recorded):
    company = CompanyFactory(representative_birth_date=date(1975, 4, 9))
    body = call("get", f"/companies/{company.pk}", user=UserFactory(role=role)).json()
    assert body["representative_birth_date"] == birth_date
    assert body["representative_birth_date_recorded"] is recorded


def test_a_member_reads_their_own_companys_birth_date():
    company = CompanyFactory(representative_birth_date=date(1975, 4, 9))
    body = call("get", f"/companies/{company.pk}", user=member_of(company)).json()
    assert body["representative_birth_date"] == "1975-04-09"
