"""A real HTTP server on 127.0.0.1 that serves recorded responses, so the harvest code runs for real."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "monitoring"

Reply = tuple[int, bytes, str]


def recorded(name: str) -> bytes:
    return (DATA / name).read_bytes()


@dataclass
class RecordedServer:
    url: str
    # path -> function(query) -> (status, body, content type)
    routes: dict[str, Callable[[dict[str, str]], Reply]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def route(self, path: str, answer: Callable[[dict[str, str]], Reply]) -> str:
        self.routes[path] = answer
        return self.url + path

    def sequence(self, path: str, replies: list[Reply]) -> str:
        """Answer the requests to `path` with `replies` in turn (the last one repeats)."""
        remaining = list(replies)

        def answer(query: dict[str, str]) -> Reply:
            return remaining.pop(0) if len(remaining) > 1 else remaining[0]

        return self.route(path, answer)


@pytest.fixture
def server() -> Iterator[RecordedServer]:
    state = RecordedServer(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parsed = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
            state.requests.append((parsed.path, query))
            answer = state.routes.get(parsed.path)
            status, body, kind = answer(query) if answer else (404, b"not found", "text/plain")
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _fast_backoff(settings) -> None:
    settings.MONITORING_BACKOFF_SECONDS = 0.01


@pytest.fixture(autouse=True)
def _english_run_logs() -> Iterator[None]:
    """Run logs are written in the active language; the harvest tests read them in English."""
    from django.utils import translation

    with translation.override("en"):
        yield
