"""Demo podcast: the research podcast of Towards a Social Services University (Jönköping).

The audio is real speech (espeak-ng), the transcripts are what is said and the artwork is drawn
with Pillow; all are made by demo_data/generate.py and kept in demo_data/. Everything goes through the same services as an
upload in the pages would, so the demo also proves the checks. Safe to run twice: episodes have
fixed GUIDs and files are stored under names derived from their content.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.core.files import File
from django.utils import timezone

from bryggan.arenas.demo import DEMO_NAMESPACE as ARENA_NAMESPACE
from bryggan.arenas.models import Event
from bryggan.cycle.services import link_add
from bryggan.governance.models import Partnership
from bryggan.people.models import Person, User
from bryggan.podcast import chapters, services
from bryggan.podcast.models import DownloadDay, Episode, Show
from bryggan.podcast.services import CreditSpec
from bryggan.taxonomy.models import PriorityArea, Topic

DATA = Path(__file__).resolve().parent / "demo_data"
DEMO_NAMESPACE = uuid.UUID("2b7c4f0e-9a61-4d8e-b3c5-5e0f1a2d7c44")
SHOW_SLUG = "mot-ett-socialtjanstuniversitet"

EPISODES: list[dict[str, Any]] = [
    {
        "key": "00-valkommen",
        "title": "Välkommen till forskningspodden",
        "description": "Anna Forsberg och Maria Ekdahl berättar vad podden handlar om och vem "
        "den är till för.",
        "notes": "Forskningspodden är en del av projektet **Mot ett socialtjänstuniversitet**, "
        "ett samarbete mellan Jönköpings kommun, Hälsohögskolan i Jönköping och Lunds "
        "universitet med stöd från Forte.",
        "type": "trailer",
        "season": 1,
        "number": None,
        "hosts": ["anna-forsberg", "maria-ekdahl"],
        "guests": [],
        "days": -75,
        "areas": ["samverkan-forskning-praktik"],
        "topics": ["samverkan-forskning-praktik"],
    },
    {
        "key": "01-unga-och-tramadol",
        "title": "Unga och tramadol",
        "description": "Professor Karin Lundgren berättar om en intervjustudie med unga som "
        "använder tramadol utan recept, och vad socialsekreterare kan fråga om.",
        "notes": "## I avsnittet\n\n- Hur användningen börjar, med de ungas egna ord\n"
        "- Varför frågor om mående och sömn öppnar samtalet\n\n"
        "Resultaten presenteras också på ett [forskningsseminarium](/arenor/).",
        "type": "full",
        "season": 1,
        "number": 1,
        "hosts": ["anna-forsberg"],
        "guests": ["karin-lundgren"],
        "days": -60,
        "areas": ["missbruk-och-beroende", "barn-och-unga"],
        "topics": ["unga-och-tramadol", "kvalitativa-intervjuer", "ungdomar-13-20"],
        "events": ["sem-3"],
        "chapters": "0:00 Inledning\n0:12 Hur användningen börjar\n0:28 Vad socialsekreterare "
        "kan fråga om",
    },
    {
        "key": "02-stodgrupper-for-barn",
        "title": "Stödgrupper för barn",
        "description": "Maria Ekdahl har följt stödgrupper för barn i familjer med missbruk. "
        "Lena Ström från familjestödet berättar vad de ändrat efter studien.",
        "notes": "Studien följde grupper i tre kommuner i Jönköpings län under två år.\n\n"
        "*Det viktigaste för barnen är att träffa andra i samma situation.*",
        "type": "full",
        "season": 1,
        "number": 2,
        "hosts": ["anna-forsberg"],
        "guests": ["maria-ekdahl"],
        "external": [("Lena Ström", "guest", "Familjestödet, Jönköpings kommun")],
        "days": -40,
        "areas": ["barn-och-unga"],
        "topics": ["stodgrupper-for-barn", "barn-7-12", "foraldrar"],
        "events": ["sem-1"],
    },
    {
        "key": "03-existentiella-fragor-hvb",
        "title": "Existentiella frågor för unga på HVB",
        "description": "Ahmed Svensson och doktoranden Sofia Engström om unga på HVB som "
        "funderar på mening, skuld och framtid – och personalen som möter dem.",
        "notes": "Sofia Engström är praktikdoktorand i forskarskolan FYS och socialsekreterare "
        "i Lund.",
        "type": "full",
        "season": 1,
        "number": 3,
        "hosts": ["anna-forsberg"],
        "guests": ["ahmed-svensson", "sofia-engstrom"],
        "days": -14,
        "areas": ["placerade-barn-och-unga"],
        "topics": ["existentiella-fragor-hvb", "ungdomar-13-20"],
        "chapters": "0:00 Inledning\n0:07 Unga på HVB och de stora frågorna\n0:17 Att våga "
        "lyssna\n0:27 Vad boendet kan göra",
    },
    {
        "key": "04-kunskapsstyrning",
        "title": "Kunskapsstyrning i socialtjänsten",
        "description": "Ingrid Björk och enhetschefen Johan Almgren om vad kunskapsstyrning "
        "betyder i vardagen, och varför uppföljning ger indikationer snarare än bevis.",
        "notes": "Den nya socialtjänstlagen (SFS 2025:400) kräver en kunskapsbaserad socialtjänst.",
        "type": "full",
        "season": 1,
        "number": 4,
        "hosts": ["anna-forsberg"],
        "guests": ["ingrid-bjork", "johan-almgren"],
        "days": 12,  # scheduled: appears in the feed in twelve days
        "areas": ["kunskapsstyrning"],
        "topics": ["kunskapsstyrning-socialtjanst", "systematisk-uppfoljning"],
        "events": ["sem-2"],
    },
    {
        "key": "05-samverkan",
        "title": "Samverkan mellan forskning och praktik",
        "description": "Ett kort samtal om hur forskare och socialsekreterare arbetar "
        "tillsammans på riktigt.",
        "notes": "",
        "type": "bonus",
        "season": 1,
        "number": None,
        "hosts": ["anna-forsberg", "maria-ekdahl"],
        "guests": ["johan-almgren"],
        "days": None,  # a draft waiting for its transcript
        "areas": ["samverkan-forskning-praktik"],
        "topics": ["samverkan-forskning-praktik"],
        "transcript": False,
    },
]


def _people(slugs: list[str]) -> list[Person]:
    found = {p.slug: p for p in Person.objects.filter(slug__in=slugs)}
    return [found[s] for s in slugs if s in found]


def _at(days: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(7, 0), tzinfo=timezone.get_current_timezone())


def _show() -> Show:
    fields: dict[str, Any] = {
        "title": "Mot ett socialtjänstuniversitet – forskningspodden",
        "description": "Forskningspodden från Jönköpings kommun och Hälsohögskolan i Jönköping: "
        "forskare och socialsekreterare samtalar om ny forskning och vad den betyder för "
        "arbetet i socialtjänsten. Varje avsnitt har en utskrift.",
        "language": "sv",
        "category": "Science/Social Sciences",
        "kind": Show.Kind.EPISODIC,
        "explicit": False,
        "author": "Jönköpings kommun och Hälsohögskolan i Jönköping",
        "owner_name": "FoU-samordningen, Jönköpings kommun",
        "owner_email": "podd@example.org",
        "copyright": "CC BY 4.0 Jönköpings kommun",
        "visibility": "public",
        "partnership": Partnership.objects.filter(slug="socialtjanstens-universitet").first(),
        "credits": [CreditSpec(role="host", person=p) for p in _people(["anna-forsberg"])]
        + [CreditSpec(role="co-host", person=p) for p in _people(["maria-ekdahl"])],
        "priority_areas": PriorityArea.objects.filter(
            slug__in=["barn-och-unga", "kunskapsstyrning", "samverkan-forskning-praktik"]
        ),
        "topics": Topic.objects.filter(slug__in=["samverkan-forskning-praktik"]),
    }
    existing = Show.objects.filter(slug=SHOW_SLUG).first()
    show = services.show_save(show=existing, **fields)
    if show.slug != SHOW_SLUG:
        Show.objects.filter(pk=show.pk).update(slug=SHOW_SLUG)
        show.refresh_from_db()
    with (DATA / "artwork.png").open("rb") as artwork:
        return services.show_artwork_set(show=show, file=File(artwork))


def _episode(show: Show, spec: dict[str, Any], admin: User | None) -> Episode:
    guid = str(uuid.uuid5(DEMO_NAMESPACE, spec["key"]))
    credits = [CreditSpec(role="host", person=p) for p in _people(spec["hosts"])]
    credits += [CreditSpec(role="guest", person=p) for p in _people(spec["guests"])]
    credits += [
        CreditSpec(role=role, name=name, affiliation=affiliation)
        for name, role, affiliation in spec.get("external", [])
    ]
    fields: dict[str, Any] = {
        "title": spec["title"],
        "description": spec["description"],
        "show_notes": spec["notes"],
        "season": spec["season"],
        "number": spec["number"],
        "episode_type": spec["type"],
        "explicit": False,
        "credits": credits,
        "events": Event.objects.filter(
            uid__in=[uuid.uuid5(ARENA_NAMESPACE, key) for key in spec.get("events", [])]
        ),
        "priority_areas": PriorityArea.objects.filter(slug__in=spec["areas"]),
        "topics": Topic.objects.filter(slug__in=spec["topics"]),
    }
    episode = Episode.objects.filter(guid=guid).first()
    if episode is None:
        episode = services.episode_save(show=show, guid=guid, created_by=admin, **fields)
    else:
        episode = services.episode_save(episode=episode, **fields)
    with (DATA / f"{spec['key']}.mp3").open("rb") as audio:
        episode = services.episode_audio_set(episode=episode, file=File(audio))
    if spec.get("transcript", True):
        transcript = next(DATA.glob(f"{spec['key']}.[vs][tr][tt]"))
        episode = services.episode_transcript_set(episode=episode, data=transcript.read_bytes())
    if spec.get("chapters"):
        document = chapters.parse_lines(spec["chapters"], duration=episode.audio_duration)
        episode = services.episode_chapters_set(episode=episode, document=document)
    if spec["days"] is not None:
        episode = services.episode_publish(
            episode=episode, user=admin, publish_at=_at(spec["days"])
        )
    return episode


def _downloads(episode: Episode, days_out: int) -> None:
    """Plausible demo listening figures: many downloads in the first days, then a long tail."""
    rng = random.Random(episode.guid)
    today = timezone.localdate()
    first = today + timedelta(days=days_out)
    for n in range((today - first).days + 1):
        day = first + timedelta(days=n)
        expected = 40 / (1 + n / 2) + 2
        DownloadDay.objects.update_or_create(
            episode=episode,
            day=day,
            defaults={"downloads": max(0, round(rng.gauss(expected, expected / 4)))},
        )


def seed() -> None:
    admin = User.objects.filter(email="admin@example.org").first()
    show = _show()
    partnership = show.partnership
    for spec in EPISODES:
        episode = _episode(show, spec, admin)
        if partnership is not None:
            link_add(a=episode, b=partnership, note="Forskningspodden")
        if spec["days"] is not None and spec["days"] < 0:
            _downloads(episode, spec["days"])
