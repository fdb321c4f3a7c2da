"""Writes of the library: publications, withdrawals, digests, imports and records promoted from monitoring.

Every function checks first and writes inside one transaction, so a refused change leaves nothing
half-saved. Messages are translated; forms show them next to the field they name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bryggan.core.models import Visibility
from bryggan.lib.identifiers import normalise_doi, normalise_handle, normalise_isbn, normalise_urn
from bryggan.lib.orcid import normalise_orcid
from bryggan.library import importers
from bryggan.library.models import (
    Authorship,
    Digest,
    ImportBatch,
    Language,
    Publication,
    dedup_key,
)
from bryggan.people.models import Person
from bryggan.people.services import unique_slug
from bryggan.taxonomy.models import PriorityArea, SubjectCode, Topic

if TYPE_CHECKING:
    from bryggan.monitoring.models import Record
    from bryggan.people.models import User

TEXT_FIELDS = (
    "title",
    "subtitle",
    "abstract_sv",
    "abstract_en",
    "publisher",
    "journal",
    "volume",
    "issue",
    "pages",
    "series",
    "open_access_url",
    "landing_url",
    "provenance",
)
IDENTIFIER_FIELDS = ("doi", "isbn", "urn", "handle")
MAX_LENGTHS = {f.name: f.max_length for f in Publication._meta.fields if f.max_length}


# --- checks shared by forms, the API and imports --------------------------------------------


def check_identifiers(values: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Normalise DOI, ISBN, URN:NBN and Handle; return (values, errors by field)."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    checks = {
        "doi": (
            normalise_doi,
            _(
                "“%(value)s” is not a DOI: it should look like 10.1234/abc (with or without https://doi.org/)."
            ),
        ),
        "isbn": (
            normalise_isbn,
            _("“%(value)s” is not a valid ISBN: check the digits (the last one is a check digit)."),
        ),
        "urn": (
            normalise_urn,
            _("“%(value)s” is not a URN:NBN: it should look like urn:nbn:se:lu:diva-12345."),
        ),
        "handle": (
            normalise_handle,
            _("“%(value)s” is not a Handle: it should look like 2043/22414."),
        ),
    }
    for name, (normalise, message) in checks.items():
        value = (values.get(name) or "").strip()
        if not value:
            clean[name] = None if name == "doi" else ""
            continue
        normalised = normalise(value)
        if normalised is None:
            errors[name] = message % {"value": value[:80]}
        else:
            clean[name] = normalised
    return clean, errors


def check_authors(authors: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Fill names and ORCID iDs from linked people and validate ORCID iDs; return (authors, errors)."""
    clean: list[dict[str, Any]] = []
    errors: list[str] = []
    for number, row in enumerate(authors, start=1):
        person: Person | None = row.get("person")
        family = (row.get("family_name") or "").strip()
        given = (row.get("given_name") or "").strip()
        orcid = (row.get("orcid") or "").strip()
        role = row.get("role") or Authorship.Role.AUTHOR
        if person is not None:
            family = family or person.family_name
            given = given or person.given_name
            orcid = orcid or person.orcid
        if not family:
            errors.append(_("Author %(n)d has no family name.") % {"n": number})
            continue
        if orcid:
            normalised = normalise_orcid(orcid)
            if normalised is None:
                errors.append(
                    _("The ORCID iD “%(orcid)s” of %(name)s is not valid (check the digits).")
                    % {"orcid": orcid, "name": f"{given} {family}".strip()}
                )
                continue
            orcid = normalised
        if role not in Authorship.Role.values:
            errors.append(_("Author %(n)d has an unknown role.") % {"n": number})
            continue
        clean.append(
            {
                "person": person,
                "family_name": family[:200],
                "given_name": given[:200],
                "orcid": orcid,
                "role": role,
            }
        )
    return clean, errors


