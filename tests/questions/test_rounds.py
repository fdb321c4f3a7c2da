"""Prioritisation rounds: the scoring checked by hand, voting rules, the workshop, the published Top 10."""

import csv
import io
from datetime import timedelta
from fractions import Fraction

import pytest
from django.utils import timezone

from bryggan.questions import ranking
from bryggan.questions.models import Participant, Question, Ranking, Round, Status
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_scoring_matches_a_hand_worked_example():
    # Questions A=1, B=2, C=3, D=4. Staff cast two ballots, researchers one.
    # Staff:       [A, B, C] and [B, A] -> A 10+9=19, B 9+10=19, C 8; means over 2 ballots: 9.5, 9.5, 4, 0
    # Researchers: [C, A]               -> C 10, A 9; means over 1 ballot: C 10, A 9, B 0
    # Combined (mean of the two groups): A (9.5+9)/2 = 9.25, C (4+10)/2 = 7, B 9.5/2 = 4.75, D 0
    # Plain totals would put B (19) before C (18): the group weighting lifts C above B.
    rows, counts = ranking.score(
        [1, 2, 3, 4],
        [("staff", [1, 2, 3]), ("staff", [2, 1]), ("researchers", [3, 1])],
        ["staff", "researchers"],
    )
    assert counts == {"staff": 2, "researchers": 1}
    assert [r.question_id for r in rows] == [1, 3, 2, 4]
    a, c, b, d = rows
    assert (
        a.combined == Fraction(37, 4)
        and c.combined == 7
        and b.combined == Fraction(19, 4)
        and d.combined == 0
    )
    assert (a.total, b.total, c.total) == (28, 19, 18)
    assert a.groups["staff"].points == 19 and a.groups["staff"].mean == Fraction(19, 2)
    assert c.groups["researchers"].ballots == 1 and c.first_places == 1
    assert [r.position for r in rows] == [1, 2, 3, 4]


def test_points_run_from_ten_to_one():
    assert [ranking.points(r) for r in range(1, 11)] == [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    with pytest.raises(ValueError):
        ranking.points(11)


def _questions(n, status=Status.UNANSWERED):
    return [Question.objects.create(title=f"Fråga {i}", status=status) for i in range(1, n + 1)]


@pytest.fixture
def open_round(cast):
    today = timezone.localdate()
    r = Round.objects.create(
        title="Prioritering 2026",
        slug="prio-2026",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=7),
        groups=["staff", "managers", "researchers", "service_users"],
    )
    for q in _questions(12):
        r.entries.create(question=q)
    return r


def _ballot(questions):
    return {f"rank_{n}": str(q.pk) for n, q in enumerate(questions, 1)}


def test_staff_take_part_and_rank_up_to_ten(cast, as_worker, open_round):
    page = as_worker.get(open_round.get_absolute_url()).content.decode()
    assert "Delta och rangordna" in page
    joined = as_worker.post(f"/fragor/omgangar/{open_round.slug}/delta/")
    assert joined.status_code == 302
    assert Participant.objects.get(user=cast.worker).group == "staff"
    questions = [e.question for e in open_round.entries.order_by("pk")]
    response = as_worker.post(
        f"/fragor/omgangar/{open_round.slug}/rangordna/", _ballot(questions[:3])
    )
    assert response.status_code == 302
    assert list(Ranking.objects.order_by("rank").values_list("question_id", flat=True)) == [
        q.pk for q in questions[:3]
    ]
    # Changing the ranking replaces the ballot.
    as_worker.post(f"/fragor/omgangar/{open_round.slug}/rangordna/", _ballot([questions[5]]))
    assert list(Ranking.objects.values_list("question_id", flat=True)) == [questions[5].pk]


def test_ranking_the_same_question_twice_or_leaving_gaps_is_refused(cast, as_worker, open_round):
    as_worker.post(f"/fragor/omgangar/{open_round.slug}/delta/")
    q = [e.question for e in open_round.entries.order_by("pk")]
    twice = as_worker.post(
        f"/fragor/omgangar/{open_round.slug}/rangordna/", {"rank_1": q[0].pk, "rank_2": q[0].pk}
    )
    assert twice.status_code == 400 and "står redan på plats 1" in twice.content.decode()
    gap = as_worker.post(
        f"/fragor/omgangar/{open_round.slug}/rangordna/", {"rank_1": q[0].pk, "rank_3": q[1].pk}
    )
    assert gap.status_code == 400 and "plats 2 är tom" in gap.content.decode()
    assert f'value="{q[1].pk}" selected' in gap.content.decode()  # what was chosen is kept
    assert not Ranking.objects.exists()


def test_more_than_ten_or_a_repeated_question_is_refused_in_the_api(cast, as_worker, open_round):
    as_worker.post(f"/fragor/omgangar/{open_round.slug}/delta/")
    ids = [e.question_id for e in open_round.entries.order_by("pk")]
    url = f"/api/v1/question-rounds/{open_round.slug}/ranking"
    eleven = as_worker.put(url, {"questions": ids[:11]}, content_type="application/json")
    assert eleven.status_code == 422 and "högst 10" in eleven.json()["detail"]
    repeated = as_worker.put(
        url, {"questions": [ids[0], ids[1], ids[0]]}, content_type="application/json"
    )
    assert repeated.status_code == 422 and "bara en gång" in repeated.json()["detail"]
    stranger = Question.objects.create(title="Inte på listan")
    outside = as_worker.put(url, {"questions": [stranger.pk]}, content_type="application/json")
    assert outside.status_code == 422
    assert not Ranking.objects.exists()
    ok = as_worker.put(url, {"questions": ids[:10]}, content_type="application/json")
    assert ok.status_code == 200 and Ranking.objects.count() == 10


