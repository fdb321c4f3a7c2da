"""An OAI-PMH 2.0 data provider for the library (https://www.openarchives.org/OAI/openarchivesprotocol.html).

Items are the publications ever offered to harvesters (`harvestable_since` set). An item whose
publication is withdrawn, no longer public or no longer harvestable is reported with
status="deleted" and no metadata (deletedRecord: persistent). Datestamps are `updated_at` in UTC
with second granularity. Resumption tokens are signed, carry a keyset cursor (datestamp, id)
and expire; the upper bound of a list is fixed when the list starts, so completeListSize holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db.models import Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bryggan.core.models import Visibility
from bryggan.library import metadata
from bryggan.library.models import Authorship, Publication
from bryggan.taxonomy.models import PriorityArea, SubjectCode, Topic

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
TOKEN_SALT = "bryggan.library.oai.token"
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_NAMESPACE = re.compile(r"^[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+$")

FORMATS = {
    "oai_dc": (
        "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
        "http://www.openarchives.org/OAI/2.0/oai_dc/",
    ),
    "mods": ("http://www.loc.gov/standards/mods/v3/mods-3-7.xsd", "http://www.loc.gov/mods/v3"),
    # The same SwePub-style MODS under the prefix DiVA and SwePub harvest.
    "swepub_mods": (
        "http://www.loc.gov/standards/mods/v3/mods-3-7.xsd",
        "http://www.loc.gov/mods/v3",
    ),
}
# (required, optional) arguments besides verb; resumptionToken is exclusive where allowed.
VERBS: dict[str, tuple[set[str], set[str]]] = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
}


class OaiError(Exception):
    """A protocol error: the response carries <error code="…"> with this message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Repository:
    name: str
    base_url: str
    admin_email: str
    repository_id: str
    page_size: int
    token_seconds: int


