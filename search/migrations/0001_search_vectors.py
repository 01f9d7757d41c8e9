"""Stored full-text vectors on the discussions tables (PostgreSQL only).

The discussions app owns ``discussions_thread`` and ``discussions_post``; search adds a
GENERATED ... STORED tsvector column to each, plus a GIN index, so the database keeps them
current on every insert and update without any code in the discussions services.
On SQLite nothing happens: search falls back to substring matching there.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE discussions_thread ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce(title, '')), 'A')) STORED",
    "CREATE INDEX IF NOT EXISTS search_thread_vector_gin ON discussions_thread USING gin (search_vector)",
    "ALTER TABLE discussions_post ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', coalesce(body, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS search_post_vector_gin ON discussions_post USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_post_vector_gin",
    "ALTER TABLE discussions_post DROP COLUMN IF EXISTS search_vector",
    "DROP INDEX IF EXISTS search_thread_vector_gin",
    "ALTER TABLE discussions_thread DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("discussions", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
