"""On PostgreSQL the record's tables refuse UPDATE and DELETE, whoever sends them. The one
update allowed is Django setting ``user_id`` or ``conference_id`` to NULL when the account or
conference is deleted (every other column unchanged): the username and the conference label
stay. TRUNCATE (the test runner's flush) is not a row operation and is not refused."""

from django.db import migrations

TABLES = ["audit_auditentry", "audit_destructionrecord"]

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
DECLARE
    old_row jsonb := to_jsonb(OLD);
    new_row jsonb := to_jsonb(NEW);
    reference text;
BEGIN
    IF TG_OP = 'UPDATE'
       AND (new_row - 'user_id' - 'conference_id') = (old_row - 'user_id' - 'conference_id')
    THEN
        FOREACH reference IN ARRAY ARRAY['user_id', 'conference_id'] LOOP
            IF new_row ->> reference IS NOT NULL
               AND new_row ->> reference IS DISTINCT FROM old_row ->> reference THEN
                RAISE EXCEPTION 'the record (%) is append-only: % refused', TG_TABLE_NAME, TG_OP;
            END IF;
        END LOOP;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the record (%) is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()"
        )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS audit_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_record")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