def test_voting_outside_the_period_is_refused(cast, as_worker, open_round):
    as_worker.post(f"/fragor/omgangar/{open_round.slug}/delta/")
    open_round.closes_on = timezone.localdate() - timedelta(days=1)
    open_round.opens_on = timezone.localdate() - timedelta(days=5)
    open_round.save()
    q = open_round.entries.first().question
    response = as_worker.post(f"/fragor/omgangar/{open_round.slug}/rangordna/", {"rank_1": q.pk})
    assert (
        response.status_code == 400
        and "Röstningen i den här omgången är öppen från" in response.content.decode()
    )
    assert not Ranking.objects.exists()


def test_people_who_do_not_take_part_cannot_vote(cast, as_manager, open_round):
    assert as_manager.get(f"/fragor/omgangar/{open_round.slug}/rangordna/").status_code == 403


def test_a_whole_round_from_votes_to_the_published_top_10(
    cast, as_coordinator, anonymous, open_round
):
    entries = list(open_round.entries.order_by("pk"))
    q = [e.question for e in entries]
    voters = [
        (cast.worker, "staff", q[:10]),
        (cast.manager, "managers", list(reversed(q[:10]))),
        (cast.researcher, "researchers", [q[11], q[0]]),
    ]
    for user, group, ranked in voters:
        as_coordinator.post(
            f"/fragor/omgangar/{open_round.slug}/deltagare/", {"email": user.email, "group": group}
        )
        assert (
            client_for(user)
            .post(f"/fragor/omgangar/{open_round.slug}/rangordna/", _ballot(ranked))
            .status_code
            == 302
        )
    # The final ranking cannot be recorded while voting is open.
    early = as_coordinator.post(
        f"/fragor/omgangar/{open_round.slug}/slutlig/", {f"position_{q[0].pk}": 1}
    )
    assert early.status_code == 400
    Round.objects.filter(pk=open_round.pk).update(
        closes_on=timezone.localdate() - timedelta(days=1)
    )
    gaps = {f"position_{q[i].pk}": i + 2 for i in range(10)}
    assert (
        as_coordinator.post(f"/fragor/omgangar/{open_round.slug}/slutlig/", gaps).status_code == 400
    )
    final = {f"position_{question.pk}": n for n, question in enumerate([q[11], *q[:9]], 1)}
    final["workshop_note"] = "Workshop i Jönköping med alla fyra grupper."
    assert (
        as_coordinator.post(f"/fragor/omgangar/{open_round.slug}/slutlig/", final).status_code
        == 302
    )
    assert anonymous.get(open_round.get_absolute_url()).status_code == 404  # not published yet
    as_coordinator.post(f"/fragor/omgangar/{open_round.slug}/publicera/")
    page = anonymous.get(open_round.get_absolute_url()).content.decode()
    assert "Topp 10" in page and q[11].title in page
    q[11].refresh_from_db()
    assert q[11].status == Status.PRIORITISED and q[11].visibility == "public"
    q[10].refresh_from_db()
    assert q[10].status == Status.UNANSWERED  # on the list but not in the Top 10
    data = anonymous.get(f"/fragor/omgangar/{open_round.slug}/topp10.csv")
    assert data["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(data.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Slutlig placering", "Preliminär placering", "Frågans nummer", "Fråga"]
    assert rows[1][0] == "1" and rows[1][3] == q[11].title
    assert len([r for r in rows[1:] if r and r[2].isdigit()]) == 12  # the full list
    # Interim scores for question 1: staff rank 1 (10 p), managers rank 10 (1 p), researchers rank 2 (9 p).
    q1 = next(r for r in rows if r and r[2] == str(q[0].pk))
    header = rows[0]
    assert q1[header.index("Medarbetare: poäng")] == "10"
    assert q1[header.index("Chefer: poäng")] == "1"
    assert q1[header.index("Forskare: poäng")] == "9"
    assert q1[header.index("Poäng totalt")] == "20"
    results = anonymous.get(f"/api/v1/question-rounds/{open_round.slug}/results").json()
    assert results["published"] and results["rows"][0]["question"] == q[11].pk
    again = as_coordinator.post(f"/fragor/omgangar/{open_round.slug}/publicera/", follow=True)
    assert "redan publicerad" in again.content.decode()


def test_answered_or_merged_questions_cannot_be_put_on_a_list(cast, as_coordinator, open_round):
    new_round = Round.objects.create(
        title="Ny",
        slug="ny",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
        groups=["staff"],
    )
    answered = Question.objects.create(title="Besvarad", status=Status.ANSWERED)
    response = as_coordinator.post(
        f"/fragor/omgangar/{new_round.slug}/fragor/", {"questions": [answered.pk]}, follow=True
    )
    assert "kan inte prioriteras" in response.content.decode()
    assert not new_round.entries.exists()
