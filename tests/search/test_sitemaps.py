"""The sitemap lists the public pages of the library, questions, governance and insight only."""

import re

import pytest
from django.utils import timezone

from bryggan.governance.models import Body, Decision, Partnership
from bryggan.insight.models import ActivityReport, Status
from bryggan.library.models import Digest, Publication
from bryggan.questions.models import Question, Round
from tests.search.test_app_kinds import records  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def listed(client) -> set[str]:
    xml = client.get("/sitemap.xml").content.decode()
    return {re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>(.*?)</loc>", xml)}


def test_the_sitemap_lists_public_pages_and_nothing_else(records, anonymous):  # noqa: F811
    open_partnership = Partnership.objects.get(slug="oppen")
    report = ActivityReport.objects.create(
        partnership=open_partnership,
        year=2024,
        status=Status.PUBLISHED,
        published_at=timezone.now(),
    )
    draft = ActivityReport.objects.create(partnership=open_partnership, year=2025)
    urls = listed(anonymous)

    public_publication = records.public_publication.get_absolute_url()
    assert public_publication in urls
    assert records.public_digest.get_absolute_url() in urls
    assert records.published_question.get_absolute_url() in urls
    assert records.public_round.get_absolute_url() in urls
    assert records.public_decision.get_absolute_url() in urls
    assert open_partnership.get_absolute_url() in urls
    assert Body.objects.get(slug="sg-oppen").get_absolute_url() in urls
    assert report.get_absolute_url() in urls

    hidden = (
        [p.get_absolute_url() for p in Publication.objects.exclude(title__startswith="Placering")]
        + [d.get_absolute_url() for d in Digest.objects.exclude(visibility="public")]
        + [q.get_absolute_url() for q in Question.objects.exclude(visibility="public")]
        + [r.get_absolute_url() for r in Round.objects.filter(published_at=None)]
        + [d.get_absolute_url() for d in Decision.objects.exclude(pk=records.public_decision.pk)]
        + [b.get_absolute_url() for b in Body.objects.exclude(slug="sg-oppen")]
        + [draft.get_absolute_url()]
    )
    assert len(hidden) == 3 + 1 + 2 + 1 + 5 + 4 + 1
    assert not set(hidden) & urls
    # Every listed page opens for a visitor.
    for url in urls - {"/"}:
        if url.startswith(("/bibliotek/", "/fragor/", "/styrning/", "/verksamhetsberattelser/")):
            assert anonymous.get(url).status_code == 200, url


def test_a_withdrawn_publication_leaves_the_sitemap(records, as_coordinator, anonymous):  # noqa: F811
    url = records.public_publication.get_absolute_url()
    as_coordinator.post(f"{url}dra-tillbaka/", {"reason": "Dubblett."})
    assert url not in listed(anonymous)