def repository() -> Repository:
    """The provider's identity and limits, from settings."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    default_id = host if _NAMESPACE.match(host) else "bryggan.example"
    email = getattr(settings, "LIBRARY_OAI_ADMIN_EMAIL", "") or settings.DEFAULT_FROM_EMAIL
    found = re.search(r"[\w.+-]+@[\w.-]+", email)
    return Repository(
        name=getattr(settings, "LIBRARY_OAI_REPOSITORY_NAME", "Bryggan"),
        base_url=f"{settings.SITE_URL}/oai",
        admin_email=found.group(0) if found else "noreply@example.org",
        repository_id=getattr(settings, "LIBRARY_OAI_REPOSITORY_ID", "") or default_id,
        page_size=getattr(settings, "LIBRARY_OAI_PAGE_SIZE", 250),
        token_seconds=getattr(settings, "LIBRARY_OAI_TOKEN_SECONDS", 24 * 3600),
    )


def datestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def identifier_for(repo: Repository, pk: int) -> str:
    return f"oai:{repo.repository_id}:publication/{pk}"


def pk_from_identifier(repo: Repository, identifier: str) -> int | None:
    prefix = f"oai:{repo.repository_id}:publication/"
    rest = identifier[len(prefix) :] if identifier.startswith(prefix) else ""
    return int(rest) if rest.isdigit() else None


# --- arguments -----------------------------------------------------------------------------


def _parse_date(value: str, *, upper: bool) -> tuple[datetime, str]:
    """Return (bound, granularity); an upper day bound covers the whole day."""
    if _DAY.match(value):
        try:
            day = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
        except ValueError as error:
            raise OaiError("badArgument", f"'{value}' is not a valid date.") from error
        return (day + timedelta(days=1) if upper else day), "day"
    if _SECOND.match(value):
        try:
            moment = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        except ValueError as error:
            raise OaiError("badArgument", f"'{value}' is not a valid date and time.") from error
        return (moment + timedelta(seconds=1) if upper else moment), "second"
    raise OaiError(
        "badArgument",
        f"'{value}' is not a UTC datestamp in the granularity YYYY-MM-DD or {GRANULARITY}.",
    )


def _arguments(params: dict[str, list[str]]) -> tuple[str, dict[str, str]]:
    verbs = params.get("verb", [])
    if len(verbs) != 1:
        raise OaiError(
            "badVerb", "The verb argument is missing." if not verbs else "The verb is repeated."
        )
    verb = verbs[0]
    if verb not in VERBS:
        raise OaiError("badVerb", f"'{verb}' is not an OAI-PMH verb.")
    required, optional = VERBS[verb]
    args: dict[str, str] = {}
    for key, values in params.items():
        if key == "verb":
            continue
        if key not in required | optional:
            raise OaiError("badArgument", f"'{key}' is not an argument of {verb}.")
        if len(values) != 1:
            raise OaiError("badArgument", f"The argument '{key}' is repeated.")
        args[key] = values[0]
    if "resumptionToken" in args:
        if len(args) > 1:
            raise OaiError("badArgument", "resumptionToken is an exclusive argument.")
        return verb, args
    missing = required - set(args)
    if missing:
        raise OaiError("badArgument", f"{verb} needs the argument {', '.join(sorted(missing))}.")
    return verb, args


# --- the item set --------------------------------------------------------------------------


def _exposed_q() -> Q:
    return Q(status=Publication.Status.PUBLISHED, visibility=Visibility.PUBLIC, harvestable=True)


def _items(
    set_spec: str | None, start: datetime | None, end: datetime | None
) -> QuerySet[Publication]:
    items = Publication.objects.in_oai()
    if set_spec:
        items = items.filter(_set_q(set_spec))
    if start is not None:
        items = items.filter(updated_at__gte=start)
    if end is not None:
        items = items.filter(updated_at__lt=end)
    return items


def _set_q(spec: str) -> Q:
    group, _sep, value = spec.partition(":")
    areas = Publication.priority_areas.through.objects
    if spec == "kind":
        return Q()
    if spec == "area":
        return Q(pk__in=areas.values("publication_id"))
    if group == "kind" and value in Publication.Kind.values:
        return Q(kind=value)
    if group == "area" and value and PriorityArea.objects.filter(slug=value).exists():
        return Q(pk__in=areas.filter(priorityarea__slug=value).values("publication_id"))
    raise OaiError("badArgument", f"There is no set '{spec}'.")


def load_cards(rows: QuerySet[Publication], *, with_metadata: bool) -> list[metadata.Card]:
    """Load publications as cards: one query for the rows and one per relation (no per-row work).

    Only records harvesters may see get authors, subjects and topics; deleted ones need just
    their sets.
    """
    cards = [metadata.Card(**row) for row in rows.values(*metadata.Card.FIELDS)]
    if not cards:
        return cards
    by_pk = {card.pk: card for card in cards}
    areas = dict(PriorityArea.objects.values_list("pk", "slug"))
    through = Publication.priority_areas.through.objects
    for pk, area_id in through.filter(publication_id__in=by_pk).values_list(
        "publication_id", "priorityarea_id"
    ):
        by_pk[pk].area_slugs.append(areas[area_id])
    exposed = [card.pk for card in cards if card.is_exposed]
    if not with_metadata or not exposed:
        return cards
    for pk, family, given, orcid, role in (
        Authorship.objects.filter(publication_id__in=exposed)
        .order_by("publication_id", "position")
        .values_list("publication_id", "family_name", "given_name", "orcid", "role")
    ):
        by_pk[pk].authors.append(metadata.AuthorCard(family, given, orcid, role))
    codes = {c.pk: c for c in SubjectCode.objects.all()}
    for pk, code_id in Publication.subject_codes.through.objects.filter(
        publication_id__in=exposed
    ).values_list("publication_id", "subjectcode_id"):
        by_pk[pk].subject_codes.append(codes[code_id])
    topics = {t.pk: t for t in Topic.objects.only("pk", "name_sv", "name_en", "slug")}
    for pk, topic_id in Publication.topics.through.objects.filter(
        publication_id__in=exposed
    ).values_list("publication_id", "topic_id"):
        by_pk[pk].topics.append(topics[topic_id])
    for card in cards:
        card.subject_codes.sort(key=lambda c: c.code)
        card.topics.sort(key=lambda t: t.name_sv)
    return cards


# --- tokens --------------------------------------------------------------------------------


def _token(repo: Repository, state: dict[str, Any]) -> tuple[str, datetime]:
    return (
        signing.dumps(state, salt=TOKEN_SALT, compress=True),
        timezone.now() + timedelta(seconds=repo.token_seconds),
    )


def _read_token(repo: Repository, verb: str, token: str) -> dict[str, Any]:
    try:
        state = signing.loads(token, salt=TOKEN_SALT, max_age=repo.token_seconds)
    except signing.SignatureExpired as error:
        raise OaiError("badResumptionToken", "The resumption token has expired.") from error
    except signing.BadSignature as error:
        raise OaiError("badResumptionToken", "The resumption token is not valid.") from error
    if not isinstance(state, dict) or state.get("verb") != verb:
        raise OaiError("badResumptionToken", "The resumption token belongs to another request.")
    return state


# --- responses -----------------------------------------------------------------------------


def _header(repo: Repository, item: metadata.Card, deleted: bool) -> str:
    status = ' status="deleted"' if deleted else ""
    sets = f"<setSpec>kind:{item.kind}</setSpec>" + "".join(
        f"<setSpec>area:{metadata.esc(slug)}</setSpec>" for slug in sorted(item.area_slugs)
    )
    return (
        f"<header{status}><identifier>{identifier_for(repo, item.pk)}</identifier>"
        f"<datestamp>{datestamp(item.updated_at)}</datestamp>{sets}</header>"
    )


def _record(repo: Repository, item: metadata.Card, prefix: str, paths: Any) -> str:
    if not item.is_exposed:
        return f"<record>{_header(repo, item, True)}</record>"
    body = (
        metadata.oai_dc(item)
        if prefix == "oai_dc"
        else metadata.mods(item, repo.repository_id, paths)
    )
    return f"<record>{_header(repo, item, False)}<metadata>{body}</metadata></record>"


def _identify(repo: Repository, args: dict[str, str]) -> str:
    earliest = Publication.objects.in_oai().aggregate(first=Min("updated_at"))["first"]
    earliest = earliest or datetime(2024, 1, 1, tzinfo=UTC)
    sample = identifier_for(repo, 1)
    return (
        "<Identify>"
        f"<repositoryName>{metadata.esc(repo.name)}</repositoryName>"
        f"<baseURL>{metadata.esc(repo.base_url)}</baseURL>"
        "<protocolVersion>2.0</protocolVersion>"
        f"<adminEmail>{metadata.esc(repo.admin_email)}</adminEmail>"
        f"<earliestDatestamp>{datestamp(earliest)}</earliestDatestamp>"
        "<deletedRecord>persistent</deletedRecord>"
        f"<granularity>{GRANULARITY}</granularity>"
        "<description>"
        '<oai-identifier xmlns="http://www.openarchives.org/OAI/2.0/oai-identifier" '
        'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai-identifier '
        'http://www.openarchives.org/OAI/2.0/oai-identifier.xsd">'
        "<scheme>oai</scheme>"
        f"<repositoryIdentifier>{metadata.esc(repo.repository_id)}</repositoryIdentifier>"
        "<delimiter>:</delimiter>"
        f"<sampleIdentifier>{sample}</sampleIdentifier>"
        "</oai-identifier></description>"
        "</Identify>"
    )


def _get_item(repo: Repository, identifier: str) -> Publication:
    pk = pk_from_identifier(repo, identifier)
    item = Publication.objects.in_oai().filter(pk=pk).first() if pk is not None else None
    if item is None:
        raise OaiError("idDoesNotExist", f"'{identifier}' is not an identifier in this repository.")
    return item


def _list_metadata_formats(repo: Repository, args: dict[str, str]) -> str:
    if "identifier" in args:
        _get_item(repo, args["identifier"])  # every item is disseminated in every format
    formats = "".join(
        f"<metadataFormat><metadataPrefix>{prefix}</metadataPrefix><schema>{schema}</schema>"
        f"<metadataNamespace>{namespace}</metadataNamespace></metadataFormat>"
        for prefix, (schema, namespace) in FORMATS.items()
    )
    return f"<ListMetadataFormats>{formats}</ListMetadataFormats>"


def _list_sets(repo: Repository, args: dict[str, str]) -> str:
    if "resumptionToken" in args:
        raise OaiError("badResumptionToken", "ListSets is answered in one response.")
    kind_name, area_name = _("Publication type"), _("Priority area")
    sets = [f"<set><setSpec>kind</setSpec><setName>{metadata.esc(kind_name)}</setName></set>"]
    for kind in Publication.Kind:
        sets.append(
            f"<set><setSpec>kind:{kind.value}</setSpec>"
            f"<setName>{metadata.esc(kind.label)}</setName></set>"
        )
    sets.append(f"<set><setSpec>area</setSpec><setName>{metadata.esc(area_name)}</setName></set>")
    for area in PriorityArea.objects.order_by("slug"):
        description = ""
        if area.description:
            description = (
                "<setDescription>"
                '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/" '
                'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ '
                'http://www.openarchives.org/OAI/2.0/oai_dc.xsd">'
                f"<dc:description>{metadata.esc(area.description)}</dc:description>"
                "</oai_dc:dc></setDescription>"
            )
        sets.append(
            f"<set><setSpec>area:{metadata.esc(area.slug)}</setSpec>"
            f"<setName>{metadata.esc(area.name_sv)}</setName>{description}</set>"
        )
    return f"<ListSets>{''.join(sets)}</ListSets>"


def _get_record(repo: Repository, args: dict[str, str]) -> str:
    prefix = args["metadataPrefix"]
    if prefix not in FORMATS:
        raise OaiError("cannotDisseminateFormat", f"'{prefix}' is not a metadata format here.")
    found = _get_item(repo, args["identifier"])
    (item,) = load_cards(Publication.objects.filter(pk=found.pk), with_metadata=True)
    paths = metadata.ssif_paths() if prefix != "oai_dc" else None
    return f"<GetRecord>{_record(repo, item, prefix, paths)}</GetRecord>"


def _list(repo: Repository, verb: str, args: dict[str, str]) -> str:
    """ListIdentifiers and ListRecords: one page of items and, when more remain, a token."""
    if "resumptionToken" in args:
        state = _read_token(repo, verb, args["resumptionToken"])
    else:
        prefix = args["metadataPrefix"]
        if prefix not in FORMATS:
            raise OaiError("cannotDisseminateFormat", f"'{prefix}' is not a metadata format here.")
        start = end = None
        granularities = set()
        if "from" in args:
            start, granularity = _parse_date(args["from"], upper=False)
            granularities.add(granularity)
        if "until" in args:
            end, granularity = _parse_date(args["until"], upper=True)
            granularities.add(granularity)
        if len(granularities) > 1:
            raise OaiError("badArgument", "from and until must have the same granularity.")
        if start is not None and end is not None and start >= end:
            raise OaiError("badArgument", "from must not be later than until.")
        # Fix the upper bound now, so the list does not shift while it is harvested.
        end = min(end, timezone.now()) if end is not None else timezone.now()
        set_spec = args.get("set")
        if set_spec:
            _set_q(set_spec)
        state = {
            "verb": verb,
            "prefix": prefix,
            "set": set_spec,
            "from": start.isoformat() if start else None,
            "until": end.isoformat(),
            "after": None,
            "cursor": 0,
            "total": None,
        }
    start = datetime.fromisoformat(state["from"]) if state["from"] else None
    end = datetime.fromisoformat(state["until"])
    items = _items(state["set"], start, end)
    if state["total"] is None:
        state["total"] = items.count()
    if state["after"]:
        moment, pk = datetime.fromisoformat(state["after"][0]), state["after"][1]
        # (datestamp, id) after the cursor; the plain lower bound lets the index seek to it.
        items = items.filter(updated_at__gte=moment).filter(Q(updated_at__gt=moment) | Q(pk__gt=pk))
    page = load_cards(
        items.order_by("updated_at", "pk")[: repo.page_size + 1],
        with_metadata=verb == "ListRecords",
    )
    if not page and state["cursor"] == 0:
        raise OaiError("noRecordsMatch", "No records match the request.")
    more = len(page) > repo.page_size
    page = page[: repo.page_size]
    prefix = state["prefix"]
    if verb == "ListRecords":
        paths = metadata.ssif_paths() if prefix != "oai_dc" else None
        body = "".join(_record(repo, item, prefix, paths) for item in page)
    else:
        body = "".join(_header(repo, item, not item.is_exposed) for item in page)
    cursor = state["cursor"]
    if more:
        last = page[-1]
        next_state = {
            **state,
            "after": [last.updated_at.isoformat(), last.pk],
            "cursor": cursor + len(page),
        }
        token, expires = _token(repo, next_state)
        body += (
            f'<resumptionToken expirationDate="{datestamp(expires)}" '
            f'completeListSize="{state["total"]}" cursor="{cursor}">{token}</resumptionToken>'
        )
    elif cursor:
        # The last page of a list that took several: an empty token says it is complete.
        body += f'<resumptionToken completeListSize="{state["total"]}" cursor="{cursor}"/>'
    return f"<{verb}>{body}</{verb}>"


HANDLERS: dict[str, Callable[[Repository, dict[str, str]], str]] = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "GetRecord": _get_record,
    "ListIdentifiers": lambda repo, args: _list(repo, "ListIdentifiers", args),
    "ListRecords": lambda repo, args: _list(repo, "ListRecords", args),
}


def respond(params: dict[str, list[str]], repo: Repository | None = None) -> str:
    """Answer one OAI-PMH request (its arguments as lists of values) with the XML response."""
    repo = repo or repository()
    now = datestamp(timezone.now())
    request_element = f"<request>{metadata.esc(repo.base_url)}</request>"
    try:
        verb, args = _arguments(params)
        attributes = "".join(
            f' {name}="{metadata.esc(value)}"' for name, value in {"verb": verb, **args}.items()
        )
        request_element = f"<request{attributes}>{metadata.esc(repo.base_url)}</request>"
        body = HANDLERS[verb](repo, args)
    except OaiError as error:
        if error.code in ("badVerb", "badArgument"):
            # The protocol forbids echoing the arguments of a request that was not understood.
            request_element = f"<request>{metadata.esc(repo.base_url)}</request>"
        body = f'<error code="{error.code}">{metadata.esc(error.message)}</error>'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<OAI-PMH xmlns="{OAI_NS}" xmlns:xsi="{XSI_NS}" '
        f'xsi:schemaLocation="{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">'
        f"<responseDate>{now}</responseDate>{request_element}{body}</OAI-PMH>"
    )
