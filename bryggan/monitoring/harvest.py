"""Fetch pages from the sources: a polite HTTP client with retries, and one pager per kind.

Each pager yields `Page`s; the page's `cursor` is where the *next* page starts (a resumption
token, a cursor or a line number). The importer saves a page and its cursor in one transaction,
so a run that fails resumes after the last saved page and nothing is lost or duplicated.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

import feedparser
import httpx
from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from bryggan.monitoring.normalise import (
    Item,
    OaiError,
    parse_crossref,
    parse_feed_entry,
    parse_oai_page,
    parse_openalex,
)

if TYPE_CHECKING:
    from bryggan.monitoring.models import HarvestRun, Source

OPENALEX_URL = "https://api.openalex.org/works"
CROSSREF_URL = "https://api.crossref.org/works"
USER_AGENT = "Bryggan external monitoring (https://github.com/bryggan)"


class HarvestError(Exception):
    """A problem that stops the run; the message is shown in the run log."""


@dataclass
class Page:
    items: list[Item]
    cursor: str
    total: int | None = None
    problems: list[str] = field(default_factory=list)


def backoff_seconds() -> float:
    return float(getattr(settings, "MONITORING_BACKOFF_SECONDS", 2.0))


class Fetcher:
    """GET with a timeout, a minimum delay between requests and exponential back-off on errors."""

    def __init__(
        self,
        *,
        timeout: float = 30.0,
        delay: float = 1.0,
        retries: int = 4,
        backoff: float | None = None,
        log: Callable[[str, str], None] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.delay = delay
        self.retries = retries
        self.backoff = backoff_seconds() if backoff is None else backoff
        self.log = log or (lambda message, level: None)
        self.client = httpx.Client(
            timeout=timeout,
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT, **(headers or {})},
        )
        self.timeout = timeout
        self._last = 0.0
        self.requests = 0

    @classmethod
    def for_source(cls, source: Source, log: Callable[[str, str], None] | None = None) -> Fetcher:
        return cls(
            timeout=source.timeout_seconds,
            delay=source.delay_seconds,
            retries=source.max_retries,
            log=log,
        )

    def close(self) -> None:
        self.client.close()

    def _wait_politely(self) -> None:
        pause = self._last + self.delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self._last = time.monotonic()

    def get(self, url: str, params: dict[str, Any] | None = None) -> httpx.Response:
        problem = ""
        for attempt in range(self.retries + 1):
            self._wait_politely()
            self.requests += 1
            retry_after = 0.0
            try:
                response = self.client.get(url, params=params)
            except httpx.TimeoutException:
                problem = _("the server did not answer within %(s)s seconds") % {"s": self.timeout}
            except httpx.TransportError as error:
                problem = _("could not connect (%(error)s)") % {"error": error}
            else:
                status = response.status_code
                if status in (401, 403):
                    raise HarvestError(
                        _(
                            "The server refused access (HTTP %(status)s): check the API key or e-mail of the source."
                        )
                        % {"status": status}
                    )
                if status == 429 or status >= 500:
                    problem = _("the server answered HTTP %(status)s") % {"status": status}
                    header = response.headers.get("Retry-After", "")
                    retry_after = float(header) if header.isdigit() else 0.0
                elif status >= 400:
                    raise HarvestError(
                        _("The server answered HTTP %(status)s for %(url)s.")
                        % {"status": status, "url": response.request.url}
                    )
                else:
                    return response
            if attempt < self.retries:
                wait = max(self.backoff * 2**attempt, min(retry_after, 300))
                self.log(
                    _("Attempt %(n)s failed: %(problem)s; trying again in %(wait).1f s.")
                    % {"n": attempt + 1, "problem": problem, "wait": wait},
                    "warning",
                )
                time.sleep(wait)
        raise HarvestError(
            _("Gave up after %(n)s attempts: %(problem)s.")
            % {"n": self.retries + 1, "problem": problem}
        )

    def get_json(self, url: str, params: dict[str, Any] | None = None) -> Any:
        response = self.get(url, params)
        try:
            return response.json()
        except ValueError as error:
            raise HarvestError(
                _("The server answered with broken JSON (%(error)s).") % {"error": error}
            ) from error


# --- OAI-PMH -------------------------------------------------------------------------------


def oai_pages(source: Source, run: HarvestRun, fetcher: Fetcher) -> Iterator[Page]:
    token = run.cursor
    restarted = False
    while True:
        if token:
            params: dict[str, Any] = {"verb": "ListRecords", "resumptionToken": token}
        else:
            params = {"verb": "ListRecords", "metadataPrefix": source.metadata_prefix or "oai_dc"}
            if source.set_spec:
                params["set"] = source.set_spec
            if run.harvest_from:
                params["from"] = run.harvest_from.strftime("%Y-%m-%d")
        response = fetcher.get(source.url, params)
        try:
            page = parse_oai_page(response.content, source.metadata_prefix)
        except etree.XMLSyntaxError as error:
            raise HarvestError(
                _(
                    "The repository answered with broken XML (%(error)s). The run stopped after the last saved page and can be resumed."
                )
                % {"error": error}
            ) from error
        except OaiError as error:
            if error.code == "badResumptionToken" and token and not restarted:
                restarted = True
                token = ""
                run.note(
                    _(
                        "The resumption token has expired; the list is requested again from the start. Records already saved are updated, not duplicated."
                    ),
                    "warning",
                )
                continue
            raise HarvestError(
                _("The repository answered with an OAI-PMH error: %(error)s") % {"error": error}
            ) from error
        yield Page(page.items, page.token, page.total)
        if not page.token:
            return
        token = page.token


# --- OpenAlex ------------------------------------------------------------------------------


def openalex_pages(source: Source, run: HarvestRun, fetcher: Fetcher) -> Iterator[Page]:
    cursor = run.cursor or "*"
    filters = []
    params: dict[str, Any] = {"per-page": getattr(settings, "MONITORING_PAGE_SIZE", 200)}
    query = source.query.strip()
    if ":" in query:
        filters.append(query)
    elif query:
        params["search"] = query
    if run.harvest_from:
        # Updated-date filtering needs an API key; without one, fall back to publication date.
        name = "from_updated_date" if source.api_key else "from_publication_date"
        filters.append(f"{name}:{run.harvest_from:%Y-%m-%d}")
    if filters:
        params["filter"] = ",".join(filters)
    if source.email:
        params["mailto"] = source.email
    if source.api_key:
        params["api_key"] = source.api_key
    while cursor:
        data = fetcher.get_json(source.url or OPENALEX_URL, {**params, "cursor": cursor})
        if not isinstance(data, dict) or "results" not in data:
            raise HarvestError(_("The OpenAlex answer has no 'results'."))
        results = data["results"] or []
        meta = data.get("meta") or {}
        cursor = (meta.get("next_cursor") or "") if results else ""
        yield Page([parse_openalex(w) for w in results], cursor, meta.get("count"))


def _open_snapshot(path: str) -> IO[bytes]:
    if path.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def snapshot_pages(
    source: Source, run: HarvestRun, fetcher: Fetcher | None = None, *, batch: int = 2000
) -> Iterator[Page]:
    """Stream an OpenAlex works JSON Lines file; the cursor is the number of lines done."""
    done = int(run.cursor or 0)
    try:
        handle = _open_snapshot(source.snapshot_path)
    except OSError as error:
        raise HarvestError(
            _("The snapshot file cannot be read: %(error)s") % {"error": error}
        ) from error
    items: list[Item] = []
    problems: list[str] = []
    number = 0
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if number <= done:
                    continue
                if not line.strip():
                    continue
                try:
                    work = json.loads(line)
                except ValueError:
                    cut = not line.endswith(b"\n")
                    problems.append(
                        _("Line %(n)s is cut off: the file looks truncated.") % {"n": number}
                        if cut
                        else _("Line %(n)s is not valid JSON and was skipped.") % {"n": number}
                    )
                    items.append(Item(external_id=f"line:{number}", title=""))
                    continue
                items.append(parse_openalex(work))
                if len(items) >= batch:
                    yield Page(items, str(number), None, problems)
                    items, problems = [], []
        except (OSError, EOFError) as error:
            if items or problems:
                yield Page(items, str(number - 1), None, problems)
            raise HarvestError(
                _("The snapshot file broke off after line %(n)s (%(error)s).")
                % {"n": number, "error": error}
            ) from error
    yield Page(items, "", None, problems)


# --- Crossref ------------------------------------------------------------------------------


def crossref_pages(source: Source, run: HarvestRun, fetcher: Fetcher) -> Iterator[Page]:
    cursor = run.cursor or "*"
    params: dict[str, Any] = {"rows": getattr(settings, "MONITORING_PAGE_SIZE", 200)}
    if source.query:
        params["query"] = source.query
    if run.harvest_from:
        params["filter"] = f"from-update-date:{run.harvest_from:%Y-%m-%d}"
    if source.email:
        params["mailto"] = source.email
    while cursor:
        data = fetcher.get_json(source.url or CROSSREF_URL, {**params, "cursor": cursor})
        message = data.get("message") if isinstance(data, dict) else None
        if not isinstance(message, dict):
            raise HarvestError(_("The Crossref answer has no 'message'."))
        items = message.get("items") or []
        cursor = (message.get("next-cursor") or "") if items else ""
        yield Page([parse_crossref(w) for w in items], cursor, message.get("total-results"))


# --- RSS/Atom ------------------------------------------------------------------------------


def feed_pages(source: Source, run: HarvestRun, fetcher: Fetcher) -> Iterator[Page]:
    response = fetcher.get(source.url)
    feed = feedparser.parse(response.content)
    if feed.bozo and not feed.entries:
        raise HarvestError(
            _("The feed cannot be read (%(error)s).") % {"error": feed.get("bozo_exception", "")}
        )
    venue = feed.feed.get("title", "")
    items = [parse_feed_entry(entry, venue) for entry in feed.entries]
    yield Page(items, "", len(items))


PAGERS: dict[str, Callable[..., Iterator[Page]]] = {
    "oai": oai_pages,
    "openalex": openalex_pages,
    "openalex_snapshot": snapshot_pages,
    "crossref": crossref_pages,
    "feed": feed_pages,
}
