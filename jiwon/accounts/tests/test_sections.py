"""The profile page shows the sections upper apps register (accounts knows none of them)."""

import pytest
from django.urls import reverse

from jiwon.accounts import sections
from jiwon.accounts.sections import ProfileSection, register_profile_section
from jiwon.accounts.tests.factories import UserFactory

PROFILE = reverse("accounts:profile")


@pytest.fixture
def registry(monkeypatch, tmp_path, settings):
    """An empty registry for the test, and a folder for its templates."""
    monkeypatch.setattr(sections, "_SECTIONS", {})
    folder = tmp_path / "templates"
    folder.mkdir()
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [folder]}]
    return folder


def add(registry, key, *, order, title, body, context):
    (registry / f"{key}.html").write_text(body, encoding="utf-8")
    return register_profile_section(
        ProfileSection(key=key, order=order, title=title, template=f"{key}.html", context=context)
    )


def test_it_shows_each_section_under_its_title_in_order(client, db, registry):
    add(registry, "later", order=20, title="Later", body="<p>two</p>", context=lambda v: {})
    add(
        registry,
        "first",
        order=10,
        title="First",
        body="<p>{{ greeting }} {{ viewer.username }}</p>",
        context=lambda viewer: {"greeting": "hello"},
    )
    user = UserFactory(username="alice")
    client.force_login(user)

    page = client.get(PROFILE).content.decode()

    assert '<section id="profile-first" aria-labelledby="profile-first-title">' in page
    assert '<h2 id="profile-first-title">First</h2>' in page
    assert "<p>hello alice</p>" in page
    assert page.index('id="profile-first"') < page.index('id="profile-later"')


def test_it_leaves_out_a_section_with_nothing_for_the_viewer(client, db, registry):
    add(
        registry,
        "staff",
        order=10,
        title="For staff only",
        body="secret",
        context=lambda viewer: {} if viewer.is_staff else None,
    )
    client.force_login(UserFactory())

    page = client.get(PROFILE).content.decode()

    assert "For staff only" not in page and "secret" not in page


def test_registering_a_key_again_replaces_the_section(registry):
    add(registry, "one", order=10, title="Old", body="", context=lambda v: {})
    add(registry, "one", order=10, title="New", body="", context=lambda v: {})

    assert [s.title for s in sections.profile_sections()] == ["New"]


@pytest.mark.parametrize("key", ["", "My Companies", "1st", "a_b"])
def test_a_section_key_is_a_lowercase_slug(key):
    with pytest.raises(ValueError, match="lowercase"):
        ProfileSection(key=key, order=1, title="x", template="x.html", context=lambda v: {})
