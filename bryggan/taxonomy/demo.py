"""Demo priority areas and topics from the research areas of the model organisations."""

from bryggan.taxonomy.models import PriorityArea, SubjectCode, Topic

AREAS = [
    (
        "barn-och-unga",
        "Barn och unga",
        "Children and young people",
        "Stöd till barn och unga och deras familjer, från tidiga insatser till placeringar.",
    ),
    (
        "placerade-barn-och-unga",
        "Placerade barn och unga",
        "Children and young people in care",
        "Barn och unga i familjehem och HVB: trygghet, skola, hälsa och existentiella frågor.",
    ),
    (
        "missbruk-och-beroende",
        "Missbruk och beroende",
        "Substance use and addiction",
        "Förebyggande arbete och stöd vid missbruk, bland annat ungas användning av narkotikaklassade läkemedel.",
    ),
    (
        "kunskapsstyrning",
        "Kunskapsstyrning och evidensbaserad praktik",
        "Knowledge governance and evidence-based practice",
        "Hur forskning, beprövad erfarenhet och systematisk uppföljning styr socialtjänstens arbete.",
    ),
    (
        "samverkan-forskning-praktik",
        "Samverkan mellan forskning och praktik",
        "Collaboration between research and practice",
        "Strukturer som för forskning till praktiken och frågor från praktiken till forskningen.",
    ),
    (
        "ekonomiskt-bistand-och-arbete",
        "Ekonomiskt bistånd och arbete",
        "Financial assistance and work",
        "Vägar till egen försörjning och stöd till hushåll med ekonomiskt bistånd.",
    ),
]

TOPICS = [
    (
        "unga-och-tramadol",
        "Unga och tramadol",
        "Young people and tramadol",
        Topic.Kind.TOPIC,
        ["30309", "50402"],
    ),
    (
        "stodgrupper-for-barn",
        "Stödgrupper för barn",
        "Support groups for children",
        Topic.Kind.TOPIC,
        ["50402"],
    ),
    (
        "existentiella-fragor-hvb",
        "Existentiella utmaningar för unga på HVB",
        "Existential challenges of young people in residential care",
        Topic.Kind.TOPIC,
        ["50402", "50101"],
    ),
    (
        "foraldraskapsstod",
        "Föräldraskapsstöd",
        "Parenting support",
        Topic.Kind.TOPIC,
        ["50402", "50102"],
    ),
    (
        "kunskapsstyrning-socialtjanst",
        "Kunskapsstyrning i socialtjänsten",
        "Knowledge governance in social services",
        Topic.Kind.TOPIC,
        ["50402", "50603"],
    ),
    (
        "samverkan-forskning-praktik",
        "Samverkan forskning–praktik",
        "Research–practice collaboration",
        Topic.Kind.TOPIC,
        ["50402"],
    ),
    (
        "systematisk-uppfoljning",
        "Systematisk uppföljning",
        "Systematic follow-up",
        Topic.Kind.METHOD,
        ["50402"],
    ),
    (
        "kvalitativa-intervjuer",
        "Kvalitativa intervjuer",
        "Qualitative interviews",
        Topic.Kind.METHOD,
        [],
    ),
    ("enkatstudier", "Enkätstudier", "Survey studies", Topic.Kind.METHOD, []),
    ("utvardering", "Utvärdering", "Evaluation", Topic.Kind.METHOD, ["50402"]),
    ("barn-7-12", "Barn 7–12 år", "Children aged 7–12", Topic.Kind.TARGET_GROUP, []),
    ("ungdomar-13-20", "Ungdomar 13–20 år", "Young people aged 13–20", Topic.Kind.TARGET_GROUP, []),
    ("foraldrar", "Föräldrar", "Parents", Topic.Kind.TARGET_GROUP, []),
]


def seed() -> None:
    for slug, sv, en, description in AREAS:
        PriorityArea.objects.update_or_create(
            slug=slug, defaults={"name_sv": sv, "name_en": en, "description": description}
        )
    for slug, sv, en, kind, codes in TOPICS:
        topic, _created = Topic.objects.update_or_create(
            slug=slug, defaults={"name_sv": sv, "name_en": en, "kind": kind}
        )
        topic.subject_codes.set(SubjectCode.objects.filter(code__in=codes))
