"""The demo data set, loaded once for the test package (it takes a few seconds) and removed
afterwards; each test still runs in its own transaction. Tests that need it ask for
`demo_data` (module-level `pytestmark = pytest.mark.usefixtures("demo_data")`)."""

from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.test import override_settings
from django.utils import timezone

from jiwon.applications.models import Application
from jiwon.companies.models import Company
from jiwon.programs.models import Program
from jiwon.reviews.models import Committee, Score, Scorecard

# What a later load changes of the earlier load's rows: it finishes that year's calls
# (jiwon.demo.finish), moving programmes, applications, committees and scorecards on.
FINISHED_BY_A_LATER_LOAD: tuple[type[models.Model], ...] = (
    Program,
    Application,
    Committee,
    Scorecard,
    Score,
)

# Module or package scope cannot use the function-scoped fast-hashing fixture: match it here.
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


def rows_of(model: type[models.Model]) -> dict[int, dict]:
    return {row["id"]: row for row in model.objects.values()}


def put_back(saved: dict[type[models.Model], dict[int, dict]]) -> None:
    """Restore the fields of the rows in `saved` that have changed since (without save(), so
    no auto_now field moves)."""
    for model, rows in saved.items():
        for pk, now in rows_of(model).items():
            was = rows.get(pk)
            if was is not None and was != now:
                model.objects.filter(pk=pk).update(**{k: v for k, v in was.items() if k != "id"})


def jiwon_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("jiwon.")
        and isinstance(model._meta.pk, models.AutoField | models.BigAutoField)
    ]


def remove_rows_added_since(before: dict[type[models.Model], int]) -> None:
    """Delete every row added after `before` (the highest id per model). Rows that others
    protect are retried after those others are gone, so no list of models in dependency
    order has to be kept up to date as domains add their demo data."""
    left = dict(before)
    while left:
        for model, last_id in list(left.items()):
            try:
                with transaction.atomic():
                    model.objects.filter(pk__gt=last_id).delete()
            except models.ProtectedError as exc:
                # Rows of one model that protect each other (a ledger correction protects the
                # row it corrects) go newest first, one by one.
                if any(type(o) is not model for o in exc.protected_objects):
                    continue
                with transaction.atomic():
                    for row in model.objects.filter(pk__gt=last_id).order_by("-pk"):
                        row.delete()
            except (models.RestrictedError, IntegrityError):
                continue
            del left[model]
        if left == before:
            raise RuntimeError(f"cannot remove the demo rows of {sorted(m.__name__ for m in left)}")
        before = dict(left)


@pytest.fixture(scope="package")
def demo_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        before = {m: m.objects.aggregate(m=Max("pk"))["m"] or 0 for m in jiwon_models()}
        with override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
            call_command("demo", quiet=True)
        yield
        remove_rows_added_since(before)


@pytest.fixture(scope="module")
def demo_later(demo_data, django_db_blocker):
    """The demo loaded again with the clock frozen fourteen months after the package's load;
    yields that moment. Undone afterwards, closings and the calls it finished included."""
    moment = timezone.now() + timedelta(days=425)
    with django_db_blocker.unblock():
        before = {m: m.objects.aggregate(m=Max("pk"))["m"] or 0 for m in jiwon_models()}
        # A later load also changes companies of the earlier one (closes them, moves them up
        # the ladder): their fields are put back, or a company promoted later with no stage
        # change left after the removal would count on its new stage in every earlier year.
        finished = {model: rows_of(model) for model in FINISHED_BY_A_LATER_LOAD}
        registry = {
            pk: (stage, closed_on)
            for pk, stage, closed_on in Company.objects.values_list(
                "pk", "growth_stage", "closed_on"
            )
        }
        with (
            time_machine.travel(moment, tick=False),
            override_settings(PASSWORD_HASHERS=[FAST_HASHER]),
        ):
            call_command("demo", quiet=True)
        yield moment
        remove_rows_added_since(before)
        put_back(finished)
        for pk, stage, closed_on in Company.objects.values_list("pk", "growth_stage", "closed_on"):
            if pk in registry and registry[pk] != (stage, closed_on):
                was_stage, was_closed = registry[pk]
                Company.objects.filter(pk=pk).update(growth_stage=was_stage, closed_on=was_closed)