def find_duplicate(
    *, doi: str | None, title: str, year: int | None, exclude_pk: int | None = None
) -> tuple[str, Publication] | None:
    """Return ("doi" | "title_year", publication) for a publication already in the library."""
    others = Publication.objects.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if doi:
        found = others.filter(doi=doi).first()
        if found:
            return "doi", found
    if title and year:
        # Two publications with different DOIs are different even when their titles agree.
        same = others.filter(dedup_key=dedup_key(title, year))
        if doi:
            same = same.filter(Q(doi__isnull=True) | Q(doi=doi))
        found = same.first()
        if found:
            return "title_year", found
    return None


def _check_urls(publication: Publication, errors: dict[str, str]) -> None:
    validate = URLValidator(schemes=["http", "https"])
    for name in ("open_access_url", "landing_url"):
        value = getattr(publication, name)
        if not value:
            continue
        try:
            validate(value)
        except ValidationError:
            errors[name] = _("Enter a full web address starting with https://.")


# --- publications --------------------------------------------------------------------------


@transaction.atomic
def publication_save(
    *,
    publication: Publication | None = None,
    user: User | None = None,
    authors: Sequence[dict[str, Any]] = (),
    subject_codes: Iterable[SubjectCode] = (),
    priority_areas: Iterable[PriorityArea] = (),
    topics: Iterable[Topic] = (),
    events: Iterable[Any] = (),
    file: File | None = None,
    remove_file: bool = False,
    import_batch: ImportBatch | None = None,
    **fields: Any,
) -> Publication:
    """Create or change a publication with its authors in order; identifiers are validated."""
    creating = publication is None
    if publication is None:
        publication = Publication(created_by=user, import_batch=import_batch)
    else:
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
    errors: dict[str, str] = {}
    identifiers, identifier_errors = check_identifiers(
        {name: fields.pop(name, None) or "" for name in IDENTIFIER_FIELDS}
    )
    errors.update(identifier_errors)
    for name, value in fields.items():
        if name in TEXT_FIELDS:
            value = (value or "").strip()
        setattr(publication, name, value)
    for name, value in identifiers.items():
        setattr(publication, name, value)
    if not publication.title:
        errors["title"] = _("Give the publication a title.")
    if publication.kind not in Publication.Kind.values:
        errors["kind"] = _("Choose the kind of publication.")
    if publication.language not in Language.values:
        errors["language"] = _("Choose the language of the publication.")
    if publication.visibility not in Visibility.values:
        errors["visibility"] = _("Choose who may see the publication.")
    if not isinstance(publication.year, int) or not 1500 <= publication.year <= 2100:
        errors["year"] = _("Give the year of publication (four digits).")
    elif publication.date and publication.date.year != publication.year:
        errors["date"] = _("The date must fall in the year of publication.")
    for name, limit in MAX_LENGTHS.items():
        value = getattr(publication, name, None)
        if isinstance(value, str) and len(value) > limit and name not in errors:
            errors[name] = _("At most %(n)d characters.") % {"n": limit}
    _check_urls(publication, errors)
    clean_authors, author_errors = check_authors(authors)
    if author_errors:
        errors["authors"] = " ".join(author_errors)
    if "doi" not in errors and publication.doi:
        duplicate = find_duplicate(
            doi=publication.doi, title="", year=None, exclude_pk=publication.pk
        )
        if duplicate:
            errors["doi"] = _(
                "A publication with this DOI is already in the library: %(title)s."
            ) % {"title": duplicate[1].full_title}
    if errors:
        raise ValidationError(errors)
    if remove_file and publication.file:
        publication.file.delete(save=False)
    if file is not None:
        publication.file.save(file.name or "fulltext", file, save=False)
    now = timezone.now()
    publication.dedup_key = dedup_key(publication.full_title, publication.year)
    publication.updated_at = now
    if publication.harvestable_since is None and publication.is_exposed:
        publication.harvestable_since = now
    publication.save()
    if not creating:
        publication.authorships.all().delete()
    Authorship.objects.bulk_create(
        Authorship(publication=publication, position=n, **row)
        for n, row in enumerate(clean_authors, start=1)
    )
    publication.subject_codes.set(subject_codes)
    publication.priority_areas.set(priority_areas)
    publication.topics.set(topics)
    publication.events.set(events)
    return publication


