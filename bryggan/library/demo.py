"""Demo library: reports, an article, a thesis and digests on the demo research areas.

All authors are fictional (demo people, and external names made up for the demo); DOIs use
Crossref's test prefix 10.5555 and URNs the namespace urn:nbn:se:demo, so none points at a real
work. Safe to run twice: publications are found by title and digests by slug, and updated.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from bryggan.arenas.models import Event
from bryggan.cycle.services import link_add
from bryggan.governance.models import Partnership
from bryggan.library import services
from bryggan.library.models import Digest, Publication
from bryggan.people.models import Person, User
from bryggan.taxonomy.models import PriorityArea, SubjectCode, Topic

K = Publication.Kind


def demo_pdf(title: str, lines: list[str]) -> bytes:
    """Build a small, valid one-page PDF (Helvetica, WinAnsi) that says what the report is."""

    def text(value: str) -> str:
        raw = value.encode("cp1252", errors="replace").decode("latin-1")
        return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    rows = [f"BT /F1 16 Tf 56 780 Td ({text(title)}) Tj ET"]
    for n, line in enumerate(lines):
        rows.append(f"BT /F1 11 Tf 56 {740 - 18 * n} Td ({text(line)}) Tj ET")
    stream = "\n".join(rows).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _person(slug: str) -> dict[str, Any]:
    return {"person": Person.objects.filter(slug=slug).first(), "role": "author"}


def _external(given: str, family: str, role: str = "author") -> dict[str, Any]:
    return {"person": None, "given_name": given, "family_name": family, "role": role}


def _event(series_slug: str, title_contains: str = "") -> list[Event]:
    events = Event.objects.filter(series__slug=series_slug, end__lt=timezone.now())
    if title_contains:
        events = events.filter(title__icontains=title_contains)
    first = events.order_by("-start").first()
    return [first] if first else []


PUBLICATIONS: list[dict[str, Any]] = [
    {
        "key": "lund-groups",
        "kind": K.REPORT,
        "title": "Diskussionsgrupper som mötesplats mellan forskning och praktik",
        "subtitle": "Erfarenheter från samarbetet mellan Socialhögskolan och socialtjänsten i Lund 2017–2024",
        "year": 2024,
        "date": date(2024, 11, 14),
        "language": "sv",
        "authors": lambda: [
            _person("karin-lundgren"),
            _person("henrik-wallin"),
            _external("Birgitta", "Holmqvist"),
            _person("ahmed-svensson"),
        ],
        "abstract_sv": "Sedan 2017 träffas socialsekreterare och forskare i Lund regelbundet i "
        "diskussionsgrupper där de läser aktuell forskning och tar upp fall från både forskning "
        "och praktik. Rapporten bygger på intervjuer med 24 deltagare, observationer av "
        "gruppträffar och dokumentation från sju år.\n\n"
        "Grupperna har gjort forskning till en naturlig del av vardagen för deltagarna. En viktig "
        "bieffekt är att socialsekreterare från olika enheter möts och jämför hur de hanterar "
        "liknande ärenden. Forskarna beskriver att frågor från praktiken har gett nya "
        "forskningsidéer, och flera socialsekreterare undervisar i dag på socionomprogrammet. "
        "Rapporten diskuterar vad som krävs för att grupperna ska leva vidare: avsatt tid, stöd "
        "från chefer och en samordnare som håller ihop arbetet.",
        "abstract_en": "Since 2017, social workers and researchers in Lund have met regularly in "
        "discussion groups to read current research and discuss cases from research and practice. "
        "Drawing on interviews with 24 participants, observations and seven years of records, the "
        "report shows how the groups made research part of everyday work, brought social workers "
        "from different units together, and fed questions from practice back into research.",
        "publisher": "Socialhögskolan, Lunds universitet",
        "series": "Socialhögskolans rapportserie 2024:3",
        "urn": "urn:nbn:se:demo:bryggan-2024-3",
        "codes": ["50402"],
        "areas": ["samverkan-forskning-praktik"],
        "topics": ["samverkan-forskning-praktik", "kvalitativa-intervjuer"],
        "events": lambda: _event("diskussionsgrupp-unga-och-missbruk"),
        "partnership": "lund-samverkan",
        "pdf": True,
    },
    {
        "key": "tramadol",
        "kind": K.REPORT,
        "title": "Unga och tramadol",
        "subtitle": "En intervjustudie om ungas bruk av narkotikaklassade läkemedel",
        "year": 2025,
        "date": date(2025, 3, 20),
        "language": "sv",
        "authors": lambda: [
            _person("karin-lundgren"),
            _person("fatima-karlsson"),
            _person("linnea-sandberg"),
            _external("Jonas", "Wikström"),
        ],
        "abstract_sv": "Allt fler unga som kommer i kontakt med socialtjänsten berättar att de "
        "använder tramadol, ofta tillsammans med andra substanser. Studien bygger på intervjuer "
        "med 18 unga mellan 15 och 21 år och med 12 socialsekreterare i Lund.\n\n"
        "De unga beskriver tramadol som lättillgängligt och ofarligt, och flera säger att ingen "
        "vuxen har frågat om just läkemedel. Socialsekreterarna efterfrågar kunskap om "
        "abstinens, beroendeutveckling och hur man ställer frågor om receptbelagda preparat. "
        "Rapporten föreslår att frågor om läkemedel tas med i bedömningssamtal med unga.",
        "abstract_en": "Interviews with 18 young people aged 15–21 and 12 social workers in Lund "
        "show that tramadol is perceived as easy to get and harmless. The report recommends asking "
        "about prescription drugs in assessment interviews with young people.",
        "publisher": "Socialhögskolan, Lunds universitet",
        "series": "Socialhögskolans rapportserie 2025:1",
        "urn": "urn:nbn:se:demo:bryggan-2025-1",
        "codes": ["30309", "50402"],
        "areas": ["missbruk-och-beroende", "barn-och-unga"],
        "topics": ["unga-och-tramadol", "kvalitativa-intervjuer", "ungdomar-13-20"],
        "events": lambda: [
            e
            for e in Event.objects.filter(title__startswith="Unga och tramadol").order_by("start")[
                :1
            ]
        ],
        "pdf": True,
    },
    {
        "key": "support-groups",
        "kind": K.ARTICLE,
        "title": "Support groups for children of parents with substance use problems",
        "subtitle": "A mixed-methods evaluation in a Swedish municipality",
        "year": 2024,
        "date": date(2024, 6, 3),
        "language": "en",
        "authors": lambda: [
            _person("maria-ekdahl"),
            _person("elin-bergqvist"),
            _external("Sara", "Lindahl"),
        ],
        "abstract_en": "Support groups are a common intervention for children who grow up with a "
        "parent's substance use, but they are rarely evaluated in ordinary municipal services. We "
        "followed 64 children aged 7–12 who took part in ten-week support groups in Jönköping, "
        "with questionnaires before and after the groups and interviews with children, parents "
        "and group leaders.\n\n"
        "Children reported less loneliness and more words for their situation after the groups. "
        "Parents valued that the children met others in the same situation. The design cannot "
        "show that the groups caused the change; it gives indications that support continued "
        "use and systematic follow-up.",
        "abstract_sv": "Stödgrupper för barn som växer upp med en förälder som har missbruk "
        "utvärderades i Jönköping med enkäter före och efter och intervjuer. Barnen beskrev "
        "mindre ensamhet och fler ord för sin situation.",
        "doi": "10.5555/bryggan.demo.2024.001",
        "journal": "Nordisk tidskrift för praktiknära socialt arbete",
        "volume": "12",
        "issue": "2",
        "pages": "45–67",
        "codes": ["50402"],
        "areas": ["barn-och-unga"],
        "topics": ["stodgrupper-for-barn", "utvardering", "barn-7-12"],
        "events": lambda: [
            e
            for e in Event.objects.filter(title__startswith="Stödgrupper för barn").order_by(
                "start"
            )[:1]
        ],
        "open_access_url": "https://example.org/bryggan-demo/stodgrupper.pdf",
    },
    {
        "key": "hvb-thesis",
        "kind": K.DISSERTATION,
        "title": "Meningen med att bo här",
        "subtitle": "Existentiella frågor hos unga på HVB",
        "year": 2025,
        "date": date(2025, 5, 16),
        "language": "sv",
        "authors": lambda: [_person("sofia-engstrom")],
        "abstract_sv": "Licentiatuppsatsen undersöker hur unga som bor på hem för vård eller "
        "boende (HVB) talar om mening, skuld, ensamhet och framtid, och hur personalen möter "
        "sådana frågor. Materialet består av intervjuer med 14 unga och fokusgrupper med "
        "personal på tre HVB.\n\n"
        "De unga bär på stora existentiella frågor men får sällan utrymme att tala om dem. "
        "Personalen beskriver frågorna som viktiga men saknar ord och stöd. Uppsatsen föreslår "
        "att existentiella samtal blir en uttalad del av behandlingsarbetet.",
        "abstract_en": "The licentiate thesis examines how young people in residential care "
        "(HVB) speak about meaning, guilt, loneliness and the future, and how staff respond.",
        "publisher": "Socialhögskolan, Lunds universitet",
        "series": "Forskarskolan FYS licentiatserie 2025:1",
        "urn": "urn:nbn:se:demo:bryggan-2025-2",
        "codes": ["50402", "50101"],
        "areas": ["placerade-barn-och-unga"],
        "topics": ["existentiella-fragor-hvb", "kvalitativa-intervjuer", "ungdomar-13-20"],
        "pdf": True,
    },
    {
        "key": "knowledge-governance",
        "kind": K.REPORT,
        "title": "Kunskapsstyrning i socialtjänsten",
        "subtitle": "Hur tretton kommuner i Jönköpings län använder forskning och uppföljning",
        "year": 2024,
        "date": date(2024, 9, 30),
        "language": "sv",
        "authors": lambda: [
            _person("per-gustafsson"),
            _person("ingrid-bjork"),
            _external("Marcus", "Ekholm"),
        ],
        "abstract_sv": "FoUrum har kartlagt hur länets tretton kommuner arbetar med "
        "kunskapsstyrning: vilka stöd från nationella myndigheter som används, hur "
        "systematisk uppföljning är organiserad och hur forskning når chefer och medarbetare.\n\n"
        "Alla kommuner följer upp delar av verksamheten, men resultaten används sällan i "
        "beslut. Små kommuner saknar ofta någon som kan analysera data. Rapporten föreslår "
        "gemensamma uppföljningsstöd i länet och att resultat diskuteras på chefsmöten.",
        "publisher": "FoUrum socialt välfärd, Region Jönköpings län",
        "series": "FoUrum rapport 2024:2",
        "codes": ["50402", "50603"],
        "areas": ["kunskapsstyrning"],
        "topics": ["kunskapsstyrning-socialtjanst", "systematisk-uppfoljning", "enkatstudier"],
        "partnership": "fourum",
        "pdf": True,
    },
    {
        "key": "ssu-interim",
        "kind": K.REPORT,
        "title": "Mot ett socialtjänstens universitet",
        "subtitle": "Delrapport från samverkan mellan Jönköpings kommun, Hälsohögskolan och Lunds universitet",
        "year": 2025,
        "date": date(2025, 4, 28),
        "language": "sv",
        "authors": lambda: [
            _person("anna-forsberg"),
            _person("maria-ekdahl"),
            _person("johan-almgren"),
        ],
        "abstract_sv": "Delrapporten beskriver det första året i projektets fyra delar: "
        "forskningspodden, forskning i förvaltningen, forskningsseminariet och arbetet från "
        "referensgrupp till styrgrupp. Den redovisar vad som har gjorts, vilka hinder som har "
        "mött projektet och vad som återstår till december 2026.",
        "publisher": "Jönköpings kommun, socialförvaltningen",
        "series": "Mot ett socialtjänstens universitet, rapport 1",
        "codes": ["50402"],
        "areas": ["samverkan-forskning-praktik", "kunskapsstyrning"],
        "topics": ["samverkan-forskning-praktik"],
        "partnership": "socialtjanstens-universitet",
    },
    {
        "key": "managers-chapter",
        "kind": K.CHAPTER,
        "title": "Chefsmötet som lärande arena",
        "year": 2025,
        "language": "sv",
        "authors": lambda: [
            _person("ingrid-bjork"),
            _person("johan-almgren"),
            _external("Helena", "Strand", "editor"),
            _external("Tomas", "Berggren", "editor"),
        ],
        "abstract_sv": "Kapitlet beskriver hur chefsmöten i en socialförvaltning gjordes om "
        "till en arena för att diskutera forskning och besluta om vad som ska prövas i "
        "verksamheten, och hur besluten följdes upp vid nästa möte.",
        "journal": "Kunskapsbaserad socialtjänst i praktiken",
        "pages": "113–134",
        "publisher": "Demoförlaget",
        "codes": ["50402", "50603"],
        "areas": ["kunskapsstyrning"],
        "topics": ["kunskapsstyrning-socialtjanst"],
    },
    {
        "key": "support-groups-internal",
        "kind": K.REPORT,
        "title": "Uppföljning av stödgrupper för barn 2024",
        "subtitle": "Intern sammanställning för enheten Barn och unga",
        "year": 2025,
        "language": "sv",
        "authors": lambda: [_person("elin-bergqvist"), _person("johan-almgren")],
        "abstract_sv": "Sammanställning av enkäter före och efter stödgrupperna under 2024, "
        "för diskussion på enhetens arbetsplatsträff. Resultaten ger indikationer, inte bevis "
        "för effekt.",
        "codes": ["50402"],
        "areas": ["barn-och-unga"],
        "topics": ["stodgrupper-for-barn", "systematisk-uppfoljning"],
        "visibility": "internal",
        "harvestable": False,
    },
    {
        "key": "tramadol-working-paper",
        "kind": K.REPORT,
        "title": "Unga och tramadol: preliminära resultat",
        "year": 2024,
        "language": "sv",
        "authors": lambda: [_person("karin-lundgren")],
        "abstract_sv": "Arbetsrapport med preliminära resultat från intervjustudien.",
        "series": "Socialhögskolans arbetsrapporter 2024:7",
        "codes": ["30309"],
        "areas": ["missbruk-och-beroende"],
        "topics": ["unga-och-tramadol"],
        "withdrawn": "Ersatt av slutrapporten Unga och tramadol (2025), som bygger på fler "
        "intervjuer och rättar en felaktig siffra.",
    },
]

DIGESTS: list[dict[str, Any]] = [
    {
        "slug": "unga-och-tramadol-vad-socialsekreterare-behover-veta",
        "title": "Unga och tramadol – vad socialsekreterare behöver veta",
        "sources": ["tramadol"],
        "writers": ["fatima-karlsson", "karin-lundgren"],
        "published_on": date(2025, 4, 10),
        "summary": "Många unga ser tramadol som ett ofarligt läkemedel. I en studie från Lund "
        "berättade unga att de lätt fick tag på tabletterna och att ingen vuxen frågat om just "
        "läkemedel.\n\n"
        "- Tramadol används ofta tillsammans med alkohol eller cannabis.\n"
        "- Abstinensen kan vara svår, och risken för kramper ökar vid höga doser.\n"
        "- Socialsekreterarna i studien ville veta mer om hur man frågar.",
        "practice": "Fråga uttryckligen om receptbelagda läkemedel i bedömningssamtal med unga, "
        "inte bara om alkohol och narkotika. Använd de ungas egna ord för preparaten. Samarbeta "
        "med beroendevården när en ung person beskriver abstinens.",
        "areas": ["missbruk-och-beroende", "barn-och-unga"],
        "topics": ["unga-och-tramadol"],
    },
    {
        "slug": "stodgrupper-hjalper-barn-satta-ord",
        "title": "Stödgrupper hjälper barn att sätta ord på sin situation",
        "sources": ["support-groups"],
        "writers": ["maria-ekdahl"],
        "published_on": date(2024, 9, 2),
        "summary": "Barn som växer upp med en förälder som har missbruk känner sig ofta ensamma. "
        "I Jönköping följdes 64 barn som gick i stödgrupp i tio veckor. Efteråt beskrev barnen "
        "mindre ensamhet och att de hade fått ord för det de var med om.\n\n"
        "Studien kan inte visa att det var grupperna som gjorde skillnaden, men resultaten ger "
        "stöd för att fortsätta och att följa upp.",
        "practice": "Erbjud stödgrupp tidigt när en förälders missbruk blir känt. Följ upp "
        "barnens upplevelse med samma frågor före och efter gruppen, så att enheten ser om "
        "arbetet gör skillnad.",
        "areas": ["barn-och-unga"],
        "topics": ["stodgrupper-for-barn"],
    },
    {
        "slug": "existentiella-fragor-hor-hemma-pa-hvb",
        "title": "Existentiella frågor hör hemma i vardagen på HVB",
        "sources": ["hvb-thesis"],
        "writers": ["sofia-engstrom"],
        "published_on": date(2025, 6, 1),
        "summary": "Unga på HVB bär på stora frågor om mening, skuld och framtid. I intervjuer "
        "berättar de att sådana samtal sällan blir av. Personalen tycker att frågorna är "
        "viktiga men saknar ord och stöd för att ta upp dem.",
        "practice": "Ge utrymme för samtal om mening och framtid i det vardagliga "
        "behandlingsarbetet. Handledning kan hjälpa personalen att våga stanna i svåra frågor.",
        "areas": ["placerade-barn-och-unga"],
        "topics": ["existentiella-fragor-hvb"],
    },
    {
        "slug": "diskussionsgrupper-gor-forskning-till-vardag",
        "title": "Diskussionsgrupper gör forskning till en del av vardagen",
        "sources": ["lund-groups"],
        "writers": ["karin-lundgren"],
        "published_on": date(2024, 12, 5),
        "summary": "I Lund har socialsekreterare och forskare träffats i diskussionsgrupper "
        "sedan 2017. De läser ny forskning, tar upp fall och lär av varandra. Deltagarna "
        "säger att forskning har blivit något man pratar om, inte något man läser ensam.\n\n"
        "En viktig bieffekt är att socialsekreterare från olika enheter möts och jämför hur de "
        "arbetar.",
        "practice": "Avsätt tid för regelbundna träffar och låt en samordnare hålla ihop "
        "arbetet. Bjud in kollegor från flera enheter, och låt frågor från praktiken gå tillbaka "
        "till forskarna.",
        "areas": ["samverkan-forskning-praktik"],
        "topics": ["samverkan-forskning-praktik"],
    },
    {
        "slug": "uppfoljning-behover-foljas-av-samtal",
        "title": "Uppföljning behöver följas av samtal",
        "sources": ["knowledge-governance", "managers-chapter"],
        "writers": ["per-gustafsson"],
        "published_on": date(2025, 1, 20),
        "summary": "Alla tretton kommuner i Jönköpings län följer upp delar av sitt arbete, "
        "men resultaten används sällan när beslut fattas. När chefsmöten används för att "
        "diskutera forskning och uppföljning blir det lättare att besluta vad som ska prövas.",
        "practice": "Ta upp resultat från uppföljningen på chefsmöten och bestäm vad som ska "
        "prövas och när det ska följas upp. Små kommuner kan dela analysstöd genom FoUrum.",
        "areas": ["kunskapsstyrning"],
        "topics": ["kunskapsstyrning-socialtjanst", "systematisk-uppfoljning"],
    },
]


def _seed_publication(spec: dict[str, Any], user: User | None) -> Publication:
    existing = Publication.objects.filter(title=spec["title"]).first()
    fields = {
        name: spec[name]
        for name in (
            "kind",
            "title",
            "subtitle",
            "year",
            "date",
            "language",
            "abstract_sv",
            "abstract_en",
            "doi",
            "urn",
            "publisher",
            "journal",
            "volume",
            "issue",
            "pages",
            "series",
            "open_access_url",
        )
        if name in spec
    }
    file = None
    if spec.get("pdf") and not (existing and existing.file):
        file = ContentFile(
            demo_pdf(
                spec["title"],
                [
                    spec.get("subtitle", ""),
                    spec.get("series", ""),
                    "",
                    "Demo för Bryggan.",
                    "Alla personer i rapporten är påhittade.",
                ],
            ),
            name=f"{spec['key']}.pdf",
        )
    created_at = datetime.combine(
        spec.get("date") or date(spec["year"], 6, 1),
        time(9, 0),
        tzinfo=timezone.get_current_timezone(),
    )
    if existing and existing.is_withdrawn:
        return existing
    publication = services.publication_save(
        publication=existing,
        user=user,
        authors=[a for a in spec["authors"]() if a.get("person") or a.get("family_name")],
        subject_codes=SubjectCode.objects.filter(code__in=spec["codes"]),
        priority_areas=PriorityArea.objects.filter(slug__in=spec["areas"]),
        topics=Topic.objects.filter(slug__in=spec["topics"]),
        events=spec["events"]() if "events" in spec else [],
        file=file,
        visibility=spec.get("visibility", "public"),
        harvestable=spec.get("harvestable", True),
        created_at=created_at,
        provenance="",
        **fields,
    )
    if spec.get("partnership"):
        partnership = Partnership.objects.filter(slug=spec["partnership"]).first()
        if partnership:
            link_add(a=publication, b=partnership)
    if spec.get("withdrawn"):
        publication = services.publication_withdraw(
            publication=publication, reason=spec["withdrawn"]
        )
    return publication


def seed() -> None:
    coordinator = User.objects.filter(email="coordinator@example.org").first()
    by_key = {spec["key"]: _seed_publication(spec, coordinator) for spec in PUBLICATIONS}
    for spec in DIGESTS:
        digest = Digest.objects.filter(slug=spec["slug"]).first()
        saved = services.digest_save(
            digest=digest,
            user=coordinator,
            publications=[by_key[key] for key in spec["sources"]],
            writers=Person.objects.filter(slug__in=spec["writers"]),
            priority_areas=PriorityArea.objects.filter(slug__in=spec["areas"]),
            topics=Topic.objects.filter(slug__in=spec["topics"]),
            title=spec["title"],
            summary=spec["summary"],
            practice=spec["practice"],
            language="sv",
            published_on=spec["published_on"],
            visibility="public",
        )
        if digest is None:
            Digest.objects.filter(pk=saved.pk).update(slug=spec["slug"])
