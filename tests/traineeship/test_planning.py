from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from traineeship import planning


def _check(plan, n, caps):
    k = len(caps)
    assert len(plan) == n
    for row in plan:
        assert sorted(row) == list(range(k))
    load = Counter((j, p) for row in plan for p, j in enumerate(row))
    for j in range(k):
        for p in range(k):
            assert load[(j, p)] <= caps[j][p]
    return load


def test_three_by_three_is_a_latin_square():
    plan = planning.generate(3, [[1] * 3 for _ in range(3)])
    load = _check(plan, 3, [[1] * 3] * 3)
    assert set(load.values()) == {1}
    for p in range(3):
        assert sorted(row[p] for row in plan) == [0, 1, 2]


def test_thirty_trainees_six_partners_balanced():
    # Its speed is measured by the benchmark suite (schedule generation), not here.
    caps = [[6] * 6 for _ in range(6)]
    plan = planning.generate(30, caps)
    load = _check(plan, 30, caps)
    assert set(load.values()) == {5}


def test_unbalanced_count_stays_within_one():
    caps = [[3] * 3 for _ in range(3)]
    load = _check(planning.generate(7, caps), 7, caps)
    assert max(load.values()) - min(load.values()) <= 1


def test_blocked_cell_is_respected():
    caps = [[2, 2, 2], [2, 2, 2], [2, 0, 2]]
    load = _check(planning.generate(3, caps), 3, caps)
    assert load[(2, 1)] == 0


def test_short_period_is_named():
    with pytest.raises(planning.PlanningError) as info:
        planning.generate(4, [[1, 1, 1], [1, 1, 1], [1, 1, 1]])
    assert info.value.period == 0


def test_short_partner_is_named():
    with pytest.raises(planning.PlanningError) as info:
        planning.generate(3, [[3, 3, 3], [3, 3, 3], [1, 1, 0]])
    assert info.value.partner == 2


@settings(max_examples=60, deadline=None)
@given(
    k=st.integers(min_value=2, max_value=5),
    n=st.integers(min_value=1, max_value=12),
    data=st.data(),
)
def test_any_feasible_input_gives_a_valid_plan(k, n, data):
    caps = [[data.draw(st.integers(0, n)) for _ in range(k)] for _ in range(k)]
    try:
        plan = planning.generate(n, caps)
    except planning.PlanningError:
        assert planning.shortage(n, caps) is not None
        return
    _check(plan, n, caps)