@transaction.atomic
def publication_withdraw(*, publication: Publication, reason: str) -> Publication:
    """Withdraw a publication: its page becomes a tombstone and harvesters see it as deleted."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.is_withdrawn:
        raise ValidationError(_("The publication is already withdrawn."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the publication is withdrawn.")})
    now = timezone.now()
    publication.status = Publication.Status.WITHDRAWN
    publication.withdrawn_at = now
    publication.withdrawal_reason = reason.strip()
    publication.updated_at = now
    publication.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])
    return publication


@transaction.atomic
def publication_reinstate(*, publication: Publication) -> Publication:
    """Publish a withdrawn publication again."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if not publication.is_withdrawn:
        raise ValidationError(_("The publication is not withdrawn."))
    publication.status = Publication.Status.PUBLISHED
    publication.withdrawn_at = None
    publication.withdrawal_reason = ""
    publication.updated_at = timezone.now()
    if publication.harvestable_since is None and publication.is_exposed:
        publication.harvestable_since = publication.updated_at
    publication.save(
        update_fields=[
            "status",
            "withdrawn_at",
            "withdrawal_reason",
            "updated_at",
            "harvestable_since",
        ]
    )
    return publication


@transaction.atomic
def publication_delete(*, publication: Publication) -> None:
    """Delete a publication that harvesters have never seen; harvested ones are withdrawn instead."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.harvestable_since is not None:
        raise ValidationError(
            _(
                "This publication has been offered to harvesters (OAI-PMH) and must stay as a "
                "tombstone: withdraw it instead."
            )
        )
    if publication.file:
        stored = publication.file
        transaction.on_commit(lambda: stored.delete(save=False))
    publication.delete()


# --- digests -------------------------------------------------------------------------------


@transaction.atomic
def digest_save(
    *,
    digest: Digest | None = None,
    user: User | None = None,
    publications: Iterable[Publication] = (),
    writers: Iterable[Person] = (),
    priority_areas: Iterable[PriorityArea] = (),
    topics: Iterable[Topic] = (),
    **fields: Any,
) -> Digest:
    """Create or change a research digest and the publications it summarises."""
    creating = digest is None
    if digest is None:
        digest = Digest(created_by=user)
    else:
        digest = Digest.objects.select_for_update().get(pk=digest.pk)
    for name, value in fields.items():
        setattr(digest, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, str] = {}
    if not digest.title:
        errors["title"] = _("Give the digest a title.")
    if not digest.summary:
        errors["summary"] = _("Write the summary in plain language.")
    if not digest.practice:
        errors["practice"] = _("Say what this means for practice.")
    publications = list(publications)
    if not publications:
        errors["publications"] = _("Choose the publication or publications the digest summarises.")
    if digest.visibility == Visibility.PUBLIC and any(
        p.visibility != Visibility.PUBLIC or p.is_withdrawn for p in publications
    ):
        errors["publications"] = _(
            "A public digest can only summarise public publications that are not withdrawn."
        )
    if errors:
        raise ValidationError(errors)
    if creating:
        digest.slug = unique_slug(Digest, digest.title)
    digest.updated_at = timezone.now()
    digest.full_clean(exclude=["slug"])
    digest.save()
    digest.publications.set(publications)
    digest.writers.set(writers)
    digest.priority_areas.set(priority_areas)
    digest.topics.set(topics)
    return digest


# --- import --------------------------------------------------------------------------------


def _entry_row(
    entry: importers.Entry,
    number: int,
    seen_doi: dict[str, int],
    seen_key: dict[str, int],
    people_by_orcid: dict[str, Person],
    known_codes: set[str],
) -> dict[str, Any]:
    fields = dict(entry.fields)
    errors = list(entry.errors)
    warnings = list(entry.warnings)
    identifiers, problems = check_identifiers({name: fields[name] for name in IDENTIFIER_FIELDS})
    for name, message in problems.items():
        errors.append({"field": name, "message": message})
    fields.update({k: v for k, v in identifiers.items() if k not in problems})
    authors = []
    for row in fields["authors"]:
        orcid = row["orcid"]
        if orcid and normalise_orcid(orcid) is None:
            errors.append(
                {
                    "field": "authors",
                    "message": _("The ORCID iD “%(orcid)s” of %(name)s is not valid.")
                    % {"orcid": orcid, "name": f"{row['given_name']} {row['family_name']}".strip()},
                }
            )
        elif orcid:
            orcid = normalise_orcid(orcid) or ""
        person = people_by_orcid.get(orcid) if orcid else None
        authors.append({**row, "orcid": orcid, "person": person.pk if person else None})
    fields["authors"] = authors
    unknown = [code for code in fields["subject_codes"] if code not in known_codes]
    if unknown:
        warnings.append(
            {
                "field": "subject_codes",
                "message": _("Research subjects not in Bryggan's list are left out: %(codes)s.")
                % {"codes": ", ".join(unknown)},
            }
        )
    fields["subject_codes"] = [code for code in fields["subject_codes"] if code in known_codes]
    if not fields["language"]:
        fields["language"] = importers.guess_language(
            fields["title"], fields["subtitle"], fields["abstract_sv"] or fields["abstract_en"]
        )
        if fields["title"]:
            warnings.append(
                {
                    "field": "language",
                    "message": _("No language was given; %(lang)s is assumed from the title.")
                    % {"lang": Language(fields["language"]).label.lower()},
                }
            )
    if (
        fields["abstract_sv"]
        and fields["language"] == Language.ENGLISH
        and not fields["abstract_en"]
    ):
        # An abstract of unknown language sits in the Swedish slot; follow the record's language.
        fields["abstract_en"], fields["abstract_sv"] = fields["abstract_sv"], ""
    for name in ("open_access_url", "landing_url"):
        if fields[name] and not fields[name].startswith(("http://", "https://")):
            warnings.append(
                {
                    "field": name,
                    "message": _("“%(url)s” is not a web address and is left out.")
                    % {"url": fields[name][:80]},
                }
            )
            fields[name] = ""
    for name, limit in MAX_LENGTHS.items():
        if name in problems:
            continue
        if isinstance(fields.get(name), str) and len(fields[name]) > limit:
            errors.append({"field": name, "message": _("At most %(n)d characters.") % {"n": limit}})
    if fields["date"] and fields["year"] and int(fields["date"][:4]) != fields["year"]:
        warnings.append(
            {
                "field": "date",
                "message": _("The date %(date)s is not in the year %(year)d and is left out.")
                % {"date": fields["date"], "year": fields["year"]},
            }
        )
        fields["date"] = ""
    full_title = fields["title"]
    if fields["subtitle"]:
        full_title = f"{full_title.rstrip(' :')}: {fields['subtitle']}"
    duplicate = None
    if not errors:
        found = find_duplicate(doi=fields["doi"], title=full_title, year=fields["year"])
        if found:
            reason, publication = found
            duplicate = {
                "reason": reason,
                "publication": publication.pk,
                "title": publication.full_title,
                "url": publication.get_absolute_url(),
            }
        elif fields["doi"] and fields["doi"] in seen_doi:
            duplicate = {"reason": "doi", "row": seen_doi[fields["doi"]]}
        elif dedup_key(full_title, fields["year"]) in seen_key:
            duplicate = {
                "reason": "title_year",
                "row": seen_key[dedup_key(full_title, fields["year"])],
            }
        if fields["doi"]:
            seen_doi.setdefault(fields["doi"], number)
        seen_key.setdefault(dedup_key(full_title, fields["year"]), number)
    return {
        "n": number,
        "ref": entry.ref,
        "line": entry.line,
        "title": full_title,
        "year": fields["year"],
        "kind": fields["kind"],
        "authors": "; ".join(
            f"{a['given_name']} {a['family_name']}".strip() for a in fields["authors"][:4]
        )
        + ("; …" if len(fields["authors"]) > 4 else ""),
        "fields": fields,
        "errors": errors,
        "warnings": warnings,
        "duplicate": duplicate,
    }


def _rows(entries: list[importers.Entry]) -> list[dict[str, Any]]:
    orcids = {
        normalise_orcid(a["orcid"]) for e in entries for a in e.fields["authors"] if a["orcid"]
    }
    people = {
        p.orcid: p for p in Person.objects.filter(orcid__in=[o for o in orcids if o]).order_by("pk")
    }
    known = set(SubjectCode.objects.values_list("code", flat=True))
    seen_doi: dict[str, int] = {}
    seen_key: dict[str, int] = {}
    return [
        _entry_row(entry, n, seen_doi, seen_key, people, known)
        for n, entry in enumerate(entries, start=1)
    ]


@transaction.atomic
def import_preview(
    *,
    data: bytes,
    filename: str,
    user: User,
    format_name: str = "",
    visibility: str = Visibility.PUBLIC,
    harvestable: bool = True,
    priority_areas: Iterable[PriorityArea] = (),
    topics: Iterable[Topic] = (),
) -> ImportBatch:
    """Read an uploaded file into a preview: every record with its problems and duplicates."""
    format_name = format_name or importers.detect_format(filename, data)
    if format_name not in ImportBatch.Format.values:
        raise ValidationError(
            {
                "file": _(
                    "The format of the file could not be recognised: choose BibTeX, RIS or MODS."
                )
            }
        )
    if not data.strip():
        raise ValidationError({"file": _("The file is empty.")})
    try:
        entries = importers.parse(format_name, data)
    except importers.ImportFileError as error:
        raise ValidationError({"file": str(error)}) from error
    return ImportBatch.objects.create(
        format=format_name,
        filename=filename[:255],
        content=importers.decode(data),
        rows=_rows(entries),
        options={
            "visibility": visibility,
            "harvestable": harvestable,
            "priority_areas": [a.pk for a in priority_areas],
            "topics": [t.pk for t in topics],
        },
        created_by=user,
    )


def _row_changed(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return bool(new["errors"]) != bool(old["errors"]) or bool(new["duplicate"]) != bool(
        old["duplicate"]
    )


def import_commit(*, batch: ImportBatch, user: User) -> list[Publication]:
    """Add every importable row of a preview to the library, or nothing at all."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportBatch.Status.PREVIEW:
            raise ValidationError(_("This import has already been committed or discarded."))
        if batch.errors:
            raise ValidationError(
                _(
                    "%(n)d records have problems. Fix the file and upload it again; nothing was imported."
                )
                % {"n": batch.errors}
            )
        # The library may have changed since the preview: check again before writing anything.
        fresh = _rows(importers.parse(batch.format, batch.content.encode("utf-8")))
        stale = len(fresh) != len(batch.rows) or any(
            _row_changed(old, new) for old, new in zip(batch.rows, fresh, strict=False)
        )
        if not stale:
            return _import_rows(batch, fresh, user)
        batch.rows = fresh
        batch.save(update_fields=["rows"])
    raise ValidationError(
        _(
            "The library has changed since the preview was made. Review the rows again; nothing was imported."
        )
    )


