"""Writes of external monitoring: sources, harvest runs, record import, matching and digests."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bryggan.monitoring.harvest import PAGERS, Fetcher, HarvestError
from bryggan.monitoring.matching import Matcher, compile_watchlists
from bryggan.monitoring.models import (
    HarvestRun,
    Match,
    Record,
    RecordSource,
    Source,
    Subscription,
    Watchlist,
)
from bryggan.monitoring.normalise import Item
from bryggan.taxonomy.models import PriorityArea, Topic

if TYPE_CHECKING:
    from bryggan.people.models import User

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "bryggan.monitoring.unsubscribe"
MAX_PROBLEMS_LOGGED = 25
MERGE_FIELDS = ["year", "abstract", "doi", "venue", "language", "oa_url", "url"]


# --- Sources and runs ----------------------------------------------------------------------


@transaction.atomic
def source_save(*, source: Source | None = None, **fields: Any) -> Source:
    """Create or update a source after checking what its kind needs."""
    source = source or Source()
    for name, value in fields.items():
        setattr(source, name, value)
    errors: dict[str, str] = {}
    if source.kind in (Source.Kind.OAI, Source.Kind.FEED) and not source.url:
        errors["url"] = _("This kind of source needs an address.")
    if source.kind == Source.Kind.OAI and not source.metadata_prefix:
        errors["metadata_prefix"] = _("Choose the metadata format to harvest.")
    if source.kind == Source.Kind.OPENALEX_SNAPSHOT and not source.snapshot_path:
        errors["snapshot_path"] = _("Give the path of the snapshot file.")
    if source.kind in (Source.Kind.CROSSREF, Source.Kind.OPENALEX) and not source.query:
        errors["query"] = _(
            "Give search words or a filter, or the whole database would be harvested."
        )
    if source.delay_seconds is not None and source.delay_seconds < 0:
        errors["delay_seconds"] = _("The delay cannot be negative.")
    if errors:
        raise ValidationError(errors)
    source.full_clean(exclude=["url"] if source.kind == Source.Kind.OPENALEX_SNAPSHOT else None)
    source.save()
    return source


@transaction.atomic
def run_start(*, source: Source, user: User | None = None) -> HarvestRun:
    """Queue a harvest of `source` (from its last harvest date); refuse a second concurrent run."""
    if source.runs.filter(
        status__in=[HarvestRun.Status.QUEUED, HarvestRun.Status.RUNNING]
    ).exists():
        raise ValidationError(_("A harvest of this source is already queued or running."))
    run = HarvestRun.objects.create(
        source=source, started_by=user, harvest_from=source.last_harvested_at
    )
    from bryggan.monitoring.tasks import harvest

    transaction.on_commit(lambda: harvest.enqueue(run.pk))
    return run


@transaction.atomic
def run_resume(*, run: HarvestRun, user: User | None = None) -> HarvestRun:
    """Queue a failed run again; it continues from its saved resume point."""
    if not run.can_resume:
        raise ValidationError(_("Only a failed run can be resumed."))
    if run.source.runs.filter(
        status__in=[HarvestRun.Status.QUEUED, HarvestRun.Status.RUNNING]
    ).exists():
        raise ValidationError(_("A harvest of this source is already queued or running."))
    run.status = HarvestRun.Status.QUEUED
    run.note(_("Resumption requested."))
    run.save(update_fields=["status", "log"])
    from bryggan.monitoring.tasks import harvest

    transaction.on_commit(lambda: harvest.enqueue(run.pk))
    return run


def run_execute(
    *, run: HarvestRun, fetcher: Fetcher | None = None, match: bool = True
) -> HarvestRun:
    """Harvest page by page; every page and its resume point are saved in one transaction."""
    source = run.source
    run.status = HarvestRun.Status.RUNNING
    run.started_at = run.started_at or timezone.now()
    if run.cursor:
        run.note(_("Resuming after %(n)s saved pages.") % {"n": run.pages})
    elif run.harvest_from:
        run.note(
            _("Harvesting records changed since %(date)s.")
            % {"date": f"{run.harvest_from:%Y-%m-%d}"}
        )
    else:
        run.note(_("Harvesting everything the source offers (first harvest)."))
    run.save()
    began = timezone.now()
    owns_fetcher = fetcher is None
    fetcher = fetcher or Fetcher.for_source(source, log=lambda text, level: run.note(text, level))
    try:
        for page in PAGERS[source.kind](source, run, fetcher):
            with transaction.atomic():
                counts, problems = records_import(source=source, items=page.items)
                run.fetched += len(page.items)
                run.new += counts["new"]
                run.updated += counts["updated"]
                run.failed += counts["failed"]
                run.pages += 1
                run.cursor = page.cursor
                if page.total is not None:
                    run.total = page.total
                logged = sum(1 for line in run.log if line["level"] == "problem")
                for problem in [*page.problems, *problems][: max(0, MAX_PROBLEMS_LOGGED - logged)]:
                    run.note(problem, "problem")
                run.save()
    except HarvestError as error:
        return _run_fail(run, str(error))
    except Exception as error:
        logger.exception("Harvest run %s failed", run.pk)
        return _run_fail(run, _("Unexpected error: %(error)s") % {"error": error})
    finally:
        if owns_fetcher:
            fetcher.close()
    run.status = HarvestRun.Status.SUCCEEDED
    run.cursor = ""
    run.finished_at = timezone.now()
    run.note(
        _(
            "Done: %(fetched)s fetched, %(new)s new, %(updated)s updated, %(failed)s failed or skipped."
        )
        % {"fetched": run.fetched, "new": run.new, "updated": run.updated, "failed": run.failed}
    )
    run.save()
    # The next harvest asks for what changed since this one began (minus nothing: OAI `from` is inclusive).
    Source.objects.filter(pk=source.pk).update(last_harvested_at=began)
    if match:
        records_match()
    return run


def _run_fail(run: HarvestRun, message: str) -> HarvestRun:
    run.status = HarvestRun.Status.FAILED
    run.finished_at = timezone.now()
    run.note(message, "error")
    if run.fetched:
        run.note(
            _("%(n)s records fetched before the error are saved; resume to continue.")
            % {"n": run.fetched}
        )
    run.save()
    return run


# --- Records -------------------------------------------------------------------------------


NEW_RECORD_COLUMNS = [
    "title", "authors", "first_author_family", "year", "abstract", "doi", "venue", "language",
    "subject_codes", "keywords", "oa_url", "url", "dedup_key", "first_seen_at", "updated_at",
]  # fmt: skip
JSON_COLUMNS = {"authors", "subject_codes", "keywords"}
# One encoder for every row: json.dumps with options builds a new encoder per call.
_json = json.JSONEncoder(ensure_ascii=False).encode


def _new_record(item: Item, now: datetime) -> SimpleNamespace:
    """A record not yet in the database: a plain namespace, inserted in bulk with raw SQL."""
    return SimpleNamespace(
        pk=None,
        title=item.title[:5000],
        authors=item.authors,
        first_author_family=(item.authors[0]["family"] if item.authors else "")[:200],
        year=item.year,
        abstract=item.abstract,
        doi=item.doi or None,
        venue=item.venue,
        language=item.language,
        subject_codes=item.subject_codes,
        keywords=item.keywords[:50],
        oa_url=item.oa_url,
        url=item.url,
        dedup_key=item.dedup_key[:255],
        first_seen_at=now,
        updated_at=now,
    )


def _insert_records(rows: list[SimpleNamespace], now: datetime) -> None:
    """Insert new records with multi-row INSERT … RETURNING and set their pk.

    Django's bulk_create prepares every value of every row through the field machinery, which
    caps a snapshot import near 1,500 records/s; plain parameters reach the 5,000/s target.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    stamp = connection.ops.adapt_datetimefield_value(now)
    columns = ", ".join(quote(c) for c in NEW_RECORD_COLUMNS)
    row_sql = "(" + ", ".join(["%s"] * len(NEW_RECORD_COLUMNS)) + ")"
    table = quote(Record._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            params: list[Any] = []
            for row in chunk:
                for column in NEW_RECORD_COLUMNS:
                    value = getattr(row, column)
                    if column in JSON_COLUMNS:
                        value = _json(value)
                    elif column in ("first_seen_at", "updated_at"):
                        value = stamp
                    params.append(value)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([row_sql] * len(chunk))} "
                f"RETURNING {quote('id')}",
                params,
            )
            for row, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                row.pk = pk


