"""Floor plans: PNG/JPEG images or SVG drawings, an SVG kept only as the sanitised document
(no script, foreign object, event handler or reference outside the plan), bounded in size,
served with its own content type and a policy under which nothing in it runs; the site page
places the units on it."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from jiwon.spaces.plans import MAX_BYTES, svg_sanitise
from jiwon.spaces.services.setup import floor_plan_upload

pytestmark = pytest.mark.django_db

MALICIOUS = """<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 100 60" onload="alert('svg')">
  <script>alert('script')</script>
  <style>rect { fill: url(https://evil.example/track.png) }</style>
  <rect id="room" x="1" y="1" width="30" height="20" fill="url(https://evil.example/a)"
        style="fill:url(https://evil.example/b)" onclick="alert('click')"/>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">html</div></foreignObject>
  <image href="https://evil.example/a.png" width="10" height="10"/>
  <a href="javascript:alert('link')"><text x="1" y="1">click me</text></a>
  <use xlink:href="https://evil.example/sprite.svg#icon"/>
  <use xlink:href="#room"/>
  <animate attributeName="href" to="javascript:alert('animate')"/>
  <rect x="40" y="1" width="20" height="20" fill="url(#shade)" stroke="#333"/>
  <text x="10" y="30" font-size="4">301호 &lt;회의실&gt;</text>
</svg>
""".encode()


def upload(content: bytes, name: str = "plan.svg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/svg+xml")


def test_it_keeps_the_drawing_and_drops_everything_that_runs_or_reaches_out():
    clean = svg_sanitise(MALICIOUS).decode()
    for gone in ("script", "alert", "foreignObject", "<image", "<a ", "evil.example", "<style",
                 "onload", "onclick", "animate", "style="):  # fmt: skip
        assert gone not in clean, gone
    assert 'viewBox="0 0 100 60"' in clean
    assert 'href="#room"' in clean and 'fill="url(#shade)"' in clean
    assert "301호 &lt;회의실&gt;" in clean
    assert clean.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns=')


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (
            b'<!DOCTYPE svg [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&lol2;</text></svg>',
            "DTD",
        ),
        (
            b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
            "DTD",
        ),
        (b"GIF89a not a drawing", "not a readable SVG"),
        (b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "root is not <svg>"),
        (b"<svg>" + b" " * MAX_BYTES + b"</svg>", "larger than 2 MB"),
    ],
    ids=["entities", "external-entity", "not-xml", "not-svg", "too-large"],
)
def test_it_refuses_what_is_not_a_safe_drawing(content, says):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        svg_sanitise(content, name="plan.svg")
    assert says in caught.value.messages[0]


def test_it_bounds_how_many_elements_a_plan_has():
    many = b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g/>" * 20_001 + b"</svg>"
    with translation.override("en"), pytest.raises(ValidationError, match="too complex"):
        svg_sanitise(many)


def test_it_stores_the_sanitised_plan_and_serves_it_so_that_nothing_in_it_runs(
    client, officer, unit, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    floor = unit.floor
    client.force_login(officer)
    response = client.post(
        reverse("spaces:floor_plan", args=[floor.pk]), {"plan": upload(MALICIOUS)}
    )
    assert response.status_code == 302
    floor.refresh_from_db()
    stored = floor.plan.read()
    assert b"script" not in stored and b"evil.example" not in stored

    served = client.get(reverse("spaces:floor_plan_file", args=[floor.pk]))
    assert served["Content-Type"] == "image/svg+xml"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(served.streaming_content) == stored


def test_it_places_the_units_on_the_plan_of_the_site_page(
    client, officer, unit, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    unit.plan_x, unit.plan_y = 25, 50
    unit.save()
    floor_plan_upload(actor=officer, floor=unit.floor, upload=upload(MALICIOUS))
    client.force_login(officer)
    page = client.get(reverse("spaces:site", args=[unit.floor.site.pk])).content.decode()
    assert reverse("spaces:floor_plan_file", args=[unit.floor.pk]) in page
    assert '<circle cx="25" cy="30" r="2" class="free"/>' in page
    assert f">{unit.code}</text>" in page


def test_it_refuses_a_malicious_upload_with_a_message_and_keeps_no_file(client, officer, floor):
    client.force_login(officer)
    bomb = b'<!DOCTYPE svg [<!ENTITY a "a">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    response = client.post(
        reverse("spaces:floor_plan", args=[floor.pk]), {"plan": upload(bomb)}, follow=True
    )
    assert "DTD" in response.content.decode()
    floor.refresh_from_db()
    assert not floor.plan


def test_it_still_takes_png_images_and_refuses_other_types(officer, floor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 64
    floor_plan_upload(actor=officer, floor=floor, upload=upload(png, "plan.png"))
    assert floor.plan.name.endswith(".png")
    with pytest.raises(ValidationError):
        floor_plan_upload(actor=officer, floor=floor, upload=upload(b"<html/>", "plan.html"))


def test_only_staff_readers_get_the_plan_file(client, floor):
    response = client.get(reverse("spaces:floor_plan_file", args=[floor.pk]))
    assert response.status_code == 302
