"""The indicator summary's periods of a worker (`employment.summary.spell_rects`) say, for every period, what
the indicators' rules say of the worker's spells: employed in the place class of the latest spell, stable
with three calendar months at work inside the period."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from laborbridge.employment.calendar import add_months
from laborbridge.employment.summary import latest_stable_start, spell_rects, stable_from

D = datetime.date
DAY = datetime.timedelta(days=1)
CLASSES = ["in_county", "in_province", "partner_province", "other_province"]
# Days around month ends and a leap day, where calendar months are easiest to get wrong.
days = st.dates(min_value=D(2023, 10, 25), max_value=D(2024, 6, 5))


def inside(rect, s, e):
    a, b, c, d = rect
    return a <= s.toordinal() <= b and c <= e.toordinal() <= d


def by_the_rules(spells, s, e):
    """(place class of the latest overlapping spell or None, stable?) straight from the definitions."""
    overlapping = [sp for sp in spells if sp[1] <= e and (sp[2] is None or sp[2] >= s)]
    latest = max(overlapping, key=lambda sp: (sp[1], sp[0]), default=None)
    stable = any(
        add_months(max(start, s), 3) - DAY <= min(end or e, e) for _pk, start, end, _c in overlapping
    )
    return (latest[3] if latest else None), stable


spell_lists = st.lists(
    st.tuples(days, st.one_of(st.none(), st.integers(0, 200)), st.sampled_from(CLASSES)), max_size=4
).map(
    lambda raw: [
        (pk, start, None if length is None else start + length * DAY, klass)
        for pk, (start, length, klass) in enumerate(raw, start=1)
    ]
)


@settings(max_examples=300, deadline=None)
@given(spells=spell_lists, s=days, e=days)
def test_a_workers_periods_agree_with_the_rules_for_any_period(spells, s, e):
    if s > e:
        s, e = e, s
    employed, stable = spell_rects(spells)
    classes = [klass for klass, rect in employed if inside(rect, s, e)]
    stable_hits = [rect for rect in stable if inside(rect, s, e)]
    assert len(classes) <= 1 and len(stable_hits) <= 1  # disjoint: a worker counts once
    latest, is_stable = by_the_rules(spells, s, e)
    assert (classes[0] if classes else None) == latest
    period_long_enough = stable_from(s) <= e
    assert (bool(stable_hits) and period_long_enough) == is_stable


@given(last=st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31)))
def test_the_latest_start_of_a_stable_stretch_is_the_last_day_that_still_fits(last):
    first = latest_stable_start(last)
    assert stable_from(first) <= last < stable_from(first + DAY)


def test_three_months_from_the_first_of_january_end_on_the_last_of_march():
    assert stable_from(D(2024, 1, 1)) == D(2024, 3, 31)
    assert latest_stable_start(D(2024, 3, 31)) == D(2024, 1, 1)
    # month-end clipping: from 30 November they end on 27 February, from 1 December on 28 February
    assert stable_from(D(2022, 11, 30)) == D(2023, 2, 27)
    assert latest_stable_start(D(2023, 2, 28)) == D(2022, 12, 1)
