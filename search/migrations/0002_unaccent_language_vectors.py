"""Accent-insensitive, per-language stored vectors (PostgreSQL only).

Three text search configurations, ``hub_english``, ``hub_french`` and ``hub_spanish``, copy
the built-in ones and pass every word through the ``unaccent`` dictionary before stemming,
so "gestion" finds "gestión" and "secheresse" finds "sécheresse".  A dictionary inside the
configuration keeps ``to_tsvector(regconfig, text)`` immutable, as a generated column needs
(the ``unaccent()`` function alone is only stable).

Each row's vector is built with the configuration of its ``language`` (English when
unknown).  PostgreSQL 15 cannot change a generated column's expression, so the columns and
their GIN indexes are dropped and added again; the database fills them in that statement.
A later migration that drops ``language`` must drop ``search_vector`` first.
"""

from django.db import migrations

CONFIGS = {"hub_english": "english", "hub_french": "french", "hub_spanish": "spanish"}
CONFIG_FOR = (
    "CASE language WHEN 'fr' THEN 'hub_french'::regconfig WHEN 'es' THEN 'hub_spanish'::regconfig "
    "ELSE 'hub_english'::regconfig END"
)


def _configs():
    statements = ["CREATE EXTENSION IF NOT EXISTS unaccent"]
    for name, base in CONFIGS.items():
        statements += [
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}",
            f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {base})",
            f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word "
            f"WITH unaccent, {base}_stem",
        ]
    return statements


def _columns(thread_config, post_config):
    return [
        "DROP INDEX IF EXISTS search_thread_vector_gin",
        "ALTER TABLE discussions_thread DROP COLUMN IF EXISTS search_vector",
        "ALTER TABLE discussions_thread ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS (setweight(to_tsvector({thread_config}, coalesce(title, '')), 'A')) STORED",
        "CREATE INDEX search_thread_vector_gin ON discussions_thread USING gin (search_vector)",
        "DROP INDEX IF EXISTS search_post_vector_gin",
        "ALTER TABLE discussions_post DROP COLUMN IF EXISTS search_vector",
        "ALTER TABLE discussions_post ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS (to_tsvector({post_config}, coalesce(body, ''))) STORED",
        "CREATE INDEX search_post_vector_gin ON discussions_post USING gin (search_vector)",
    ]


FORWARD = _configs() + _columns(CONFIG_FOR, CONFIG_FOR)
# Back to 0001's English-only vectors; the configurations go once nothing uses them.
BACKWARD = _columns("'english'", "'english'") + [f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {n}" for n in CONFIGS]


def _run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_vectors"),
        ("discussions", "0003_post_language"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
