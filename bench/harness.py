"""Benchmark helpers: a bench database, a gunicorn server, a load client and a query counter.

A benchmark script calls `use_database(name)` before touching Django, fills the database with
bulk data, then `serve()` starts gunicorn (production WSGI server) on a free port and
`throughput()` measures requests per second for a list of paths against the trivial view.
Results are printed as a table and written as JSON under bench/results/.
"""

from __future__ import annotations

import http.client
import json
import os
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def database_url(name: str) -> str:
    """Return the bench database URL: PostgreSQL when BENCH_DB=postgres, else a SQLite file."""
    if os.environ.get("BENCH_DB", "sqlite") == "postgres":
        return f"postgres://postgres@127.0.0.1:5432/bench_{name}"
    (ROOT / "var").mkdir(exist_ok=True)
    return f"sqlite:///{ROOT / 'var' / f'bench_{name}.sqlite3'}"


def use_database(name: str, *, fresh: bool = False) -> str:
    """Point Django at the bench database `name`, create and migrate it, and return its URL."""
    url = database_url(name)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))
    if url.startswith("postgres"):
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [f"bench_{name}"]
            ).fetchone()
            if exists and fresh:
                conn.execute(f'DROP DATABASE "bench_{name}" WITH (FORCE)')
                exists = None
            if not exists:
                conn.execute(f'CREATE DATABASE "bench_{name}"')
    elif fresh:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return url


def analyze() -> None:
    """Refresh the planner statistics after a bulk load, as autovacuum would in production."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(workers: int = 2, threads: int = 4) -> Iterator[str]:
    """Run gunicorn (gthread workers, keep-alive) on the bench database and yield its host:port."""
    from django.db import connections

    connections.close_all()
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "bryggan.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--keep-alive",
            "5",
            "--log-level",
            "warning",
            "--chdir",
            str(ROOT),
        ],
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _load(
    host: str, path: str, seconds: float, counts: list[int], errors: list[str], headers: dict
) -> None:
    hostname, port = host.split(":")
    conn = http.client.HTTPConnection(hostname, int(port), timeout=30)
    done = 0
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"{path}: HTTP {response.status}")
                break
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection(hostname, int(port), timeout=30)
            done += 1
        except (OSError, http.client.HTTPException) as error:
            errors.append(f"{path}: {error}")
            conn.close()
            conn = http.client.HTTPConnection(hostname, int(port), timeout=30)
    conn.close()
    counts.append(done)


def requests_per_second(
    host: str, path: str, *, seconds: float = 5.0, concurrency: int = 4, headers: dict | None = None
) -> float:
    """Measure the throughput of one path with `concurrency` keep-alive clients."""
    _load(host, path, 0.5, [], [], headers or {})  # warm up
    counts: list[int] = []
    errors: list[str] = []
    clients = [
        threading.Thread(target=_load, args=(host, path, seconds, counts, errors, headers or {}))
        for _ in range(concurrency)
    ]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    if errors:
        raise RuntimeError(errors[0])
    return sum(counts) / seconds


def throughput(
    paths: dict[str, str], *, seconds: float = 5.0, headers: dict | None = None
) -> dict[str, dict]:
    """Return {name: {rps, ratio}} for each path, measured against /bench/trivial on one server."""
    with serve() as host:
        trivial = requests_per_second(host, "/bench/trivial", seconds=seconds)
        results = {"trivial": {"path": "/bench/trivial", "rps": round(trivial, 1), "ratio": 1.0}}
        for name, path in paths.items():
            rps = requests_per_second(host, path, seconds=seconds, headers=headers)
            results[name] = {"path": path, "rps": round(rps, 1), "ratio": round(rps / trivial, 3)}
    return results


def query_count(path: str, user: Any = None) -> int:
    """Count the SQL queries one request to `path` makes (in process, through the test client)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if user is not None:
        client.force_login(user)
    client.get(path)  # warm caches such as ContentType
    cache.clear()  # count the queries of a fully rendered page, not of a page-cache hit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, f"{path}: HTTP {response.status_code}"
    return len(queries)


def session_cookie(email: str) -> dict[str, str]:
    """Return a Cookie header for a logged-in session of the user with `email` (pages then skip the page cache)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    }


def peak_memory_mb() -> float:
    """Peak resident memory of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(name: str, results: dict[str, Any]) -> None:
    """Print the results and keep them as JSON in bench/results/<name>-<db>.json."""
    RESULTS.mkdir(exist_ok=True)
    db = os.environ.get("BENCH_DB", "sqlite")
    payload = {
        "benchmark": name,
        "database": db,
        "at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "results": results,
    }
    (RESULTS / f"{name}-{db}.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    print(json.dumps(payload, indent=2, ensure_ascii=False))
