"""Demo sources, watchlists and records for the demo priority areas, imported without network.

The records come from real recorded OAI-PMH responses (GIH, Linköping and Malmö DiVA/MODS) kept in
demo_data/, plus a few fictional works in the OpenAlex form for the social-services areas.
"""

from pathlib import Path

from django.apps import apps
from django.db import transaction

from bryggan.monitoring import services
from bryggan.monitoring.models import Record, Source, Subscription
from bryggan.monitoring.normalise import Item, author, parse_oai_page
from bryggan.people.models import User
from bryggan.taxonomy.models import PriorityArea

DATA = Path(__file__).resolve().parent / "demo_data"

WATCHLISTS = {
    "barn-och-unga": {
        "terms_sv": "barn och unga\nungdomar\nbarn- och ungdomsidrott\nföräldraskapsstöd\nstödgrupp*",
        "terms_en": "children\nyoung people\nyouth\nparenting support",
        "subject_codes": "50402",
    },
    "placerade-barn-och-unga": {
        "terms_sv": "placerade barn\nfamiljehem*\nHVB\nsamhällsvård",
        "terms_en": "out-of-home care\nfoster care\nresidential care",
        "subject_codes": "",
    },
    "missbruk-och-beroende": {
        "terms_sv": "missbruk\nberoende\ntramadol\nnarkotika*",
        "terms_en": "substance use\naddiction\ntramadol\nopioid*",
        "subject_codes": "30309",
    },
    "kunskapsstyrning": {
        "terms_sv": "kunskapsstyrning\nevidensbaserad praktik\nsystematisk uppföljning",
        "terms_en": "knowledge governance\nevidence-based practice\nevidence based practice",
        "subject_codes": "",
    },
    "samverkan-forskning-praktik": {
        "terms_sv": "samverkan mellan forskning och praktik\nFoU\npraktiknära forskning",
        "terms_en": "research-practice collaboration\npractice research\nco-production",
        "subject_codes": "",
    },
    "ekonomiskt-bistand-och-arbete": {
        "terms_sv": "ekonomiskt bistånd\nförsörjningsstöd\negen försörjning",
        "terms_en": "economic assistance\nsocial assistance\nwelfare to work",
        "subject_codes": "",
    },
}

# Fictional works (invented titles and people, DOIs in the 10.5555 test prefix).
FICTIONAL = [
    ("W900000001", "10.5555/bryggan.demo.1", "Existential questions of young people in residential care (HVB): an interview study",
     "Elin Påhittad", "Barn och unga i HVB ställer existentiella frågor som personalen sällan möter.", "Nordic Social Work Research"),
    ("W900000002", "10.5555/bryggan.demo.2", "Tramadol use among young people: how social services respond",
     "Kim Fiktiv", "Young people's use of tramadol and the responses of municipal social services.", "Nordic Studies on Alcohol and Drugs"),
    ("W900000003", "10.5555/bryggan.demo.3", "Knowledge governance in Swedish social services: evidence-based practice in everyday casework",
     "Sara Uppdiktad", "How knowledge governance shapes evidence-based practice in social services.", "European Journal of Social Work"),
    ("W900000004", "10.5555/bryggan.demo.4", "Research-practice collaboration in municipal R&D units: a Swedish case",
     "Maja Exempel", "A study of research-practice collaboration and co-production in FoU units.", "Journal of Social Work Practice"),
    ("W900000005", "10.5555/bryggan.demo.5", "From economic assistance to work: a follow-up of households in three municipalities",
     "Olle Påhittad", "Households receiving ekonomiskt bistånd and their way to egen försörjning.", "Scandinavian Journal of Social Welfare"),
    ("W900000006", "10.5555/bryggan.demo.6", "Support groups for children of parents with addiction",
     "Lena Exempelsson", "Stödgrupper för barn: an evaluation of support groups for children and young people.", "Child & Family Social Work"),
]  # fmt: skip


