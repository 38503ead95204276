"""/api/v1/programs: the notice board as JSON, open to everyone, drafts for staff only."""

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from jiwon.accounts.models import ApiToken
from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.roles import Role
from jiwon.programs.models import Category, ProgramAttachment
from jiwon.programs.tests.factories import KST, ProgramFactory, rule_version_added
from jiwon.programs.workflow import ProgramStatus

# The day the dated examples in this module were written for (their dates are absolute).
WRITTEN_ON = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Seoul"))

pytestmark = pytest.mark.django_db

BASE = "/api/v1/programs"


def token_for(user) -> str:
    raw = ApiToken.new_raw_value()
    ApiToken.objects.create(user=user, name="script", token_hash=ApiToken.hash_of(raw))
    return raw


def get(path="", *, user=None, token=None, **params):
    extra = {"HTTP_ACCEPT_LANGUAGE": "en"}
    if user is not None:
        token = token_for(user)
    if token is not None:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return Client().get(BASE + path, params, **extra)


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title_ko"] for item in response.json()["items"]]


@pytest.fixture
def draft():
    return ProgramFactory(title_ko="초안 사업", status=ProgramStatus.DRAFT)


@pytest.fixture
def at(monkeypatch):
    def freeze(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return freeze


@time_machine.travel(WRITTEN_ON, tick=False)
def test_it_lists_public_programmes_to_anonymous_callers(draft):
    program = ProgramFactory(title_ko="청년 창업 지원", budget_won=300_000_000)
    response = get()
    assert titles(response) == ["청년 창업 지원"]
    item = response.json()["items"][0]
    assert item["id"] == program.pk
    assert item["agency"]["name_ko"] == "안양산업진흥원"
    assert item["category"] == "startup"
    assert item["budget_won"] == 300_000_000
    assert item["closes_at"] == "2026-12-31T18:00:00+09:00"
    assert item["url"] == f"http://testserver/notices/{program.pk}/"


def test_it_shows_one_public_programme_with_attachments_to_anonymous_callers(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    program = ProgramFactory(notice_text="공고 본문", contact_email="a@example.com")
    content = b"HWP"
    attachment = ProgramAttachment(
        program=program,
        name="공고문.hwp",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    attachment.file.save("f.bin", ContentFile(content), save=False)
    attachment.save()

    response = get(f"/{program.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["notice_text"] == "공고 본문"
    assert body["contact_email"] == "a@example.com"
    assert body["calendar_url"] == f"http://testserver/notices/{program.pk}/deadline.ics"
    [out] = body["attachments"]
    assert out["name"] == "공고문.hwp"
    assert out["size"] == 3
    assert out["sha256"] == hashlib.sha256(content).hexdigest()
    download = Client().get(out["download_url"].removeprefix("http://testserver"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize("who", ["anonymous", "company member", "evaluator"])
def test_it_hides_drafts_from_callers_who_do_not_read_every_programme(who, draft, member):
    user = {"anonymous": None, "company member": member}.get(who)
    if who == "evaluator":
        user = UserFactory(role=Role.EVALUATOR)
    assert get(user=user).json()["items"] == []
    missing = get(f"/{draft.pk}", user=user)
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found."}
    assert get(user=user, include_drafts="true").status_code == 403


def test_it_lets_staff_who_read_every_programme_see_drafts(draft, officer):
    ProgramFactory(title_ko="공개 사업")
    assert titles(get(user=officer)) == ["공개 사업"]
    assert set(titles(get(user=officer, include_drafts="true"))) == {"공개 사업", "초안 사업"}
    detail = get(f"/{draft.pk}", user=officer)
    assert detail.status_code == 200
    assert detail.json()["status"] == "draft"


def test_it_refuses_a_bad_token_even_on_public_endpoints():
    ProgramFactory()
    response = get(token="not-a-token")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="jiwon"'


def test_it_accepts_a_signed_in_browser_session(member):
    ProgramFactory(title_ko="공개 사업")
    client = Client()
    client.force_login(member)
    assert titles(client.get(BASE)) == ["공개 사업"]


def test_it_searches_with_every_word_korean_parts_and_any_case():
    ProgramFactory(title_ko="청년창업사관학교", title_en="Youth STARTUP academy")
    ProgramFactory(title_ko="청년 고용", title_en="Youth jobs")
    assert titles(get(q="창업")) == ["청년창업사관학교"]
    assert titles(get(q="youth startup")) == ["청년창업사관학교"]
    assert set(titles(get(q="청년"))) == {"청년창업사관학교", "청년 고용"}


def test_it_filters_by_category_fiscal_year_and_region():
    ProgramFactory(title_ko="수출", category=Category.EXPORT, fiscal_year=2025)
    ProgramFactory(title_ko="창업", category=Category.STARTUP)
    assert titles(get(category="export")) == ["수출"]
    assert titles(get(fiscal_year=2026)) == ["창업"]
    assert set(titles(get(region="41173"))) == {"수출", "창업"}
    assert titles(get(region="11")) == []


def test_it_filters_by_target_group_and_lists_each_programmes_groups():
    youth = ProgramFactory(title_ko="청년 창업")
    rule_version_added(
        youth,
        {
            "type": "all",
            "criteria": [
                {"type": "years_in_business", "max_years": 7, "prefounder": "allowed"},
                {"type": "representative_age", "max": 39},
            ],
        },
    )
    older = ProgramFactory(title_ko="중장년 창업")
    rule_version_added(older, {"type": "representative_age", "min": 40})
    ProgramFactory(title_ko="규칙 없는 사업")
    draft = ProgramFactory(title_ko="청년 초안", status=ProgramStatus.DRAFT)
    rule_version_added(draft, {"type": "representative_age", "max": 39})

    response = get(target="youth")
    assert titles(response) == ["청년 창업"]
    assert response.json()["items"][0]["target_groups"] == ["prefounder", "startup", "youth"]
    assert titles(get(target="middle_aged")) == ["중장년 창업"]
    groups = {p["title_ko"]: p["target_groups"] for p in get().json()["items"]}
    assert groups["규칙 없는 사업"] == []
    assert get(f"/{older.pk}").json()["target_groups"] == ["middle_aged"]


@time_machine.travel(WRITTEN_ON, tick=False)
def test_it_applies_the_window_to_the_minute_in_kst(at):
    ProgramFactory(title_ko="마감 사업")
    at(datetime(2026, 12, 31, 17, 59, 59, tzinfo=KST))
    response = get(status="open")
    assert titles(response) == ["마감 사업"]
    assert response.json()["items"][0]["state"] == "open"
    assert response.json()["items"][0]["days_left"] == 0
    at(datetime(2026, 12, 31, 18, 0, tzinfo=KST))
    assert titles(get(status="open")) == []
    closed = get(status="closed").json()["items"]
    assert [(p["state"], p["days_left"]) for p in closed] == [("closed", None)]


def test_it_pages_and_says_whether_there_is_a_next_page():
    for n in range(3):
        ProgramFactory(title_ko=f"사업 {n}", notice_date=datetime(2026, 11, 1 + n).date())
    first = get(page_size=2).json()
    assert [p["title_ko"] for p in first["items"]] == ["사업 2", "사업 1"]
    assert (first["page"], first["page_size"], first["has_next"]) == (1, 2, True)
    second = get(page_size=2, page=2).json()
    assert [p["title_ko"] for p in second["items"]] == ["사업 0"]
    assert second["has_next"] is False


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page_size": 101}, "page_size"),
        ({"page": 0}, "page"),
        ({"status": "ongoing"}, "status"),
        ({"category": "food"}, "category"),
        ({"target": "everyone"}, "target"),
    ],
)
def test_it_explains_bad_parameters(params, field):
    response = get(**params)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == [field]


def test_it_documents_the_endpoints_and_their_schemas_in_openapi():
    schema = Client().get("/api/v1/openapi.json").json()
    listing = schema["paths"]["/api/v1/programs"]["get"]
    detail = schema["paths"]["/api/v1/programs/{program_id}"]["get"]
    assert listing["operationId"] == "programs_list"
    assert detail["operationId"] == "programs_detail"
    # An empty requirement: calling without credentials is allowed.
    assert {} in listing["security"] and {} in detail["security"]
    params = {p["name"] for p in listing["parameters"]}
    assert {"q", "category", "status", "fiscal_year", "page", "page_size"} <= params
    components = schema["components"]["schemas"]
    for name in ("ProgramPage", "ProgramSummary", "ProgramOut", "AttachmentOut"):
        assert name in components
    state = components["ProgramSummary"]["properties"]["state"]
    assert state["enum"] == ["open", "upcoming", "closed"]
    assert "opens_at <= now < closes_at" in state["description"]
    assert components["AttachmentOut"]["properties"]["download_url"]["description"]


def test_it_documents_the_target_group_filter_and_field_in_openapi():
    schema = Client().get("/api/v1/openapi.json").json()
    listing = schema["paths"]["/api/v1/programs"]["get"]
    (target,) = [p for p in listing["parameters"] if p["name"] == "target"]
    assert "eligibility rule" in target["description"]
    assert "`youth`" in target["description"]
    components = schema["components"]["schemas"]
    enum = components["TargetGroup"]["enum"]
    assert enum == [
        "youth",
        "middle_aged",
        "prefounder",
        "startup",
        "women",
        "disabled",
        "social",
        "small_manufacturer",
    ]
    for name in ("ProgramSummary", "ProgramOut"):
        field = components[name]["properties"]["target_groups"]
        assert field["type"] == "array" and field["items"] == {"type": "string"}
        assert "eligibility rule" in field["description"]
        assert "target_groups" in components[name]["required"]
