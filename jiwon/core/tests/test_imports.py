"""Imports as background tasks (jiwon/core/imports): the upload is stored and imported by a
task whose progress the page polls; a failed import writes nothing and lists its errors per
row in Korean and English; only the uploader sees the run."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.excel.workbooks import MAX_BYTES, ImportResult, RowError
from jiwon.core.imports import registry
from jiwon.core.imports.registry import ImportKind
from jiwon.core.imports.requests import import_request
from jiwon.core.imports.runner import import_run
from jiwon.core.models import ImportRun, ProgressStatus
from jiwon.core.roles import Role

pytestmark = pytest.mark.django_db

seen: list[tuple[int, str]] = []


def _fake(run, actor, file, progress):
    content = file.read()
    progress(0, "reading")
    progress(50, "checking")
    seen.append((run.progress, run.message))
    if content.startswith(b"bad"):
        return ImportResult(
            errors=[RowError(2, "이름", "이름을 입력하세요.", "Enter a name.")], error_count=1
        )
    if content.startswith(b"boom"):
        raise RuntimeError("the database went away")
    return ImportResult(created=3)


@pytest.fixture(autouse=True)
def kind(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    kinds = {}
    monkeypatch.setattr(registry, "_KINDS", kinds)
    registry.register_import(
        ImportKind(
            kind="things",
            label="Things",
            capability="companies.import",
            run=_fake,
            upload_url=lambda run: "/things/import/",
            done_url=lambda run: "/things/",
        )
    )
    seen.clear()


@pytest.fixture
def officer_client(officer):
    client = Client(headers={"accept-language": "en"})
    client.force_login(officer)
    return client


def upload(content=b"good", name="things.xlsx"):
    return SimpleUploadedFile(name, content)


def test_it_imports_in_a_task_and_reports_progress_on_the_run(officer, officer_client):
    run = import_request(actor=officer, kind="things", upload=upload())

    assert run.status == ProgressStatus.DONE and run.progress == 100
    assert run.created == 3 and run.error_count == 0
    # The task's progress(0–100) is 1–99 % of the run, written to the row as it goes.
    assert seen == [(50, "checking")]
    assert not run.file
    page = officer_client.get(reverse("core:import_status", args=[run.pk])).content.decode()
    assert "3 records imported." in page and 'href="/things/"' in page
    assert "hx-get" not in page


def test_it_lists_every_error_in_both_languages_and_offers_them_as_a_workbook(
    officer, officer_client
):
    run = import_request(actor=officer, kind="things", upload=upload(b"bad"))

    assert run.status == ProgressStatus.DONE and run.created == 0
    assert run.errors == [[2, "이름", "이름을 입력하세요.", "Enter a name.", ""]]
    page = officer_client.get(reverse("core:import_status", args=[run.pk])).content.decode()
    assert "Nothing was imported: the file has 1 error." in page
    assert "Enter a name." in page and "이름을 입력하세요." in page
    download = officer_client.get(reverse("core:import_errors", args=[run.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")


def test_it_marks_a_run_that_raised_as_failed_and_deletes_the_file(officer, officer_client):
    with pytest.raises(RuntimeError):
        run = ImportRun.objects.create(
            kind="things",
            file_name="things.xlsx",
            file_size=4,
            language="en",
            requested_by=officer,
        )
        run.file.save("x.xlsx", upload(b"boom"))
        import_run(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ProgressStatus.FAILED
    assert run.message == "the database went away"
    assert not run.file
    page = officer_client.get(reverse("core:import_status", args=[run.pk])).content.decode()
    assert "nothing was imported" in page


def test_it_imports_a_task_delivered_twice_once(officer):
    run = import_request(actor=officer, kind="things", upload=upload())
    seen.clear()
    assert import_run(run_id=run.pk).created == 3
    assert seen == []


def test_it_starts_again_a_run_that_was_cut_off(officer):
    run = ImportRun.objects.create(
        kind="things",
        file_name="things.xlsx",
        file_size=4,
        language="en",
        requested_by=officer,
        status=ProgressStatus.RUNNING,
        progress=40,
    )
    run.file.save("x.xlsx", upload())
    assert import_run(run_id=run.pk).status == ProgressStatus.DONE


def test_it_polls_a_queued_run_with_htmx_and_no_script(officer, officer_client):
    run = ImportRun.objects.create(
        kind="things",
        file_name="things.xlsx",
        file_size=4,
        language="en",
        requested_by=officer,
        message="queued",
    )
    url = reverse("core:import_status", args=[run.pk])
    fragment = officer_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert f'hx-get="{url}"' in fragment and 'hx-trigger="every 1s"' in fragment
    assert "Waiting for a worker" in fragment
    assert "<script" not in fragment
    page = officer_client.get(url).content.decode()
    assert "things.xlsx" in page and 'id="import-progress"' in page


def test_only_the_uploader_sees_the_run(officer, officer_client):
    run = import_request(actor=officer, kind="things", upload=upload())
    url = reverse("core:import_status", args=[run.pk])
    other = Client()
    other.force_login(UserFactory(role=Role.PROGRAM_OFFICER))
    assert other.get(url).status_code == 404
    assert other.get(reverse("core:import_errors", args=[run.pk])).status_code == 404
    member = Client()
    member.force_login(UserFactory(role=Role.COMPANY_MEMBER))
    assert member.get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_it_refuses_an_uploader_without_the_capability_and_a_file_too_large(officer):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        import_request(actor=UserFactory(role=Role.AUDITOR), kind="things", upload=upload())
    with pytest.raises(ValidationError):
        import_request(actor=officer, kind="things", upload=upload(b"x" * (MAX_BYTES + 1)))
    assert not ImportRun.objects.exists()
