"""Site search benchmark: latency of typical queries over 200,000 publications and 5,000 episodes.

1. Generate 200,000 publication-like documents (title, abstract of 120–260 words, 60 % Swedish,
   37 % English, a few in other languages, years 1990–2026, topics and priority areas, mostly
   public, some internal or restricted) and 5,000 episode-like documents (a transcript of
   1,500–3,500 words) and write them straight into the search index (services.documents_store,
   the same path as every record), timing the indexing.
2. Run typical queries through the full search function (queries.search: access rules,
   ranking, facet counts, snippets) as an anonymous visitor, a social worker with restricted
   grants and an administrator; report p50/p95 per query and overall, and the latency of
   search-as-you-type suggestions. Target: search p95 <= 50 ms on SQLite and on PostgreSQL.

Run: `make bench BENCH_ARGS=search` (BENCH_DB=postgres for PostgreSQL; BENCH_PUBLICATIONS to
change the size; BENCH_REUSE=1 keeps an existing bench index).
"""

import os
import random
import statistics
import time

from harness import peak_memory_mb, report, use_database

PUBLICATIONS = int(os.environ.get("BENCH_PUBLICATIONS", "200000"))
EPISODES = int(os.environ.get("BENCH_EPISODES", "5000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))


def split(text: str) -> list[str]:
    return text.split()


# Function words lead real text; content words of the domain follow, and a synthetic long tail
# stands in for the rare words (names, places, technical terms) that make up most vocabulary.
SV_FUNCTION = split(
    "och i att som en det för på med av är till den om har de inte vid från ett kan eller "
    "under mellan samt även där hur vilka detta genom efter också"
)
EN_FUNCTION = split(
    "the of and in to a for with on is that by as are from this be or at an was which their "
    "these between among were how we it"
)
SV_CONTENT = split(
    "barn barnen barnets unga ungdomar ungdomars placering placeringar placeringen placerade "
    "familjehem familjehemmet familjehemsplacering hvb institution socialtjänst socialtjänsten "
    "socialtjänstens socialsekreterare socialsekreterarna insats insatser insatsen uppföljning "
    "uppföljningen systematisk samverkan forskning forskningen forskare praktik praktiken "
    "evidens evidensbaserad kunskap kunskapen kunskapsbaserad kunskapsstyrning missbruk beroende "
    "tramadol narkotika alkohol cannabis föräldraskap föräldrar föräldraskapsstöd stöd "
    "stödgrupper våld våldsutsatta kvinnor män äldre äldreomsorg hemtjänst funktionsnedsättning "
    "ekonomiskt bistånd arbetslöshet hemlöshet bostad skola skolan psykisk ohälsa existentiella "
    "utmaningar kommun kommuner kommunens region personal chefer ledning organisation studie "
    "studien studier resultat resultaten metod intervjuer intervjustudie enkät analys kvalitativ "
    "kvantitativ effekt effekter utvärdering utvärderingen implementering nätverk brukare "
    "brukarna klienter delaktighet bemötande handläggning utredning utredningar beslut "
    "riskbedömning skydd omsorg vård vården psykiatri samordning förebyggande tidiga "
    "utveckling utvecklingsarbete lärande seminarier diskussionsgrupper rapport erfarenheter "
    "perspektiv professionella relationer trygghet hälsa välfärd integration migration "
    "ensamkommande flickor pojkar vårdnadshavare socialnämnd lagstiftning socialtjänstlagen"
)
EN_CONTENT = split(
    "children child young people youth foster care placement placements residential social "
    "services workers intervention interventions follow-up systematic collaboration research "
    "researchers practice evidence evidence-based knowledge governance substance use addiction "
    "tramadol opioid alcohol cannabis parenting parents support groups violence women men older "
    "adults elderly home care disability economic assistance unemployment homelessness housing "
    "school mental health existential challenges municipality municipalities region staff "
    "managers management organisation study results method interviews survey analysis "
    "qualitative quantitative effect effects evaluation implementation network clients "
    "participation decision risk assessment protection welfare psychiatry coordination "
    "prevention early development learning seminars report experiences perspectives "
    "professional relationships safety health integration migration unaccompanied girls boys "
    "guardians legislation outcomes trajectories wellbeing"
)
OTHER_LANGUAGES = ["no", "da", "fi", "de"]
SYLLABLES = split("ka lo mi ne ru sa te vi bo da fe gu hi jo ko lu ma ni or pe ri su ta un ve yl")


def long_tail(rng: random.Random, n: int) -> list[str]:
    words = set()
    while len(words) < n:
        words.add("".join(rng.choices(SYLLABLES, k=rng.randint(3, 5))))
    return sorted(words)


PHRASES = {
    "sv": [
        "psykisk ohälsa",
        "barn och unga",
        "ekonomiskt bistånd",
        "evidensbaserad praktik",
        "systematisk uppföljning",
        "placerade barn",
        "existentiella utmaningar",
    ],
    "en": [
        "mental health",
        "young people",
        "foster care",
        "social services",
        "evidence-based practice",
        "substance use",
        "older adults",
    ],
}


class Vocabulary:
    """Zipf-distributed words: function words lead, domain words are spread over the ranks
    between frequent and rare, and a synthetic long tail fills the rest."""

    def __init__(
        self,
        function: list[str],
        content: list[str],
        tail: list[str],
        seed: int,
        phrases: list[str],
    ):
        rng = random.Random(seed)
        self.words = function + tail
        # Ranks 100–10,000 put a domain word in about 15 % down to 0.1 % of the records, as in a
        # real library: even "barn" or "placering" is far from being in every abstract.
        for word in content:
            rank = len(function) + int(10 ** rng.uniform(2.0, 4.0))
            self.words.insert(rank, word)
        self.phrases = phrases
        weights = [1.0 / (rank + 2) ** 1.05 for rank in range(len(self.words))]
        total = 0.0
        self.cumulative = []
        for weight in weights:
            total += weight
            self.cumulative.append(total)

    def text(self, rng: random.Random, n: int) -> str:
        words = rng.choices(self.words, cum_weights=self.cumulative, k=n)
        sentences = []
        for start in range(0, n, 14):
            sentence = " ".join(words[start : start + 14])
            if rng.random() < 0.1:
                sentence += " " + rng.choice(self.phrases)
            sentences.append(sentence[:1].upper() + sentence[1:] + ".")
        return " ".join(sentences)

    def title(self, rng: random.Random) -> str:
        # Titles carry content words more than function words.
        words = rng.choices(self.words[30:5000], k=rng.randint(5, 12))
        return " ".join(words).capitalize()


def generate(store, Entry, Document, topic_ids, area_ids) -> dict[str, float]:
    rng = random.Random(2024)
    tail = long_tail(rng, 40000)
    swedish = Vocabulary(SV_FUNCTION, SV_CONTENT, tail[:25000], 1, PHRASES["sv"])
    english = Vocabulary(EN_FUNCTION, EN_CONTENT, tail[15000:], 2, PHRASES["en"])
    batch = []
    started = time.perf_counter()
    made = 0

    def flush() -> None:
        nonlocal batch, made
        store(entries=batch, replace=False)
        made += len(batch)
        batch = []

    for i in range(PUBLICATIONS + EPISODES):
        episode = i >= PUBLICATIONS
        roll = rng.random()
        language = "sv" if roll < 0.60 else "en" if roll < 0.97 else rng.choice(OTHER_LANGUAGES)
        vocabulary = english if language == "en" else swedish
        visibility_roll = rng.random()
        visibility = (
            "public"
            if visibility_roll < 0.90
            else "internal"
            if visibility_roll < 0.98
            else "restricted"
        )
        year = min(2026, 1990 + int(36 * rng.random() ** 0.5))
        body = vocabulary.text(rng, rng.randint(1500, 3500) if episode else rng.randint(120, 260))
        document = Document(
            title=vocabulary.title(rng),
            url=f"/{'podd' if episode else 'bibliotek'}/{i}/",
            body=body,
            keywords=" ".join(rng.sample(SV_CONTENT if language != "en" else EN_CONTENT, 4)),
            language=language,
            year=year,
            topics=rng.sample(topic_ids, rng.randint(0, 3)),
            priority_areas=rng.sample(area_ids, rng.randint(0, 2)),
            visibility=visibility,
            allowed=[f"bench.group:{rng.randint(1, 200)}"] if visibility == "restricted" else [],
        )
        kind = "episode" if episode else rng.choice(["report", "article", "article", "digest"])
        batch.append(Entry(f"bench.{kind}:{i}", kind, document))
        if len(batch) >= 2000:
            flush()
            if made % 20000 == 0:
                print(f"  indexed {made} documents", flush=True)
    if batch:
        flush()
    seconds = time.perf_counter() - started
    return {
        "documents": made,
        "seconds": round(seconds, 1),
        "documents_per_s": round(made / seconds),
    }


QUERIES = [
    ("placeringar", {}),
    ("familjehem", {}),
    ("barn och unga", {}),
    ("tramadol", {}),
    ("socialtjänst samverkan", {}),
    ('"psykisk ohälsa"', {}),
    ("evidensbaserad praktik", {}),
    ("hemlöshet or bostad", {}),
    ("våld -äldre", {}),
    ("uppföljning insatser", {}),
    ("foster care placement", {}),
    ("young people substance use", {}),
    ("kvalitativ intervjustudie", {}),
    ("existentiella utmaningar hvb", {}),
    ("ekonomiskt bistånd", {}),
    ("föräldraskapsstöd", {}),
    ("hemtjänst äldre", {"kind": ["episode"]}),
    ("barn", {"year": [2024]}),
    ("ensamkommande", {"language": ["sv"]}),
    ("kalomine", {}),
    ("xyzzyqq", {}),
]
SUGGEST = ["pl", "famil", "tram", "barn i", "soci", "ka", "foster c"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main() -> None:
    use_database("search", fresh=not os.environ.get("BENCH_REUSE"))
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from bryggan.people.models import Affiliation, Organisation, Person, Role, User
    from bryggan.search import queries, registry
    from bryggan.search.models import SearchDocument
    from bryggan.search.queries import Selection
    from bryggan.search.registry import Document
    from bryggan.search.services import Entry, documents_store
    from bryggan.taxonomy.models import PriorityArea, Topic

    for code, label in [
        ("report", "Report"),
        ("article", "Article"),
        ("digest", "Digest"),
        ("episode", "Episode"),
    ]:
        registry._LABELS[code] = label  # the library and podcast apps register these kinds
    topics = [
        Topic.objects.get_or_create(slug=f"bench-topic-{i}", defaults={"name_sv": f"Ämne {i}"})[
            0
        ].pk
        for i in range(40)
    ]
    areas = [
        PriorityArea.objects.get_or_create(
            slug=f"bench-area-{i}", defaults={"name_sv": f"Område {i}"}
        )[0].pk
        for i in range(8)
    ]
    results: dict = {"documents": {"publications": PUBLICATIONS, "episodes": EPISODES}}
    if not SearchDocument.objects.exists():
        print(f"indexing {PUBLICATIONS} publications and {EPISODES} episodes…", flush=True)
        results["indexing"] = generate(documents_store, Entry, Document, topics, areas)
        print(results["indexing"], flush=True)
    from bryggan.search.backends import get_backend

    # Merge the index segments and refresh the planner's statistics, as after a rebuild.
    started = time.perf_counter()
    get_backend().optimise()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    results["optimise_seconds"] = round(time.perf_counter() - started, 1)

    org = Organisation.objects.get_or_create(
        slug="bench-unit", defaults={"name_sv": "Benchenheten", "kind": "unit"}
    )[0]
    worker, created = User.objects.get_or_create(email="bench-worker@example.org")
    if created:
        person = Person.objects.create(
            given_name="Bench", family_name="Worker", slug="bench-worker", user=worker
        )
        Affiliation.objects.create(person=person, organisation=org, role=Role.SOCIAL_WORKER)
    admin, _ = User.objects.get_or_create(
        email="bench-admin@example.org", defaults={"is_staff": True, "is_superuser": True}
    )
    # The worker holds grants to 5 of the 200 restricted groups (as a member of a few groups).
    registry.register(
        Person,
        kind="person",
        label="Person",
        document=lambda p: None,
        principals=lambda user: [f"bench.group:{g}" for g in range(1, 6)],
    )
    users = {"anonymous": AnonymousUser(), "worker": worker, "admin": admin}

    latencies: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    all_times: list[float] = []
    # On SQLite the database works inside this process, so its CPU time is the search's own cost
    # even when other work shares the machine; on PostgreSQL it covers the Python side only.
    cpu_times: list[float] = []
    cpu_by_query: dict[str, list[float]] = {}
    for q, filters in QUERIES:
        name = q + (f" {filters}" if filters else "")
        for user_name, user in users.items():
            fresh = User.objects.get(pk=user.pk) if user.is_authenticated else user
            queries.search(user=fresh, q=q, selection=Selection(**filters))  # warm
            for _ in range(REPEAT):
                fresh = User.objects.get(pk=user.pk) if user.is_authenticated else user
                started, cpu_started = time.perf_counter(), time.process_time()
                result = queries.search(user=fresh, q=q, selection=Selection(**filters))
                elapsed = (time.perf_counter() - started) * 1000
                cpu_times.append((time.process_time() - cpu_started) * 1000)
                cpu_by_query.setdefault(name, []).append(cpu_times[-1])
                latencies.setdefault(name, []).append(elapsed)
                all_times.append(elapsed)
            totals[f"{name} [{user_name}]"] = result.total
    per_query = {
        name: {
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 95), 1),
            "cpu_p50_ms": round(statistics.median(cpu_by_query[name]), 1),
            "cpu_p95_ms": round(percentile(cpu_by_query[name], 95), 1),
            "share_of_documents_percent": round(
                100 * totals[f"{name} [admin]"] / (PUBLICATIONS + EPISODES), 2
            ),
            "hits_anonymous": totals[f"{name} [anonymous]"],
            "hits_admin": totals[f"{name} [admin]"],
        }
        for name, times in latencies.items()
    }
    suggest_times = []
    for prefix in SUGGEST:
        for user in users.values():
            queries.suggest(user=user, q=prefix)
            for _ in range(REPEAT):
                started = time.perf_counter()
                queries.suggest(user=user, q=prefix)
                suggest_times.append((time.perf_counter() - started) * 1000)
    results["search"] = {
        "measurements": len(all_times),
        "p50_ms": round(statistics.median(all_times), 1),
        "p95_ms": round(percentile(all_times, 95), 1),
        "max_ms": round(max(all_times), 1),
        "cpu_p50_ms": round(statistics.median(cpu_times), 1),
        "cpu_p95_ms": round(percentile(cpu_times, 95), 1),
        "target_p95_ms": 50,
    }
    results["suggest"] = {
        "measurements": len(suggest_times),
        "p50_ms": round(statistics.median(suggest_times), 1),
        "p95_ms": round(percentile(suggest_times, 95), 1),
    }
    results["per_query"] = per_query
    results["peak_memory_mb"] = round(peak_memory_mb())
    report("search", results)


if __name__ == "__main__":
    main()