def _insert_provenance(links: list[tuple[Any, Item]], source: Source, now: datetime) -> None:
    """Insert provenance rows in bulk; a row that already exists is left alone."""
    if not links:
        return
    quote = connection.ops.quote_name
    stamp = connection.ops.adapt_datetimefield_value(now)
    names = ["record_id", "source_id", "external_id", "url", "first_seen_at", "last_seen_at"]
    columns = ", ".join(quote(c) for c in names)
    row_sql = "(" + ", ".join(["%s"] * len(names)) + ")"
    table = quote(RecordSource._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(links), 500):
            chunk = links[start : start + 500]
            params: list[Any] = []
            for record, item in chunk:
                external_id = (item.external_id or item.dedup_key)[:500]
                params += [record.pk, source.pk, external_id, item.url, stamp, stamp]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([row_sql] * len(chunk))} "
                "ON CONFLICT DO NOTHING",
                params,
            )


def _merge(record: Any, item: Item, taken_dois: set[str]) -> bool:
    """Fill what the record lacks from `item`; return whether anything changed."""
    changed = False
    for name in MERGE_FIELDS:
        value = getattr(item, name)
        if not value or getattr(record, name):
            continue
        if name == "doi":
            if value in taken_dois:
                continue
            taken_dois.add(value)
        setattr(record, name, value)
        changed = True
    if item.authors and not record.authors:
        record.authors = item.authors
        record.first_author_family = item.authors[0]["family"][:200]
        changed = True
    elif item.authors and any(a.get("orcid") for a in item.authors):
        known = {a.get("orcid") for a in record.authors}
        if not known - {""} and len(item.authors) == len(record.authors):
            record.authors = item.authors
            changed = True
    for name in ("subject_codes", "keywords"):
        extra = [v for v in getattr(item, name) if v not in getattr(record, name)]
        if extra:
            setattr(record, name, [*getattr(record, name), *extra][:50])
            changed = True
    return changed


