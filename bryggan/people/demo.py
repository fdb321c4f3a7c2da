"""Demo organisations (the real model organisations of the brief) and fictional people.

Every person here is invented; names are common Swedish names put together at random, e-mail
addresses use example.org and ORCID iDs lie below the range ORCID has ever issued (0000-0000-…).
"""

from datetime import date

from django.utils.text import slugify

from bryggan.core.demo import DEMO_PASSWORD
from bryggan.core.models import Visibility
from bryggan.lib.orcid import check_digit
from bryggan.people.models import Affiliation, Organisation, Person, Role, User
from bryggan.taxonomy.models import SubjectCode, Topic

K = Organisation.Kind

# The 13 municipalities of Jönköping County that own FoUrum: (slug, official name, short name).
FOURUM_MUNICIPALITIES = [
    ("aneby", "Aneby kommun", "Aneby"),
    ("eksjo", "Eksjö kommun", "Eksjö"),
    ("gislaved", "Gislaveds kommun", "Gislaved"),
    ("gnosjo", "Gnosjö kommun", "Gnosjö"),
    ("habo", "Habo kommun", "Habo"),
    ("jonkoping", "Jönköpings kommun", "Jönköping"),
    ("mullsjo", "Mullsjö kommun", "Mullsjö"),
    ("nassjo", "Nässjö kommun", "Nässjö"),
    ("savsjo", "Sävsjö kommun", "Sävsjö"),
    ("tranas", "Tranås kommun", "Tranås"),
    ("vaggeryd", "Vaggeryds kommun", "Vaggeryd"),
    ("vetlanda", "Vetlanda kommun", "Vetlanda"),
    ("varnamo", "Värnamo kommun", "Värnamo"),
]

# slug, Swedish name, English name, kind, parent slug, short name
ORGANISATIONS = [
    ("lunds-kommun", "Lunds kommun", "Lund municipality", K.MUNICIPALITY, None, "Lund"),
    (
        "lund-socialforvaltningen",
        "Socialförvaltningen i Lund",
        "Lund social services department",
        K.DEPARTMENT,
        "lunds-kommun",
        "",
    ),
    (
        "lund-barn-och-familj",
        "Barn och familj",
        "Children and families",
        K.UNIT,
        "lund-socialforvaltningen",
        "",
    ),
    ("lund-ungdomsenheten", "Ungdomsenheten", "Youth unit", K.UNIT, "lund-socialforvaltningen", ""),
    ("lund-vuxenenheten", "Vuxenenheten", "Adult unit", K.UNIT, "lund-socialforvaltningen", ""),
    (
        "lund-forsorjningsstod",
        "Försörjningsstöd",
        "Financial assistance",
        K.UNIT,
        "lund-socialforvaltningen",
        "",
    ),
    (
        "jonkoping-socialforvaltningen",
        "Socialförvaltningen i Jönköping",
        "Jönköping social services department",
        K.DEPARTMENT,
        "jonkoping",
        "",
    ),
    (
        "jonkoping-barn-och-unga",
        "Enheten för barn och unga",
        "Children and young people unit",
        K.UNIT,
        "jonkoping-socialforvaltningen",
        "",
    ),
    (
        "jonkoping-familjestod",
        "Enheten för familjestöd",
        "Family support unit",
        K.UNIT,
        "jonkoping-socialforvaltningen",
        "",
    ),
    (
        "jonkoping-missbruk-vuxna",
        "Enheten för missbruk och beroende",
        "Substance use unit",
        K.UNIT,
        "jonkoping-socialforvaltningen",
        "",
    ),
    (
        "jonkoping-hvb-ungdom",
        "HVB Ungdom",
        "Residential care for young people",
        K.UNIT,
        "jonkoping-socialforvaltningen",
        "",
    ),
    (
        "jonkoping-university",
        "Jönköping University",
        "Jönköping University",
        K.UNIVERSITY,
        None,
        "JU",
    ),
    (
        "hhj",
        "Hälsohögskolan",
        "School of Health and Welfare",
        K.SCHOOL,
        "jonkoping-university",
        "HHJ",
    ),
    (
        "hhj-socialt-arbete",
        "Avdelningen för socialt arbete",
        "Department of Social Work",
        K.ACADEMIC_DEPARTMENT,
        "hhj",
        "",
    ),
    ("lunds-universitet", "Lunds universitet", "Lund University", K.UNIVERSITY, None, "LU"),
    (
        "socialhogskolan",
        "Socialhögskolan",
        "School of Social Work",
        K.SCHOOL,
        "lunds-universitet",
        "",
    ),
    (
        "forskarskolan-fys",
        "Forskarskolan FYS",
        "The FYS research school",
        K.RESEARCH_SCHOOL,
        "socialhogskolan",
        "FYS",
    ),
    (
        "region-jonkopings-lan",
        "Region Jönköpings län",
        "Region Jönköping County",
        K.REGION,
        None,
        "",
    ),
    (
        "fourum-socialt-valfard",
        "FoUrum socialt välfärd",
        "FoUrum social welfare",
        K.REGIONAL_RD,
        "region-jonkopings-lan",
        "FoUrum",
    ),
    (
        "forte",
        "Forte",
        "Forte – Swedish Research Council for Health, Working Life and Welfare",
        K.FUNDER,
        None,
        "Forte",
    ),
]


