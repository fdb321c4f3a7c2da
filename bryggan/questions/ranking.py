"""The arithmetic of a prioritisation round (pure functions, checked by hand in the tests).

Each participant ranks up to ten questions. Rank r earns 11 − r points: 10 points for rank 1,
9 for rank 2 … 1 for rank 10; an unranked question earns nothing.

Per group g with n_g ballots: total_g(q) is the sum of q's points and mean_g(q) = total_g(q) / n_g.
Combined: the mean over the groups that cast at least one ballot of mean_g(q), so every group weighs
the same however many took part (a James Lind Alliance principle: no group outvotes another).
Order: combined score, then total points over all ballots, then number of first places, then the
order in which the questions were put on the round's list. Fractions keep the arithmetic exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from bryggan.questions.models import MAX_RANKS


def points(rank: int) -> int:
    """Return the points for a rank: 10 for rank 1 … 1 for rank 10."""
    if not 1 <= rank <= MAX_RANKS:
        raise ValueError(f"rank must be 1–{MAX_RANKS}")
    return MAX_RANKS + 1 - rank


@dataclass
class GroupScore:
    points: int = 0
    ballots: int = 0  # ballots in this group that ranked the question
    mean: Fraction = Fraction(0)


@dataclass
class Row:
    question_id: int
    groups: dict[str, GroupScore] = field(default_factory=dict)
    combined: Fraction = Fraction(0)
    total: int = 0
    first_places: int = 0
    position: int = 0


def score(
    question_ids: Sequence[int], ballots: Iterable[tuple[str, Sequence[int]]], groups: Sequence[str]
) -> tuple[list[Row], dict[str, int]]:
    """Score ballots ((group, [question ids, rank 1 first])) and return ordered rows and ballot counts."""
    rows = {qid: Row(qid, {g: GroupScore() for g in groups}) for qid in question_ids}
    counts = dict.fromkeys(groups, 0)
    for group, ranked in ballots:
        counts[group] = counts.get(group, 0) + 1
        for rank, qid in enumerate(ranked, start=1):
            row = rows.get(qid)
            if row is None:
                continue
            cell = row.groups.setdefault(group, GroupScore())
            cell.points += points(rank)
            cell.ballots += 1
            row.total += points(rank)
            row.first_places += rank == 1
    voting = [g for g, n in counts.items() if n]
    for row in rows.values():
        for group, cell in row.groups.items():
            cell.mean = Fraction(cell.points, counts[group]) if counts.get(group) else Fraction(0)
        if voting:
            row.combined = sum((row.groups[g].mean for g in voting), Fraction(0)) / len(voting)
    order = {qid: n for n, qid in enumerate(question_ids)}
    ordered = sorted(
        rows.values(),
        key=lambda r: (-r.combined, -r.total, -r.first_places, order[r.question_id]),
    )
    for position, row in enumerate(ordered, start=1):
        row.position = position
    return ordered, counts
