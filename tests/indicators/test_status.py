"""The indicator status rule (indicators/status.py) on known series."""

import datetime
from decimal import Decimal

import pytest

from indicators.models import Direction, Frequency
from indicators.status import GRACE_DAYS, Point, Status, add_months, path_value, standing_of

D = datetime.date
BASE = Point(D(2014, 1, 1), Decimal("10"))
TARGET = Point(D(2017, 12, 31), Decimal("50"))
# Lower is better: e.g. minutes to process a permit, 60 → 20 by the end of 2017.
JAN_2016 = D(2016, 1, 15)
LOW_BASE = Point(D(2014, 1, 1), Decimal("60"))
LOW_TARGET = Point(D(2017, 12, 31), Decimal("20"))


def standing(
    series,
    *,
    direction=Direction.HIGHER,
    today=JAN_2016,
    baseline=BASE,
    target=TARGET,
    frequency=Frequency.YEARLY,
):
    points = [Point(on, Decimal(value)) for on, value in series]
    return standing_of(
        direction=direction,
        frequency=frequency,
        observations=points,
        baseline=baseline,
        target=target,
        today=today,
    )


def test_the_path_is_a_straight_line_flat_outside_the_period():
    middle = D(2014, 1, 1) + (D(2017, 12, 31) - D(2014, 1, 1)) / 2
    assert path_value(baseline=BASE, target=TARGET, on=middle) == Decimal("30")
    assert path_value(baseline=BASE, target=TARGET, on=D(2013, 6, 1)) == Decimal("10")
    assert path_value(baseline=BASE, target=TARGET, on=D(2019, 1, 1)) == Decimal("50")


@pytest.mark.parametrize(
    "series, expected",
    [
        ([], Status.NO_DATA),
        # at the end of 2015 the line expects 10 + 40 × 729/1460 ≈ 29.97
        ([(D(2014, 12, 31), "15"), (D(2015, 12, 31), "30")], Status.ON_TRACK),
        ([(D(2014, 12, 31), "15"), (D(2015, 12, 31), "29")], Status.OFF_TRACK),
        ([(D(2015, 12, 31), "50")], Status.MET),
        ([(D(2015, 12, 31), "61")], Status.MET),
        # the order of entry does not matter: the latest date counts
        ([(D(2015, 12, 31), "12"), (D(2014, 12, 31), "55")], Status.OFF_TRACK),
    ],
)
def test_higher_is_better(series, expected):
    assert standing(series).status == expected


@pytest.mark.parametrize(
    "series, expected",
    [
        # the line falls from 60 to 20: at the end of 2015 it expects ≈ 40.03
        ([(D(2015, 12, 31), "40")], Status.ON_TRACK),
        ([(D(2015, 12, 31), "41")], Status.OFF_TRACK),
        ([(D(2015, 12, 31), "20")], Status.MET),
        ([(D(2015, 12, 31), "15")], Status.MET),
        # rising is worse when lower is better
        ([(D(2014, 12, 31), "50"), (D(2015, 12, 31), "65")], Status.OFF_TRACK),
    ],
)
def test_lower_is_better(series, expected):
    result = standing(series, direction=Direction.LOWER, baseline=LOW_BASE, target=LOW_TARGET)
    assert result.status == expected


def test_after_the_target_year_a_missed_target_is_off_track():
    result = standing([(D(2018, 3, 31), "49")], today=D(2018, 4, 1))
    assert result.status == Status.OFF_TRACK
    assert result.expected == Decimal("50")


def test_an_old_latest_value_is_overdue_and_keeps_its_standing():
    series = [(D(2015, 12, 31), "30")]
    due = add_months(D(2015, 12, 31), 12) + datetime.timedelta(days=GRACE_DAYS)
    assert standing(series, today=due).status == Status.ON_TRACK
    late = standing(series, today=due + datetime.timedelta(days=1))
    assert late.status == Status.OVERDUE
    assert late.standing == Status.ON_TRACK
    assert late.next_due == due


def test_monthly_indicators_are_overdue_sooner():
    series = [(D(2015, 11, 30), "30")]
    assert standing(series, frequency=Frequency.MONTHLY, today=D(2016, 1, 31)).status == Status.OVERDUE
    assert standing(series, frequency=Frequency.QUARTERLY, today=D(2016, 1, 31)).status == Status.ON_TRACK


def test_without_a_target_the_status_says_so():
    assert standing([(D(2015, 12, 31), "30")], target=None).status == Status.NO_TARGET


def test_without_a_baseline_the_first_observation_starts_the_path():
    series = [(D(2014, 1, 1), "10"), (D(2015, 12, 31), "29")]
    assert standing(series, baseline=None).status == Status.OFF_TRACK
    assert standing([(D(2014, 1, 1), "10")], baseline=None).standing == Status.ON_TRACK


def test_add_months_keeps_the_end_of_month():
    assert add_months(D(2015, 1, 31), 1) == D(2015, 2, 28)
    assert add_months(D(2015, 11, 30), 3) == D(2016, 2, 29)
    assert add_months(D(2015, 12, 31), 12) == D(2016, 12, 31)
