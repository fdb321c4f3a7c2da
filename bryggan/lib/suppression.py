"""Small-number suppression for tables of counts about clients (OSL 26:1).

A report may not reveal a client. Every aggregated figure resting on fewer subjects than a
minimum (by default `settings.BRYGGAN_SUPPRESSION_MINIMUM`, 5; never below 3) is shown as "..".
That alone is not enough, so this module protects whole tables:

* **Primary suppression.** A count from 1 to minimum − 1 is hidden. Zero is shown: it rests on
  no one. Derived figures (means, SD, medians, shares) are hidden with the count they rest on.
* **Secondary suppression.** The table is protected together with all its totals (a margin along
  every dimension). Along every line of the table (a row, a column, a pillar …) the hidden
  cells are never alone (a lone hidden cell equals its total minus the visible cells) and,
  where the line total is shown, they add up to at least the minimum (so that a line cannot
  narrow them down to "a few"). Finally a linear audit checks the table as a whole: no hidden
  cell may be determined by any combination of the published figures (this catches hidden
  cells that are bridges between otherwise protected groups, which line rules miss).
* **Differencing between filters.** Reports never aggregate over arbitrary subsets. Every
  filter a report offers (a unit or all units, a reporting period or all periods, …) selects a
  cell or a margin of one canonical table, and that table is protected as a whole before any
  slice of it is shown. Two reports with different filters are therefore two slices of the
  same protected table: subtracting one from the other yields only sums of published cells.
* **Differencing over time.** New data could be subtracted from an earlier report. Callers
  release new data to reports in batches (`batch_decision`): a cell changes by nothing or by at
  least the minimum number of subjects at a time.

Derived figures follow the mask of the counts they rest on: a table of sums, sums of squares
or means has the same additive structure as its counts, so hiding the same cells protects it.
The functions here know nothing of Django models; the follow-up app and Insight use them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

# The audit solves many small linear systems. A multi-threaded BLAS spins its threads for each
# of them, which on a busy server is a hundred times slower than one thread (measured: 0.7 s
# against 8 ms for one decomposition). This takes effect when numpy is first imported here,
# which in Bryggan it is; a deployment can still set the variable itself.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

SUPPRESSED = ".."
FLOOR = 3
DEFAULT_MINIMUM = 5


def default_minimum() -> int:
    """Return the configured minimum (settings.BRYGGAN_SUPPRESSION_MINIMUM), never below FLOOR."""
    try:
        from django.conf import settings

        value = int(getattr(settings, "BRYGGAN_SUPPRESSION_MINIMUM", DEFAULT_MINIMUM))
    except Exception:  # settings not configured: a plain script using the helper
        value = DEFAULT_MINIMUM
    return max(value, FLOOR)


def check_minimum(value: int) -> int:
    """Return `value` when it is an allowed minimum, else raise ValueError."""
    if value < FLOOR:
        raise ValueError(f"The suppression minimum cannot be below {FLOOR}.")
    return value


def with_margins(counts: np.ndarray | Sequence) -> np.ndarray:
    """Append a total along every axis: shape (k1, k2, …) becomes (k1 + 1, k2 + 1, …)."""
    table = np.asarray(counts, dtype=np.int64)
    for axis in range(table.ndim):
        table = np.concatenate([table, table.sum(axis=axis, keepdims=True)], axis=axis)
    return table


@dataclass
class Protection:
    """A protected table: the counts with margins, which cells are hidden, which of them primarily."""

    table: np.ndarray
    hidden: np.ndarray
    primary: np.ndarray
    minimum: int

    def shown(self, index: tuple[int, ...]) -> int | str:
        """Return the count at `index` (margins included), or ".." when it is hidden."""
        return SUPPRESSED if self.hidden[index] else int(self.table[index])


def _constraints(shape: tuple[int, ...]) -> np.ndarray:
    """Return one row per line of a table with margins: interior cells minus the line total = 0."""
    size = int(np.prod(shape))
    index = np.arange(size).reshape(shape)
    rows = []
    for axis in range(len(shape)):
        lines = np.moveaxis(index, axis, -1).reshape(-1, shape[axis])
        for line in lines:
            row = np.zeros(size)
            row[line[:-1]] = 1.0
            row[line[-1]] = -1.0
            rows.append(row)
    return np.array(rows) if rows else np.zeros((0, size))


def _bridges(hidden: np.ndarray) -> np.ndarray:
    """Determined hidden cells of a two-way table with margins: the bridges of a bipartite graph.

    With the signs of the margin row and column flipped, the line equations of a two-way table
    are those of a bipartite graph: every row and every column is a node, every cell an edge
    between its row and its column. Unknown (hidden) cells can shift along any cycle of hidden
    cells without changing a published figure, so a hidden cell is determined exactly when it
    lies on no such cycle, i.e. when it is a bridge of the graph of hidden cells.
    """
    rows, _cols = hidden.shape
    cells = [(int(i), int(j)) for i, j in np.argwhere(hidden)]
    adjacency: dict[int, list[tuple[int, int]]] = {}
    for number, (i, j) in enumerate(cells):
        adjacency.setdefault(i, []).append((rows + j, number))
        adjacency.setdefault(rows + j, []).append((i, number))
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    bridge = [False] * len(cells)
    counter = 0
    for root in adjacency:
        if root in order:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack = [(root, -1, iter(adjacency[root]))]
        while stack:
            node, via, edges = stack[-1]
            advanced = False
            for neighbour, number in edges:
                if number == via:
                    continue
                if neighbour in order:
                    low[node] = min(low[node], order[neighbour])
                    continue
                order[neighbour] = low[neighbour] = counter
                counter += 1
                stack.append((neighbour, number, iter(adjacency[neighbour])))
                advanced = True
                break
            if advanced:
                continue
            stack.pop()
            if stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    bridge[via] = True
    result = np.zeros(hidden.shape, dtype=bool)
    for number, (i, j) in enumerate(cells):
        result[i, j] = bridge[number]
    return result


def _components(shape: tuple[int, ...], hidden: np.ndarray) -> list[np.ndarray]:
    """Split the hidden cells into groups that share no line (their equations are independent)."""
    index = np.arange(int(np.prod(shape))).reshape(shape)
    parent = {int(i): int(i) for i in index[hidden]}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for axis in range(len(shape)):
        cells = np.moveaxis(index, axis, -1).reshape(-1, shape[axis])
        masks = np.moveaxis(hidden, axis, -1).reshape(-1, shape[axis])
        for line, mask in zip(cells, masks, strict=True):
            members = line[mask]
            for other in members[1:]:
                a, b = find(int(members[0])), find(int(other))
                if a != b:
                    parent[b] = a
    groups: dict[int, list[int]] = {}
    for cell in parent:
        groups.setdefault(find(cell), []).append(cell)
    return [np.array(sorted(group)) for group in groups.values()]


def determined_cells(shape: tuple[int, ...], hidden: np.ndarray) -> np.ndarray:
    """Return which hidden cells the published cells determine exactly (by linear algebra).

    The published cells are known; the hidden ones are unknowns tied by the line equations. A
    hidden cell is determined exactly when its unit vector lies in the row space of those
    equations, i.e. when the projection onto the row space leaves it whole. Two-way tables are
    solved as a graph (see _bridges); larger ones group by group with a singular value
    decomposition.
    """
    hidden = hidden.reshape(shape)
    if not hidden.any():
        return np.zeros(shape, dtype=bool)
    if len(shape) == 2:
        return _bridges(hidden)
    result = np.zeros(int(np.prod(shape)), dtype=bool)
    constraints = _constraints(shape)
    for group in _components(shape, hidden):
        matrix = constraints[:, group]
        matrix = matrix[np.any(matrix != 0, axis=1)]
        if matrix.shape[0] == 0:
            continue
        _u, singular, vt = np.linalg.svd(matrix, full_matrices=False)
        tolerance = max(matrix.shape) * np.finfo(float).eps * singular.max()
        rank = int((singular > tolerance).sum())
        projection = (vt[:rank] ** 2).sum(axis=0)
        result[group] = projection > 1 - 1e-9
    return result.reshape(shape)


def _hide_complement(
    table: np.ndarray,
    hidden: np.ndarray,
    axis: int,
    rest: tuple,
    need_sum: bool,
    prefer_total: bool = False,
) -> bool:
    """Hide one more cell on a line, choosing the cell that costs the least.

    Candidates are the visible interior cells of the line (the total only when none is left).
    A candidate that sits on a crossing line with no hidden cell would make a new lone hidden
    cell there, one on a crossing line with exactly one would protect that line as well; the
    cheapest candidate in those terms wins, then the smallest value (least information lost).
    When the hidden cells must add up to more, only positive cells help.
    """
    length = table.shape[axis]
    total_index = (*rest[:axis], length - 1, *rest[axis:])
    if prefer_total and not hidden[total_index]:
        hidden[total_index] = True
        return True
    best: tuple[tuple[int, int], tuple[int, ...]] | None = None
    for i in range(length - 1):
        index = (*rest[:axis], i, *rest[axis:])
        if hidden[index]:
            continue
        value = int(table[index])
        if need_sum and value == 0:
            continue
        cost = 0
        for other in range(table.ndim):
            if other == axis:
                continue
            line = (*index[:other], slice(None), *index[other + 1 :])
            crossing = int(hidden[line].sum())
            cost += 1 if crossing == 0 else (-1 if crossing == 1 else 0)
        key = (cost, value)
        if best is None or key < best[0]:
            best = (key, index)
    if best is None:
        if hidden[total_index]:
            return False
        hidden[total_index] = True
        return True
    hidden[best[1]] = True
    return True


def _violations(
    table: np.ndarray, hidden: np.ndarray, minimum: int, axis: int
) -> list[tuple[tuple, bool]]:
    """Return the lines along `axis` that break a rule: (index without that axis, sum too small)."""
    moved_table = np.moveaxis(table, axis, -1)
    moved_hidden = np.moveaxis(hidden, axis, -1)
    count = moved_hidden.sum(axis=-1)
    interior_sum = (moved_table[..., :-1] * moved_hidden[..., :-1]).sum(axis=-1)
    too_small = (count >= 1) & ~moved_hidden[..., -1] & (interior_sum < minimum)
    bad = (count == 1) | too_small
    return [
        (tuple(int(p) for p in position), bool(too_small[tuple(position)]))
        for position in np.argwhere(bad)
    ]


def protect(
    counts: np.ndarray | Sequence,
    minimum: int | None = None,
    *,
    hidden: np.ndarray | None = None,
    prefer_totals: Sequence[int] = (),
) -> Protection:
    """Protect a table of counts (any number of dimensions) together with all its totals.

    `hidden` (shaped like the table with margins) names cells that must be hidden anyway,
    e.g. because the same figure is hidden in another table; they are protected like the rest.
    Along the axes in `prefer_totals`, a line hides its total before any of its cells: use it
    when the cells are published elsewhere too and the total is not.
    """
    minimum = check_minimum(default_minimum() if minimum is None else int(minimum))
    table = with_margins(counts)
    primary = (table > 0) & (table < minimum)
    hidden = primary.copy() if hidden is None else (primary | hidden)
    if not hidden.any():
        return Protection(table, hidden, primary, minimum)
    while True:
        # Lines along one axis are disjoint, so all of an axis's faulty lines are mended in one
        # pass; each choice still sees the cells hidden before it.
        changed = False
        for axis in range(table.ndim):
            for rest, need_sum in _violations(table, hidden, minimum, axis):
                moved_hidden = np.moveaxis(hidden, axis, -1)
                line = moved_hidden[rest]
                still = int(line.sum()) == 1 or (
                    need_sum
                    and not line[-1]
                    and (np.moveaxis(table, axis, -1)[rest][:-1] * line[:-1]).sum() < minimum
                )
                if not still:
                    continue
                prefer = axis in prefer_totals and not need_sum
                changed |= _hide_complement(table, hidden, axis, rest, need_sum, prefer)
        if changed:
            continue
        determined = determined_cells(table.shape, hidden) & hidden
        if not determined.any():
            break
        # A determined cell is a bridge between protected groups: hide a neighbour on its lines.
        cell = tuple(int(i) for i in np.argwhere(determined)[0])
        if not any(
            _hide_complement(table, hidden, axis, cell[:axis] + cell[axis + 1 :], False)
            for axis in range(table.ndim)
        ):
            break
    return Protection(table, hidden, primary, minimum)


def share(count: float, base: float, hidden_count: bool, hidden_base: bool) -> float | str:
    """Return count/base as a percentage, or ".." when either rests on a hidden figure."""
    if hidden_count or hidden_base:
        return SUPPRESSED
    if not base:
        return SUPPRESSED if count else 0.0
    return 100.0 * count / base


def batch_decision(
    pending: int, answered: Sequence[int], minimum: int, *, patience: int = 3
) -> tuple[bool, list[int]]:
    """Decide whether pending records of one cell may enter reports, all together.

    `pending` records wait; `answered[i]` of them have a value for measure i. They are released
    when at least `minimum` wait and every measure changes by nothing or by at least `minimum`
    values, so that comparing a report before and after never isolates fewer than `minimum`
    subjects. When `patience` × minimum records have waited and some measures still fall short,
    the records are released with those measures withheld (their values in this batch stay out
    of every report), so that one rarely answered question cannot hold back the rest.
    Returns (release now, indices of withheld measures).
    """
    if pending < minimum:
        return False, []
    short = [i for i, n in enumerate(answered) if 0 < n < minimum]
    if not short:
        return True, []
    if pending >= patience * minimum:
        return True, short
    return False, []