def demo_orcid(n: int) -> str:
    """Return a checksum-valid ORCID iD below the issued range, so it can belong to no real person."""
    base = f"000000000000{n:03d}"
    digits = base + check_digit(base)
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


# email (None = no account), given, family, title, visibility, [(org, role, title, start)], topics, subject codes
PEOPLE = [
    (
        "worker@example.org",
        "Elin",
        "Bergqvist",
        "Socialsekreterare",
        Visibility.INTERNAL,
        [("jonkoping-barn-och-unga", Role.SOCIAL_WORKER, "Socialsekreterare", date(2019, 8, 1))],
        ["stodgrupper-for-barn"],
        [],
    ),
    (
        "manager@example.org",
        "Johan",
        "Almgren",
        "Enhetschef",
        Visibility.INTERNAL,
        [("jonkoping-barn-och-unga", Role.MANAGER, "Enhetschef", date(2017, 1, 1))],
        ["kunskapsstyrning-socialtjanst"],
        [],
    ),
    (
        "researcher@example.org",
        "Maria",
        "Ekdahl",
        "Docent i socialt arbete",
        Visibility.PUBLIC,
        [
            ("hhj-socialt-arbete", Role.RESEARCHER, "Docent", date(2012, 9, 1)),
            ("hhj-socialt-arbete", Role.TEACHER, "Lektor", date(2012, 9, 1)),
        ],
        ["stodgrupper-for-barn", "foraldraskapsstod", "utvardering", "enkatstudier"],
        ["50402"],
    ),
    (
        "coordinator@example.org",
        "Anna",
        "Forsberg",
        "FoU-samordnare",
        Visibility.PUBLIC,
        [("jonkoping-socialforvaltningen", Role.COORDINATOR, "FoU-samordnare", date(2024, 4, 1))],
        ["samverkan-forskning-praktik", "systematisk-uppfoljning"],
        ["50402"],
    ),
    (
        "admin@example.org",
        "Nils",
        "Holm",
        "Plattformsadministratör",
        Visibility.INTERNAL,
        [],
        [],
        [],
    ),
    (
        "lund.worker@example.org",
        "Fatima",
        "Karlsson",
        "Socialsekreterare",
        Visibility.INTERNAL,
        [("lund-ungdomsenheten", Role.SOCIAL_WORKER, "Socialsekreterare", date(2018, 2, 1))],
        ["unga-och-tramadol"],
        [],
    ),
    (
        "lund.worker2@example.org",
        "Oskar",
        "Nyström",
        "Socialsekreterare",
        Visibility.INTERNAL,
        [("lund-barn-och-familj", Role.SOCIAL_WORKER, "Socialsekreterare", date(2020, 5, 1))],
        ["foraldraskapsstod"],
        [],
    ),
    (
        "lund.worker3@example.org",
        "Linnea",
        "Sandberg",
        "Socialsekreterare",
        Visibility.INTERNAL,
        [("lund-vuxenenheten", Role.SOCIAL_WORKER, "Socialsekreterare", date(2016, 9, 1))],
        ["unga-och-tramadol"],
        [],
    ),
    (
        "lund.manager@example.org",
        "Henrik",
        "Wallin",
        "Enhetschef",
        Visibility.INTERNAL,
        [("lund-ungdomsenheten", Role.MANAGER, "Enhetschef", date(2015, 3, 1))],
        [],
        [],
    ),
    (
        "lund.researcher@example.org",
        "Karin",
        "Lundgren",
        "Professor i socialt arbete",
        Visibility.PUBLIC,
        [("socialhogskolan", Role.RESEARCHER, "Professor", date(2008, 1, 1))],
        ["unga-och-tramadol", "kvalitativa-intervjuer", "samverkan-forskning-praktik"],
        ["50402", "30309"],
    ),
    (
        "lund.researcher2@example.org",
        "Ahmed",
        "Svensson",
        "Lektor i socialt arbete",
        Visibility.PUBLIC,
        [("socialhogskolan", Role.RESEARCHER, "Universitetslektor", date(2014, 8, 15))],
        ["existentiella-fragor-hvb", "kvalitativa-intervjuer"],
        ["50402", "50101"],
    ),
    (
        "phd@example.org",
        "Sofia",
        "Engström",
        "Praktikdoktorand",
        Visibility.PUBLIC,
        [
            ("lund-ungdomsenheten", Role.SOCIAL_WORKER, "Socialsekreterare", date(2013, 6, 1)),
            ("forskarskolan-fys", Role.PHD_STUDENT, "Doktorand", date(2022, 9, 1)),
        ],
        ["existentiella-fragor-hvb", "kvalitativa-intervjuer"],
        ["50402"],
    ),
    (
        "fourum@example.org",
        "Per",
        "Gustafsson",
        "FoU-ledare",
        Visibility.PUBLIC,
        [
            ("fourum-socialt-valfard", Role.RD_LEADER, "FoU-ledare", date(2021, 1, 1)),
            ("fourum-socialt-valfard", Role.COORDINATOR, "Samordnare", date(2021, 1, 1)),
        ],
        ["kunskapsstyrning-socialtjanst", "systematisk-uppfoljning"],
        ["50402", "50603"],
    ),
    (
        "jkp.worker2@example.org",
        "Emma",
        "Johansson",
        "Socialsekreterare",
        Visibility.INTERNAL,
        [("jonkoping-familjestod", Role.SOCIAL_WORKER, "Familjebehandlare", date(2021, 3, 1))],
        ["foraldraskapsstod"],
        [],
    ),
    (
        "jkp.hvb@example.org",
        "David",
        "Lindström",
        "Behandlingsassistent",
        Visibility.INTERNAL,
        [("jonkoping-hvb-ungdom", Role.SOCIAL_WORKER, "Behandlingsassistent", date(2019, 1, 15))],
        ["existentiella-fragor-hvb"],
        [],
    ),
    (
        None,
        "Ingrid",
        "Björk",
        "Lektor i socialt arbete",
        Visibility.PUBLIC,
        [("hhj-socialt-arbete", Role.RESEARCHER, "Universitetslektor", date(2016, 1, 1))],
        ["kunskapsstyrning-socialtjanst", "utvardering"],
        ["50402", "50603"],
    ),
    (
        None,
        "Erik",
        "Dahl",
        "Student, socionomprogrammet",
        Visibility.INTERNAL,
        [("socialhogskolan", Role.STUDENT, "Student", date(2024, 8, 26))],
        [],
        [],
    ),
]


