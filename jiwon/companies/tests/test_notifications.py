import pytest
from django.core import mail
from django.db import transaction

from jiwon.companies.notifications import notify_company
from jiwon.companies.tests.factories import member_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def templates(tmp_path, settings):
    folder = tmp_path / "templates" / "test"
    folder.mkdir(parents=True)
    (folder / "offer_subject.txt").write_text(
        "{% load i18n %}{% translate 'Supplement requested' %}", encoding="utf-8"
    )
    (folder / "offer_body.txt").write_text("{{ company.name_ko }}: {{ unit }}", encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates"]}]
    return "test/offer"


def test_it_emails_every_member_in_korean_and_english_once_the_write_commits(templates, company):
    member_of(company, email="a@example.com")
    member_of(company, email="b@example.com")
    member_of(company, email="")
    with transaction.atomic():
        notify_company(company=company, template=templates, context={"unit": "A-101"})
        assert mail.outbox == []
    [message] = mail.outbox
    assert message.to == ["a@example.com", "b@example.com"]
    assert message.subject.endswith(" / Supplement requested")
    assert message.body.count(f"{company.name_ko}: A-101") == 2


def test_nothing_leaves_when_the_write_rolls_back(templates, company):
    member_of(company, email="a@example.com")
    with pytest.raises(RuntimeError), transaction.atomic():
        notify_company(company=company, template=templates, context={"unit": "A-101"})
        raise RuntimeError("the offer failed")
    assert mail.outbox == []