def _import_rows(batch: ImportBatch, rows: list[dict[str, Any]], user: User) -> list[Publication]:
    options = batch.options
    areas = list(PriorityArea.objects.filter(pk__in=options.get("priority_areas", [])))
    topics = list(Topic.objects.filter(pk__in=options.get("topics", [])))
    codes = {c.code: c for c in SubjectCode.objects.all()}
    people = Person.objects.in_bulk(
        [a["person"] for r in rows for a in r["fields"]["authors"] if a["person"]]
    )
    created = []
    for row in rows:
        if row["errors"] or row["duplicate"]:
            continue
        fields = dict(row["fields"])
        authors = [{**a, "person": people.get(a["person"])} for a in fields.pop("authors")]
        subject_codes = [codes[c] for c in fields.pop("subject_codes") if c in codes]
        fields.pop("keywords", None)
        day = fields.pop("date")
        try:
            publication = publication_save(
                user=user,
                authors=authors,
                subject_codes=subject_codes,
                priority_areas=areas,
                topics=topics,
                import_batch=batch,
                date=date.fromisoformat(day) if day else None,
                visibility=options.get("visibility", Visibility.PUBLIC),
                harvestable=options.get("harvestable", True),
                provenance=f"{batch.get_format_display()}: {batch.filename} ({row['ref']})"[:300],
                **fields,
            )
        except ValidationError as error:
            messages = "; ".join(m for ms in error.message_dict.values() for m in ms)
            raise ValidationError(
                _("Record %(n)d (%(ref)s) could not be saved: %(messages)s. Nothing was imported.")
                % {"n": row["n"], "ref": row["ref"], "messages": messages}
            ) from error
        created.append(publication)
    batch.status = ImportBatch.Status.COMMITTED
    batch.committed_at = timezone.now()
    batch.save(update_fields=["status", "committed_at"])
    return created


