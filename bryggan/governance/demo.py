"""Demo partnerships: FoUrum, Towards a Social Services University (Jönköping) and the Lund collaboration."""

from datetime import date
from typing import Any

from bryggan.core.models import Visibility
from bryggan.governance.models import Partnership, Party
from bryggan.people.demo import FOURUM_MUNICIPALITIES
from bryggan.people.models import Organisation
from bryggan.taxonomy.models import PriorityArea

R = Party.Role

PARTNERSHIPS: list[dict[str, Any]] = [
    {
        "slug": "fourum",
        "short_name": "FoUrum",
        "kind": Partnership.Kind.REGIONAL,
        "start": date(2010, 1, 1),
        "name_sv": "FoUrum socialt välfärd",
        "name_en": "FoUrum social welfare",
        "description": "En regional stödstruktur som ägs av länets 13 kommuner som jämlika parter. Kommunerna "
        "formulerar uppdraget, betalar basfinansiering och lånar ut medarbetare som leder utvecklingsprojekt.",
        "areas": [
            "barn-och-unga",
            "missbruk-och-beroende",
            "kunskapsstyrning",
            "ekonomiskt-bistand-och-arbete",
        ],
        "parties": [
            (slug, R.OWNER, "Basfinansiering och gemensamt uppdrag")
            for slug, _n, _s in FOURUM_MUNICIPALITIES
        ]
        + [("region-jonkopings-lan", R.SUPPORT, "Värd för FoUrum")],
    },
    {
        "slug": "socialtjanstens-universitet",
        "short_name": "SSU",
        "kind": Partnership.Kind.COLLABORATION,
        "start": date(2024, 4, 1),
        "end": date(2026, 12, 31),
        "name_sv": "Mot ett socialtjänstens universitet",
        "name_en": "Towards a Social Services University",
        "description": "Jönköpings kommuns socialförvaltning tillsammans med Hälsohögskolan i Jönköping och "
        "Socialhögskolan i Lund, finansierat av Forte. Fyra delar: forskningspodd, forskning i förvaltningen, "
        "forskningsseminarium och från referensgrupp till styrgrupp.",
        "areas": [
            "barn-och-unga",
            "placerade-barn-och-unga",
            "kunskapsstyrning",
            "samverkan-forskning-praktik",
        ],
        "parties": [
            (
                "jonkoping-socialforvaltningen",
                R.PRACTICE,
                "Forskning i förvaltningen och chefsmöten som lärarena",
            ),
            ("hhj", R.ACADEMIC, "Forskningsseminarier och forskningspodd"),
            ("socialhogskolan", R.ACADEMIC, "Analys av strukturer för spridning av forskning"),
            ("forte", R.FUNDER, ""),
        ],
    },
    {
        "slug": "lund-samverkan",
        "short_name": "Lund",
        "kind": Partnership.Kind.COLLABORATION,
        "start": date(2017, 1, 1),
        "name_sv": "Kunskapsskapande socialtjänst i Lund",
        "name_en": "A knowledge-creating social service in Lund",
        "description": "Samverkansavtal mellan socialtjänsten i Lund och Socialhögskolan: diskussionsgrupper där "
        "socialsekreterare och forskare möts, praktikdoktorander i forskarskolan FYS, VFU och undervisning.",
        "areas": [
            "missbruk-och-beroende",
            "placerade-barn-och-unga",
            "samverkan-forskning-praktik",
        ],
        "parties": [
            ("lund-socialforvaltningen", R.PRACTICE, "Diskussionsgrupper och praktikdoktorander"),
            (
                "socialhogskolan",
                R.ACADEMIC,
                "Forskare i diskussionsgrupperna och forskarskolan FYS",
            ),
        ],
    },
]


def seed() -> None:
    for template in PARTNERSHIPS:
        spec: dict[str, Any] = dict(template)
        areas, parties = spec.pop("areas"), spec.pop("parties")
        partnership, _created = Partnership.objects.update_or_create(
            slug=spec.pop("slug"), defaults={**spec, "visibility": Visibility.PUBLIC}
        )
        partnership.priority_areas.set(PriorityArea.objects.filter(slug__in=areas))
        for org_slug, role, mission in parties:
            Party.objects.update_or_create(
                partnership=partnership,
                organisation=Organisation.objects.get(slug=org_slug),
                defaults={"role": role, "mission": mission, "joined": partnership.start},
            )