def seed_organisations() -> None:
    for slug, name, short in FOURUM_MUNICIPALITIES:
        Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "name_sv": name,
                "name_en": f"{short} municipality",
                "kind": K.MUNICIPALITY,
                "short_name": short,
            },
        )
    for slug, sv, en, kind, parent, short in ORGANISATIONS:
        Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "name_sv": sv,
                "name_en": en,
                "kind": kind,
                "short_name": short,
                "parent": Organisation.objects.get(slug=parent) if parent else None,
            },
        )


def seed_people() -> None:
    for n, (email, given, family, title, visibility, affiliations, topics, codes) in enumerate(
        PEOPLE, start=1
    ):
        user = None
        if email:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email, DEMO_PASSWORD, first_name=given, last_name=family
                )
            if email == "admin@example.org" and not user.is_superuser:
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
        is_researcher = any(
            role in (Role.RESEARCHER, Role.PHD_STUDENT) for _o, role, _t, _s in affiliations
        )
        person, _created = Person.objects.update_or_create(
            slug=slugify(f"{given} {family}"),
            defaults={
                "given_name": given,
                "family_name": family,
                "title": title,
                "user": user,
                "visibility": visibility,
                "email": email or "",
                "orcid": demo_orcid(n) if is_researcher else "",
            },
        )
        person.topics.set(Topic.objects.filter(slug__in=topics))
        person.subject_codes.set(SubjectCode.objects.filter(code__in=codes))
        for org_slug, role, aff_title, start in affiliations:
            Affiliation.objects.update_or_create(
                person=person,
                organisation=Organisation.objects.get(slug=org_slug),
                role=role,
                defaults={"title": aff_title, "start": start},
            )


def seed() -> None:
    seed_organisations()
    seed_people()
