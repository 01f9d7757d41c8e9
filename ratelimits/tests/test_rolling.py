import datetime

import pytest

import ratelimits

T0 = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=datetime.UTC)


def at(seconds):
    return T0 + datetime.timedelta(seconds=seconds)


def test_rolling_wait_is_zero_while_the_window_has_room():
    assert ratelimits.rolling_wait([], "3/m", now=at(0).timestamp()) == 0
    assert ratelimits.rolling_wait([at(20), at(10)], "3/m", now=at(25).timestamp()) == 0


def test_rolling_wait_counts_until_the_oldest_action_leaves_the_window():
    recent = [at(20), at(10), at(0)]  # newest first
    assert ratelimits.rolling_wait(recent, "3/m", now=at(25).timestamp()) == 36
    assert ratelimits.rolling_wait(recent, "3/m", now=at(60).timestamp()) == 0
    # Older actions beyond the limit do not matter.
    assert ratelimits.rolling_wait([*recent, at(-5)], "3/m", now=at(59).timestamp()) == 2


def test_rolling_wait_reads_the_same_rates_as_hit():
    assert ratelimits.rolling_wait([at(0)], "1/30s", now=at(10).timestamp()) == 21
    with pytest.raises(ValueError):
        ratelimits.rolling_wait([at(0)], "often", now=at(10).timestamp())