# A digest in the library written from one harvested record, as a coordinator would.
DIGEST_RECORD_DOI = "10.5555/bryggan.demo.2"
DIGEST = {
    "slug": "sa-moter-socialtjansten-unga-som-anvander-tramadol",
    "title": "Så möter socialtjänsten unga som använder tramadol",
    "summary": (
        "Studien följer hur kommunernas socialtjänst får kännedom om unga som använder tramadol "
        "och vad som händer sedan. Oftast kommer signalen från skolan eller föräldrarna, sällan "
        "från den unga själv, och det dröjer ofta innan någon insats sätts in."
    ),
    "practice": (
        "- Fråga om läkemedel som tramadol när oro för narkotika anmäls.\n"
        "- Samverka tidigt med skolan och elevhälsan.\n"
        "- Erbjud stöd till föräldrarna samtidigt som den unga får sin insats."
    ),
}


def _seed_digest(coordinator: User) -> None:
    """Write the demo digest from its record once (through the same service as the page)."""
    from bryggan.library.models import Digest

    record = Record.objects.filter(doi=DIGEST_RECORD_DOI).first()
    if record is None or Digest.objects.filter(slug=DIGEST["slug"]).exists():
        return
    suggested = services.record_digest_suggestions(record)
    digest = services.record_digest_write(
        record=record,
        user=coordinator,
        title=DIGEST["title"],
        summary=DIGEST["summary"],
        practice=DIGEST["practice"],
        language="sv",
        visibility="public",
        priority_areas=suggested["priority_areas"],
        topics=suggested["topics"],
    )
    Digest.objects.filter(pk=digest.pk).update(slug=DIGEST["slug"])


@transaction.atomic
def seed() -> None:
    oai, _ = Source.objects.update_or_create(
        name="DiVA (GIH) – swepub_mods",
        defaults={
            "kind": Source.Kind.OAI,
            "url": "https://gih.diva-portal.org/dice/oai",
            "metadata_prefix": Source.Prefix.SWEPUB_MODS,
            "set_spec": "gih",
            "active": False,
        },
    )
    oai_more, _ = Source.objects.update_or_create(
        name="SwePub (Malmö, Linköping) – swepub_mods",
        defaults={
            "kind": Source.Kind.OAI,
            "url": "https://oai.example.org/swepub",
            "metadata_prefix": Source.Prefix.SWEPUB_MODS,
            "active": False,
        },
    )
    openalex, _ = Source.objects.update_or_create(
        name="OpenAlex: social work in Sweden",
        defaults={
            "kind": Source.Kind.OPENALEX,
            "query": "social services Sweden",
            "email": "fou@example.org",
            "active": False,
        },
    )
    Source.objects.update_or_create(
        name="Crossref: socialtjänst",
        defaults={"kind": Source.Kind.CROSSREF, "query": "social services sweden", "active": False},
    )
    Source.objects.update_or_create(
        name="Nordic Social Work Research (RSS)",
        defaults={
            "kind": Source.Kind.FEED,
            "url": "https://www.tandfonline.com/feed/rss/rnsw20",
            "active": False,
        },
    )
    services.records_import(
        source=oai, items=parse_oai_page((DATA / "gih.xml").read_bytes(), "swepub_mods").items
    )
    for name in ("mau.xml", "liu-new-diva.xml"):
        services.records_import(
            source=oai_more, items=parse_oai_page((DATA / name).read_bytes(), "swepub_mods").items
        )
    services.records_import(
        source=openalex,
        items=[
            Item(
                external_id=f"https://openalex.org/{wid}", title=title, doi=doi, year=2026,
                authors=[author(name=name)], abstract=abstract, venue=venue, language="en",
                subject_codes=["50402"],
            )
            for wid, doi, title, name, abstract, venue in FICTIONAL
        ],
    )  # fmt: skip
    for slug, spec in WATCHLISTS.items():
        area = PriorityArea.objects.filter(slug=slug).first()
        if area is not None:
            services.watchlist_save(area=area, **spec)  # type: ignore[arg-type]
    services.records_match()
    coordinator = User.objects.filter(email="coordinator@example.org").first()
    area = PriorityArea.objects.filter(slug="barn-och-unga").first()
    if coordinator and area:
        Subscription.objects.get_or_create(user=coordinator, area=area)
    if coordinator and apps.is_installed("bryggan.library"):
        _seed_digest(coordinator)
    assert Record.objects.exists()
