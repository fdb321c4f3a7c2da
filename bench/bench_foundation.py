"""Foundation benchmark: home page and organisation tree against the trivial view.

Target: each page reaches at least half the trivial view's throughput (SQLite and PostgreSQL),
served by gunicorn. Run: `make bench BENCH_ARGS=foundation` (BENCH_DB=postgres for PostgreSQL).
"""

from harness import query_count, report, session_cookie, throughput, use_database

TARGET_RATIO = 0.5


def main() -> None:
    use_database("foundation", fresh=True)
    from django.core.management import call_command

    call_command("seed_demo")
    pages = {"home": "/", "organisation_tree": "/organisationer/"}
    # Anonymous visitors are served from the page cache (bryggan/core/cache.py) ...
    results = throughput(pages)
    for name, path in pages.items():
        results[name]["queries_uncached"] = query_count(path)
        results[name]["meets_target"] = results[name]["ratio"] >= TARGET_RATIO
    # ... logged-in users always get a freshly rendered page: reported alongside, for honesty.
    logged_in = throughput(pages, headers=session_cookie("worker@example.org"))
    for name in pages:
        results[f"{name}_logged_in"] = logged_in[name]
    report("foundation", results)


if __name__ == "__main__":
    main()
