"""Create, drop and seed the dedicated benchmark database."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable


def bench_env(**extra):
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def database_url():
    return os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/actionhub_bench")


def _admin_connection():
    import psycopg

    url = urlparse(database_url())
    admin = urlunparse(url._replace(path="/postgres"))
    conn = psycopg.connect(admin, autocommit=True)
    return conn, url.path.lstrip("/")


def exists():
    conn, name = _admin_connection()
    with conn, conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def drop():
    conn, name = _admin_connection()
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def create():
    drop()
    conn, name = _admin_connection()
    with conn.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def is_seeded():
    if not exists():
        return False
    import psycopg

    try:
        with psycopg.connect(database_url()) as conn, conn.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM discussions_post")
            return cursor.fetchone()[0] > 50_000
    except psycopg.Error:
        return False


def migrate():
    """Bring a reused database up to the current migrations (new apps since it was seeded)."""
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=REPO, env=bench_env(), check=True)


def seed(log=print):
    """Fresh database, migrations, then the shared dataset.  Returns seconds per phase."""
    timings = {}
    t0 = time.perf_counter()
    create()
    migrate()
    timings["migrate"] = time.perf_counter() - t0
    log(f"  created database and migrated in {timings['migrate']:.1f}s")
    t1 = time.perf_counter()
    subprocess.run([PY, "-m", "bench.seed"], cwd=REPO, env=bench_env(), check=True)
    timings["load"] = time.perf_counter() - t1
    timings["total"] = time.perf_counter() - t0
    return timings