def records_import(*, source: Source, items: Iterable[Item]) -> tuple[dict[str, int], list[str]]:
    """Save one batch of items: match by provenance, then DOI, then title + year + first author.

    Works in a constant number of queries per batch, so large snapshots import quickly.
    """
    now = timezone.now()
    counts = {"new": 0, "updated": 0, "failed": 0}
    problems: list[str] = []
    batch: dict[str, Item] = {}
    for item in items:
        if item.deleted:
            continue
        if not item.title:
            counts["failed"] += 1
            if not item.external_id.startswith("line:"):
                problems.append(
                    _("Record %(id)s has no title and was skipped.")
                    % {"id": item.external_id or "?"}
                )
            continue
        batch[item.external_id or item.dedup_key] = item
    if not batch:
        return counts, problems
    known = {
        p.external_id: p
        for p in RecordSource.objects.filter(
            source=source, external_id__in=list(batch)
        ).select_related("record")
    }
    fresh = [i for key, i in batch.items() if key not in known]
    dois = {i.doi for i in fresh if i.doi}
    by_doi: dict[str, Any] = (
        {str(r.doi): r for r in Record.objects.filter(doi__in=dois)} if dois else {}
    )
    keys = {i.dedup_key for i in fresh if not (i.doi and i.doi in by_doi)}
    by_key: dict[str, Any] = {}
    if keys:
        for existing in Record.objects.filter(dedup_key__in=keys):
            by_key.setdefault(existing.dedup_key, existing)
    taken_dois = set(by_doi)
    to_create: list[SimpleNamespace] = []
    to_update: dict[int, Record] = {}
    new_links: list[tuple[Any, Item]] = []
    seen_links: list[int] = []
    touched: set[int] = set()
    for key, item in batch.items():
        record: Any
        link = known.get(key)
        if link is not None:
            seen_links.append(link.pk)
            record = link.record
        else:
            record = by_doi.get(item.doi) if item.doi else None
            if record is None:
                candidate = by_key.get(item.dedup_key)
                if candidate is not None and (
                    not item.doi or not candidate.doi or candidate.doi == item.doi
                ):
                    record = candidate
            if record is None:
                record = _new_record(item, now)
                if item.doi:
                    taken_dois.add(item.doi)
                    by_doi[item.doi] = record
                by_key.setdefault(item.dedup_key, record)
                to_create.append(record)
                new_links.append((record, item))
                continue
            new_links.append((record, item))
            if record.pk is not None:
                touched.add(record.pk)
        if record.pk is None:
            _merge(record, item, taken_dois)
        elif _merge(record, item, taken_dois):
            record.updated_at = now
            to_update[record.pk] = record
            touched.add(record.pk)
    _insert_records(to_create, now)
    if to_update:
        Record.objects.bulk_update(
            list(to_update.values()),
            [
                *MERGE_FIELDS,
                "authors",
                "first_author_family",
                "subject_codes",
                "keywords",
                "updated_at",
            ],
            batch_size=500,
        )
    _insert_provenance(new_links, source, now)
    if seen_links:
        RecordSource.objects.filter(pk__in=seen_links).update(last_seen_at=now)
    counts["new"] = len(to_create)
    counts["updated"] = len(touched)
    return counts, problems


