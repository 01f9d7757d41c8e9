"""Run the benchmark suites and print their figures: ``make bench`` (or ``python bench/run.py``).

    python bench/run.py                 # every suite available (seeds the bench database first)
    python bench/run.py pages           # only the page suite
    python bench/run.py --reuse         # keep an already seeded database (skips the seed)
    python bench/run.py --keep          # do not drop the database afterwards
    python bench/run.py --json out.json # also write the rows as JSON
    python bench/run.py serving --servers production,sync,asgi   # server modes side by side
    python bench/run.py serving --servers nginx,production,sync  # the full path through nginx too

A suite is a module or package ``bench/<name>``: either ``run(ctx)`` (called here, after the
shared forum dataset is seeded when the suite sets ``NEEDS_FORUM_DATA``), or a ``main()`` run
as ``python -m bench.<name>`` that manages its own data.  Suites listed in SUITES that do not
exist yet are skipped.  The database is BENCH_DATABASE_URL (default: a local
PostgreSQL ``actionhub_bench``), created and dropped here, never DATABASE_URL.
"""

import argparse
import importlib
import inspect
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on the path: replace it by the repository root,
# so that ``bench`` is a package and nothing in it shadows a standard module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO))

SUITES = ["cpu", "pages", "serving", "mixed", "ws_fanout", "digest", "load", "faults"]


@dataclass
class Context:
    json_path: str | None = None
    server_modes: list | None = None
    output: list = field(default_factory=list)

    def log(self, message):
        print(message, flush=True)

    def emit(self, block):
        """Keep a block of figures for the summary printed at the end."""
        self.output.append(block)


def _in_process(module) -> bool:
    run = getattr(module, "run", None)
    return run is not None and len(inspect.signature(run).parameters) == 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("suites", nargs="*", help=f"suites to run (default: all of {', '.join(SUITES)})")
    parser.add_argument("--reuse", action="store_true", help="reuse a seeded bench database")
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    parser.add_argument("--json", dest="json_path", help="write the page rows as JSON here")
    parser.add_argument(
        "--servers",
        help="server modes the serving suite measures side by side (default: production,sync; also: nginx, asgi)",
    )
    args = parser.parse_args(argv)
    # Stopped with SIGTERM, still run the cleanups (server shutdown, database drop).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    from bench import database

    suites = []
    for name in args.suites or SUITES:
        try:
            suites.append((name, importlib.import_module(f"bench.{name}")))
        except ModuleNotFoundError as exc:
            if args.suites or exc.name != f"bench.{name}":
                raise
            print(f"- suite {name}: not present yet, skipped")
    ctx = Context(json_path=args.json_path, server_modes=args.servers.split(",") if args.servers else None)
    started = time.perf_counter()
    if not any(getattr(module, "NEEDS_FORUM_DATA", False) for _name, module in suites):
        pass
    elif args.reuse and database.is_seeded():
        print(f"Reusing the seeded database {database.database_url()}")
        database.migrate()
    else:
        print(f"Seeding {database.database_url()} from the shared dataset")
        timings = database.seed()
        ctx.emit(
            "seed: {total:.0f} s in all (migrate {migrate:.0f} s, dataset + render + insert + counters {load:.0f} s)".format(
                **timings
            )
        )
    try:
        for name, module in suites:
            print(f"== suite {name}", flush=True)
            if _in_process(module):
                module.run(ctx)
            else:
                subprocess.run([sys.executable, "-m", f"bench.{name}"], cwd=REPO, check=True)
    finally:
        if not args.keep and database.exists():
            database.drop()
            print("Dropped the bench database (use --keep to keep it).")
    print(f"Done in {time.perf_counter() - started:.0f} s.")
    print("\n\n".join(ctx.output))


if __name__ == "__main__":
    main()
