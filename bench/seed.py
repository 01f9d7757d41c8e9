"""``python -m bench.seed``: load the shared dataset into the (migrated, empty) bench database."""

import os
import time


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from bench import loader

    t0 = time.perf_counter()
    forum_dataset = loader.dataset_module()
    ds = forum_dataset.build()
    print(f"  built dataset in {time.perf_counter() - t0:.1f}s: {forum_dataset.summary(ds)}", flush=True)
    loader.load(ds, password=forum_dataset.PASSWORD, log=lambda m: print(m, flush=True), processes=os.cpu_count() or 2)


if __name__ == "__main__":
    main()
