"""Two bookings of one resource that hold it (awaiting approval, confirmed, checked in or used)
never overlap over [start, hold_end): an exclusion constraint on PostgreSQL, triggers on SQLite.
The booking service checks first and names the clash; this is the guarantee under races."""

from django.db import migrations

HOLDING = "('pending', 'confirmed', 'checked_in', 'completed')"

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"""ALTER TABLE equipment_booking ADD CONSTRAINT equipment_booking_no_overlap
        EXCLUDE USING gist (resource_id WITH =, tstzrange(start, hold_end, '[)') WITH &&)
        WHERE (status IN {HOLDING})""",
]
POSTGRES_BACK = ["ALTER TABLE equipment_booking DROP CONSTRAINT equipment_booking_no_overlap"]


def _sqlite_trigger(event: str) -> str:
    other = "AND b.id != NEW.id" if event == "UPDATE" else ""
    return f"""CREATE TRIGGER equipment_booking_no_overlap_{event.lower()}
        BEFORE {event} ON equipment_booking
        WHEN NEW.status IN {HOLDING}
        BEGIN
            SELECT RAISE(ABORT, 'equipment_booking_no_overlap')
            WHERE EXISTS (
                SELECT 1 FROM equipment_booking b
                WHERE b.resource_id = NEW.resource_id {other}
                  AND b.status IN {HOLDING}
                  AND b.start < NEW.hold_end AND NEW.start < b.hold_end
            );
        END"""


SQLITE = [_sqlite_trigger("INSERT"), _sqlite_trigger("UPDATE")]
SQLITE_BACK = [
    "DROP TRIGGER equipment_booking_no_overlap_insert",
    "DROP TRIGGER equipment_booking_no_overlap_update",
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
    dependencies = [("equipment", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
