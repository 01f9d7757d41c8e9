"""The embedded default (SQLite in a file) takes two writers at once without "database is locked".

The failure it guards against: two transactions both read, one writes and commits, and the
other's first write then finds its read snapshot stale; with SQLite's default deferred
transactions that is an immediate ``OperationalError: database is locked`` (the busy timeout
cannot help).  The settings begin every transaction IMMEDIATE, so the second writer waits.

Runs in a fresh interpreter on the database settings of hub.settings.base pointed at a
temporary file, whatever database the test suite itself uses.
"""

import json
import subprocess
import sys

from hub.tests.test_settings import ROOT, clean_env

WRITERS = """
import json, sys, threading
import django
from django.conf import settings
from hub.settings import base

settings.configure(DATABASES=base.DATABASES, INSTALLED_APPS=[], USE_TZ=True)
django.setup()
from django.db import connection, connections, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE profile (id INTEGER PRIMARY KEY, edits INTEGER NOT NULL)")
    cursor.execute("INSERT INTO profile (id, edits) VALUES (1, 0)")

first_has_read = threading.Event()
second_done = threading.Event()
errors = []


def edit(first):
    # A read-modify-write like a profile form: read the row, then save it.
    try:
        if not first:
            first_has_read.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT edits FROM profile WHERE id = 1")
                (edits,) = cursor.fetchone()
                if first:
                    first_has_read.set()
                    # Under deferred transactions the other writer commits here, and the
                    # UPDATE below fails at once; under IMMEDIATE it is still waiting to begin.
                    second_done.wait(1)
                cursor.execute("UPDATE profile SET edits = %s WHERE id = 1", [edits + 1])
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        if not first:
            second_done.set()
        connections.close_all()


threads = [threading.Thread(target=edit, args=(first,)) for first in (True, False)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT edits FROM profile WHERE id = 1")
    (edits,) = cursor.fetchone()
print(json.dumps({"errors": errors, "edits": edits, "options": base.DATABASES["default"]["OPTIONS"]}))
"""


def run_writers(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", WRITERS],
        env=clean_env(DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sqlite_two_concurrent_writers_both_succeed(tmp_path):
    outcome = run_writers(tmp_path)
    assert outcome["options"]["transaction_mode"] == "IMMEDIATE" and outcome["options"]["timeout"] >= 5
    assert outcome["errors"] == []
    assert outcome["edits"] == 2  # neither edit lost
