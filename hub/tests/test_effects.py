"""The after-commit helper and the event registry: effects wait for the commit, a failing one
is logged and never reaches the request, and a rolled-back write runs none."""

import logging

import pytest
from django.db import transaction

from hub.effects import Event, on_commit, run_safely

pytestmark = pytest.mark.django_db(transaction=True)


def test_on_commit_runs_after_commit_not_before():
    calls = []
    with transaction.atomic():
        on_commit(calls.append, "pushed")
        assert calls == []
    assert calls == ["pushed"]


def test_on_commit_runs_none_when_the_write_rolls_back():
    calls = []
    with pytest.raises(RuntimeError), transaction.atomic():
        on_commit(calls.append, "pushed")
        raise RuntimeError("the write failed")
    assert calls == []


def test_a_failing_effect_is_logged_and_later_effects_still_run(caplog):
    calls = []

    def broken():
        raise ConnectionError("redis is down")

    with caplog.at_level(logging.WARNING, logger="hub.effects"), transaction.atomic():
        on_commit(broken)
        on_commit(calls.append, "mail queued")
    assert calls == ["mail queued"]
    assert "broken" in caplog.text and "redis is down" in caplog.text


def test_run_safely_passes_keyword_arguments():
    seen = {}
    run_safely(lambda **kw: seen.update(kw), user_id=3)
    assert seen == {"user_id": 3}


def test_event_listeners_run_after_commit_each_on_its_own(caplog):
    event = Event("test.something_changed")
    calls = []

    def broken(*args):
        raise ValueError("listener bug")

    event.connect(broken)
    event.connect(lambda a, b: calls.append((a, b)))
    event.connect(broken)  # connecting twice keeps one
    assert len(event.listeners) == 2
    with caplog.at_level(logging.WARNING, logger="hub.effects"), transaction.atomic():
        event.send(1, 2)
        assert calls == []
    assert calls == [(1, 2)]
    assert "listener bug" in caplog.text
    event.disconnect(broken)
    assert len(event.listeners) == 1