@transaction.atomic
def import_discard(*, batch: ImportBatch) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.PREVIEW:
        raise ValidationError(_("This import has already been committed or discarded."))
    batch.status = ImportBatch.Status.DISCARDED
    batch.save(update_fields=["status"])
    return batch


# --- records from external monitoring ------------------------------------------------------


@transaction.atomic
def publication_create_from_record(*, record: Record, user: User) -> Publication:
    """Add a harvested research record to the library (kept out of our own OAI-PMH output)."""
    doi = normalise_doi(record.doi) if record.doi else None
    duplicate = find_duplicate(doi=doi, title=record.title, year=record.year)
    if duplicate:
        raise ValidationError(
            _("This research is already in the library: %(title)s.")
            % {"title": duplicate[1].full_title}
        )
    if record.year is None:
        raise ValidationError(
            _("The record has no year of publication; add it to the library by hand.")
        )
    language = importers.language_of(record.language) or Language.ENGLISH
    authors = [
        {
            "family_name": a.get("family") or importers.split_name(a.get("name", ""))[0],
            "given_name": a.get("given", "")
            if a.get("family")
            else importers.split_name(a.get("name", ""))[1],
            "orcid": normalise_orcid(a.get("orcid") or "") or "",
        }
        for a in record.authors
        if a.get("family") or a.get("name")
    ]
    orcids = [a["orcid"] for a in authors if a["orcid"]]
    people = {p.orcid: p for p in Person.objects.filter(orcid__in=orcids)}
    for row in authors:
        row["person"] = people.get(row["orcid"])
    abstract = importers.strip_markup(record.abstract)
    return publication_save(
        user=user,
        authors=authors,
        subject_codes=SubjectCode.objects.filter(code__in=record.subject_codes),
        kind=Publication.Kind.ARTICLE if record.venue else Publication.Kind.REPORT,
        title=record.title[:500],
        year=record.year,
        language=language,
        abstract_sv=abstract if language == Language.SWEDISH else "",
        abstract_en="" if language == Language.SWEDISH else abstract,
        doi=doi or "",
        journal=record.venue[:500],
        open_access_url=record.oa_url,
        landing_url=record.url,
        visibility=Visibility.PUBLIC,
        # Research by others is shown in the library but not offered as our own output.
        harvestable=False,
        provenance=_("External monitoring: record %(n)d") % {"n": record.pk},
    )