def _require_library() -> None:
    if not apps.is_installed("bryggan.library"):
        raise ValidationError(_("The library is not part of this installation yet."))


def record_promote(*, record: Record, user: User) -> Any:
    """Add the record to the library as a publication (needs the library app)."""
    _require_library()
    from bryggan.library.services import publication_create_from_record

    return publication_create_from_record(record=record, user=user)


def record_publication(record: Record) -> Any | None:
    """Return the library publication of the record's research, if the library has it.

    The library's own duplicate rule (DOI, then title + year) finds it, the same rule that makes
    a second promotion fail, so a record promoted once is found again without a stored link.
    """
    if not apps.is_installed("bryggan.library"):
        return None
    from bryggan.lib.identifiers import normalise_doi
    from bryggan.library.services import find_duplicate

    found = find_duplicate(
        doi=normalise_doi(record.doi) if record.doi else None, title=record.title, year=record.year
    )
    return found[1] if found else None


def record_digest_suggestions(record: Record) -> dict[str, Any]:
    """Prefill a digest of the record: its title, the areas that matched it, topics by subject."""
    areas = PriorityArea.objects.filter(watchlist__matches__record=record, archived=False)
    topics = Topic.objects.none()
    if record.subject_codes:
        codes = Q()
        for code in record.subject_codes:
            # A topic tagged with 504 covers a record in 50402, as in the watchlists.
            codes |= Q(subject_codes__code__in=[code[:n] for n in range(3, len(code) + 1)])
        topics = Topic.objects.filter(codes)
    return {
        "title": record.title[:300],
        "priority_areas": list(areas.distinct()),
        "topics": list(topics.distinct()),
    }


@transaction.atomic
def record_digest_write(
    *,
    record: Record,
    user: User,
    priority_areas: Iterable[PriorityArea] = (),
    topics: Iterable[Topic] = (),
    **fields: Any,
) -> Any:
    """Write a library digest of the record, adding the record to the library first if needed.

    The publication already in the library is reused, so no duplicate is made; when the digest
    is refused, the promotion made for it is rolled back with it.
    """
    _require_library()
    from bryggan.library.services import digest_save

    publication = record_publication(record) or record_promote(record=record, user=user)
    person = getattr(user, "person", None)
    return digest_save(
        user=user,
        publications=[publication],
        writers=[person] if person is not None else [],
        priority_areas=priority_areas,
        topics=topics,
        **fields,
    )


# --- Watchlists and matching ---------------------------------------------------------------


def _specs(watchlists: Iterable[Watchlist]) -> list[tuple[int, dict[str, list[str]]]]:
    return [(w.pk, w.as_dict()) for w in watchlists]


