"""A resource's photo and manual: uploaded on the resource form (inspected by content), served
through the resource's access rules."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jiwon.audit.models import AuditEntry
from jiwon.equipment.models import Resource

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n% manual\n" + b"0" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def form_data(unit: Resource, **files) -> dict:
    data = {
        name: getattr(unit, f"{name}_id" if name in ("site", "kind") else name)
        for name in (
            "site", "category", "kind", "name_ko", "name_en", "model_name", "serial_number",
            "location", "specifications", "open_weekdays", "slot_minutes", "min_minutes",
            "max_minutes", "buffer_minutes", "min_notice_minutes", "max_ahead_days",
            "fee_per_hour_won", "checkin_before_minutes", "release_after_minutes",
        )
    }  # fmt: skip
    data.update(opens_at="09:00", closes_at="18:00", closed_on_holidays="on", active="on")
    data.update(files)
    return data


def test_staff_attach_a_photo_and_a_manual_on_the_resource_form(client, officer, unit):
    client.force_login(officer)

    response = client.post(
        reverse("equipment:resource_edit", args=[unit.pk]),
        form_data(
            unit,
            photo_file=SimpleUploadedFile("장비.png", PNG, content_type="image/png"),
            manual_file=SimpleUploadedFile("manual.pdf", PDF, content_type="application/pdf"),
        ),
    )

    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.photo.name.endswith(".png") and unit.manual.name.endswith(".pdf")
    audit = AuditEntry.objects.get(action="equipment.resource_files_set")
    assert "sha256" in str(audit.changes["manual"][1])
    page = client.get(reverse("equipment:resource", args=[unit.pk])).content.decode()
    assert reverse("equipment:resource_photo", args=[unit.pk]) in page
    assert reverse("equipment:resource_manual", args=[unit.pk]) in page


def test_a_photo_that_is_not_an_image_is_refused_with_the_reason(client, officer, unit):
    client.force_login(officer)

    response = client.post(
        reverse("equipment:resource_edit", args=[unit.pk]),
        form_data(unit, photo_file=SimpleUploadedFile("photo.png", PDF, content_type="image/png")),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "is not a PNG file" in response.content.decode()
    unit.refresh_from_db()
    assert not unit.photo


def test_the_photo_is_public_and_the_manual_needs_a_signed_in_user(client, member, unit):
    unit.photo.save("p.png", SimpleUploadedFile("p.png", PNG), save=False)
    unit.manual.save("m.pdf", SimpleUploadedFile("m.pdf", PDF), save=False)
    unit.save()

    photo = client.get(reverse("equipment:resource_photo", args=[unit.pk]))
    anonymous = client.get(reverse("equipment:resource_manual", args=[unit.pk]))
    client.force_login(member)
    manual = client.get(reverse("equipment:resource_manual", args=[unit.pk]))

    assert photo.status_code == 200 and b"".join(photo.streaming_content) == PNG
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    assert manual.status_code == 200 and "attachment" in manual["Content-Disposition"]


def test_an_inactive_resources_files_are_for_staff_only(client, member, officer, unit):
    unit.photo.save("p.png", SimpleUploadedFile("p.png", PNG), save=False)
    unit.active = False
    unit.save()

    client.force_login(member)
    assert client.get(reverse("equipment:resource_photo", args=[unit.pk])).status_code == 404
    client.force_login(officer)
    assert client.get(reverse("equipment:resource_photo", args=[unit.pk])).status_code == 200


def test_a_member_cannot_upload_files(client, member, unit):
    client.force_login(member)

    response = client.post(
        reverse("equipment:resource_edit", args=[unit.pk]),
        form_data(unit, photo_file=SimpleUploadedFile("p.png", PNG)),
    )

    assert response.status_code == 403
    unit.refresh_from_db()
    assert not unit.photo
