"""Two live lines of one unit (contracts not cancelled) never overlap over [start, end) (half-
open dates: a contract ends at 00:00 of its end date, so one may end on the day the next
starts): an exclusion constraint on PostgreSQL, triggers on SQLite. The contract service checks
first and names the clash; this is the guarantee under races."""

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE spaces_contractunit ADD CONSTRAINT spaces_contractunit_no_overlap
        EXCLUDE USING gist (unit_id WITH =, daterange(start, "end", '[)') WITH &&)
        WHERE (live)""",
]
POSTGRES_BACK = ["ALTER TABLE spaces_contractunit DROP CONSTRAINT spaces_contractunit_no_overlap"]


def _sqlite_trigger(event: str) -> str:
    other = "AND l.id != NEW.id" if event == "UPDATE" else ""
    return f"""CREATE TRIGGER spaces_contractunit_no_overlap_{event.lower()}
        BEFORE {event} ON spaces_contractunit
        WHEN NEW.live
        BEGIN
            SELECT RAISE(ABORT, 'spaces_contractunit_no_overlap')
            WHERE EXISTS (
                SELECT 1 FROM spaces_contractunit l
                WHERE l.unit_id = NEW.unit_id {other}
                  AND l.live
                  AND l.start < NEW."end" AND NEW.start < l."end"
            );
        END"""


SQLITE = [_sqlite_trigger("INSERT"), _sqlite_trigger("UPDATE")]
SQLITE_BACK = [
    "DROP TRIGGER spaces_contractunit_no_overlap_insert",
    "DROP TRIGGER spaces_contractunit_no_overlap_update",
]


def forward(apps, schema_editor):
    statements = {"postgresql": POSTGRES, "sqlite": SQLITE}[schema_editor.connection.vendor]
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = {"postgresql": POSTGRES_BACK, "sqlite": SQLITE_BACK}[
        schema_editor.connection.vendor
    ]
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("spaces", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