def _insert_matches(rows: list[tuple[int, int, list[str], datetime]]) -> None:
    """Insert matches with multi-row INSERT; a match that already exists is left alone.

    As with records, Django's bulk_create spends most of the matching time preparing values.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    adapt = connection.ops.adapt_datetimefield_value
    stamps: dict[datetime, Any] = {}
    texts: dict[tuple[str, ...], str] = {}  # the same few reasons recur across many records
    names = ["watchlist_id", "record_id", "reasons", "created_at"]
    columns = ", ".join(quote(c) for c in names)
    table = quote(Match._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            chunk = rows[start : start + 1000]
            params: list[Any] = []
            for watchlist_id, record_id, reasons, created_at in chunk:
                if created_at not in stamps:
                    stamps[created_at] = adapt(created_at)
                key = tuple(reasons)
                if key not in texts:
                    texts[key] = json.dumps(reasons, ensure_ascii=False)
                params += [watchlist_id, record_id, texts[key], stamps[created_at]]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES "
                + ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
                + " ON CONFLICT DO NOTHING",
                params,
            )


def records_match(*, records: Any = None, matcher: Matcher | None = None, chunk: int = 2000) -> int:
    """Match records not yet matched against every watchlist; return the number of matches made."""
    matcher = matcher or compile_watchlists(_specs(Watchlist.objects.all()))
    rows = records if records is not None else Record.objects.unmatched()
    made = 0
    last_pk = 0
    fields = ["pk", "title", "abstract", "keywords", "subject_codes", "authors", "first_seen_at"]
    while True:
        page = list(rows.filter(pk__gt=last_pk).order_by("pk").only(*fields)[:chunk])
        if not page:
            return made
        last_pk = page[-1].pk
        matches = [
            (watchlist_id, record.pk, reasons, record.first_seen_at)
            for record in page
            for watchlist_id, reasons in matcher.match(record).items()
        ]
        with transaction.atomic():
            _insert_matches(matches)
            Record.objects.filter(pk__in=[r.pk for r in page]).update(matched_at=timezone.now())
        made += len(matches)


@transaction.atomic
def watchlist_save(
    *,
    area: PriorityArea | None = None,
    user: User | None = None,
    terms_sv: str = "",
    terms_en: str = "",
    subject_codes: str = "",
    authors: str = "",
) -> Watchlist:
    """Save the watchlist of an area or a user and match recent records against it again."""
    bad = [c for c in Watchlist.lines(subject_codes) if not c.split()[0].isdigit()]
    if bad:
        raise ValidationError(
            {"subject_codes": _("Not an SSIF code: %(codes)s") % {"codes": ", ".join(bad)}}
        )
    watchlist, _created = Watchlist.objects.update_or_create(
        area=area,
        user=user,
        defaults={
            "terms_sv": terms_sv.strip(),
            "terms_en": terms_en.strip(),
            "subject_codes": subject_codes.strip(),
            "authors": authors.strip(),
        },
    )
    watchlist.matches.all().delete()
    days = getattr(settings, "MONITORING_REMATCH_DAYS", 365)
    recent = Record.objects.filter(
        first_seen_at__gte=timezone.now() - timedelta(days=days), matched_at__isnull=False
    )
    records_match(records=recent, matcher=compile_watchlists(_specs([watchlist])))
    return watchlist


# --- Subscriptions and digests -------------------------------------------------------------


@transaction.atomic
def subscription_save(*, user: User, area: PriorityArea, frequency: str) -> Subscription:
    subscription, _created = Subscription.objects.update_or_create(
        user=user, area=area, defaults={"frequency": frequency}
    )
    return subscription


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk, "u": subscription.user_id}, salt=UNSUBSCRIBE_SALT)


def subscription_for_token(token: str) -> Subscription | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(pk=data.get("s"), user_id=data.get("u")).first()


@transaction.atomic
def subscription_delete(*, subscription: Subscription) -> None:
    subscription.delete()


def area_matches(area: PriorityArea) -> Any:
    return (
        Match.objects.filter(watchlist__area=area)
        .select_related("record")
        .order_by("-created_at", "-pk")
    )


def digest_due(subscription: Subscription, now: datetime) -> bool:
    if subscription.last_sent_at is None:
        return True
    days = 7 if subscription.frequency == Subscription.Frequency.WEEKLY else 30
    return now - subscription.last_sent_at >= timedelta(days=days) - timedelta(hours=1)


def digest_send(*, subscription: Subscription, now: datetime | None = None) -> bool:
    """E-mail the area's new matches since the last digest; return whether a mail went out."""
    now = now or timezone.now()
    since = subscription.last_sent_at or subscription.created_at - timedelta(days=30)
    matches = list(area_matches(subscription.area).filter(created_at__gt=since)[:50])
    Subscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
    if not matches:
        return False
    base = settings.SITE_URL
    unsubscribe = base + reverse("monitoring:unsubscribe", args=[unsubscribe_token(subscription)])
    context = {
        "subscription": subscription,
        "area": subscription.area,
        "matches": matches,
        "unsubscribe_url": unsubscribe,
        "feed_url": base + reverse("monitoring:area_rss", args=[subscription.area.slug]),
        "base_url": base,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New research in %(area)s") % {"area": subscription.area.name}
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("monitoring/digest_email.txt", context),
            to=[subscription.user.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(
            render_to_string("monitoring/digest_email.html", context), "text/html"
        )
    message.send()
    return True


def digests_send(*, now: datetime | None = None) -> int:
    """Send every digest that is due; return how many e-mails went out."""
    now = now or timezone.now()
    sent = 0
    for subscription in Subscription.objects.select_related("user", "area"):
        if digest_due(subscription, now) and digest_send(subscription=subscription, now=now):
            sent += 1
    return sent
