"""Small-number suppression: primary and secondary, the linear audit, differencing, batches."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bryggan.lib.suppression import (
    SUPPRESSED,
    batch_decision,
    check_minimum,
    default_minimum,
    determined_cells,
    protect,
    share,
    with_margins,
)


def _rank_says_determined(shape, hidden):
    """An independent check: a hidden cell is determined when adding its unit row keeps the rank."""
    from bryggan.lib.suppression import _constraints

    flat = hidden.reshape(-1)
    matrix = _constraints(shape)[:, flat]
    base = np.linalg.matrix_rank(matrix) if matrix.size else 0
    result = []
    for j in range(int(flat.sum())):
        unit = np.zeros((1, int(flat.sum())))
        unit[0, j] = 1
        result.append(np.linalg.matrix_rank(np.vstack([matrix, unit])) == base)
    out = np.zeros(flat.size, dtype=bool)
    out[np.flatnonzero(flat)] = result
    return out.reshape(shape)


def _lines(table):
    for axis in range(table.ndim):
        moved = np.moveaxis(table, axis, -1)
        yield from moved.reshape(-1, moved.shape[-1])


def test_the_default_minimum_comes_from_settings_and_never_goes_below_three(settings):
    assert default_minimum() == 5
    settings.BRYGGAN_SUPPRESSION_MINIMUM = 2
    assert default_minimum() == 3
    with pytest.raises(ValueError):
        check_minimum(2)
    with pytest.raises(ValueError):
        protect([[1, 2]], minimum=2)


def test_margins_are_appended_along_every_axis():
    table = with_margins([[1, 2], [3, 4]])
    assert table.tolist() == [[1, 2, 3], [3, 4, 7], [4, 6, 10]]


def test_small_cells_are_hidden_and_zero_is_shown():
    result = protect([[20, 2, 0], [15, 25, 40]], minimum=5)
    assert result.shown((0, 1)) == SUPPRESSED
    assert result.shown((0, 2)) == 0
    assert result.primary[0, 1]
    assert not result.primary[0, 0]


def test_a_hidden_cell_cannot_be_recomputed_from_its_row_total():
    result = protect([[20, 2, 30], [15, 25, 40], [10, 12, 9]], minimum=5)
    row = [result.shown((0, j)) for j in range(4)]
    assert row.count(SUPPRESSED) >= 2
    column = [result.shown((i, 1)) for i in range(4)]
    assert column.count(SUPPRESSED) >= 2


def test_a_bridge_between_two_protected_squares_is_found_and_protected():
    # Two 2x2 blocks of hidden cells joined by one hidden cell: every line has two hidden
    # cells, yet the joining cell follows from the margins. The audit must catch it.
    hidden = np.zeros((5, 5), dtype=bool)
    for i, j in [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)]:
        hidden[i, j] = True
    for values in _lines(hidden):
        assert values.sum() != 1  # the line rules alone see nothing wrong
    determined = determined_cells((5, 5), hidden)
    assert np.argwhere(determined).tolist() == [[1, 2]]
    assert (determined == _rank_says_determined((5, 5), hidden)).all()


@settings(max_examples=120, deadline=None)
@given(
    arrays(
        np.int64,
        st.tuples(st.integers(1, 4), st.integers(1, 4)),
        elements=st.integers(0, 30),
    ),
    st.integers(3, 6),
)
def test_no_hidden_cell_of_a_protected_two_way_table_can_be_recomputed(counts, minimum):
    result = protect(counts, minimum)
    assert not (_rank_says_determined(result.table.shape, result.hidden) & result.hidden).any()
    for values, hidden in zip(_lines(result.table), _lines(result.hidden), strict=True):
        assert hidden.sum() != 1
        if hidden.any() and not hidden[-1]:
            assert values[:-1][hidden[:-1]].sum() >= minimum
    # every small positive count is hidden
    assert result.hidden[(result.table > 0) & (result.table < minimum)].all()


@settings(max_examples=40, deadline=None)
@given(
    arrays(
        np.int64,
        st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3)),
        elements=st.integers(0, 12),
    )
)
def test_no_hidden_cell_of_a_protected_three_way_table_can_be_recomputed(counts):
    result = protect(counts, 5)
    assert not (_rank_says_determined(result.table.shape, result.hidden) & result.hidden).any()


def test_a_differencing_attack_across_two_filters_fails():
    # Units x reporting periods. Unit C has two subjects in the second period. A report filtered
    # to "unit C, all periods" and one filtered to "unit C, first period" would, shown naively,
    # give the second period by subtraction: 12 - 10 = 2.
    counts = np.array([[30, 28], [25, 31], [10, 2]])
    naive = with_margins(counts)
    assert naive[2, 2] - naive[2, 0] == 2  # the attack works on unprotected figures

    result = protect(counts, minimum=5)
    published = {
        index: result.shown(index) for index in np.ndindex(result.table.shape)
    }  # every report any filter can ask for is one of these cells or margins
    recovered = []
    # The attacker subtracts every published figure from every other on the same line.
    for values, hidden in zip(_lines(result.table), _lines(result.hidden), strict=True):
        if hidden.sum() == 1:
            recovered.append(values[hidden][0])
    assert recovered == []
    assert published[(2, 1)] == SUPPRESSED
    assert SUPPRESSED in (published[(2, 2)], published[(2, 0)])
    assert not (determined_cells(result.table.shape, result.hidden) & result.hidden).any()


def test_shares_resting_on_hidden_figures_are_hidden():
    assert share(3, 40, True, False) == SUPPRESSED
    assert share(10, 40, False, True) == SUPPRESSED
    assert share(10, 40, False, False) == 25.0


def test_new_records_enter_reports_in_batches_of_at_least_the_minimum():
    assert batch_decision(4, [4, 4], 5) == (False, [])
    assert batch_decision(5, [5, 5], 5) == (True, [])
    assert batch_decision(5, [5, 0], 5) == (True, [])
    # one measure answered by only two of the six would change by two: wait
    assert batch_decision(6, [6, 2], 5) == (False, [])
    # after waiting long enough the batch goes, with that measure withheld
    assert batch_decision(15, [15, 2], 5) == (True, [1])


@settings(max_examples=200, deadline=None)
@given(arrays(np.bool_, st.tuples(st.integers(2, 6), st.integers(2, 6))))
def test_the_graph_audit_of_two_way_tables_agrees_with_linear_algebra(hidden):
    assert (
        determined_cells(hidden.shape, hidden) == _rank_says_determined(hidden.shape, hidden)
    ).all()


@settings(max_examples=60, deadline=None)
@given(arrays(np.bool_, st.tuples(st.integers(2, 3), st.integers(2, 4), st.integers(2, 3))))
def test_the_audit_of_three_way_tables_agrees_with_linear_algebra(hidden):
    assert (
        determined_cells(hidden.shape, hidden) == _rank_says_determined(hidden.shape, hidden)
    ).all()
