"""The guided tour: one step per event, in date order, each with a cited caption, layers and a view."""

import pytest

from geo.seeds import SeedError, load_seeds
from shieldmap.story import story_steps


def test_one_step_per_event_in_date_order(seeds):
    steps = story_steps(seeds)
    assert [s.number for s in steps] == list(range(1, len(seeds.events) + 1))
    assert sorted(s.event for s in steps) == sorted(seeds.events.index)
    assert [s.date for s in steps] == sorted(s.date for s in steps)
    for step in steps:
        assert step.date == seeds.events.at[step.event, "date"]
        assert step.caption and step.citations and "events" in step.layers
        assert 1 <= step.zoom <= 18


def test_step_7_is_romania_agreeing_to_host(seeds):
    step = story_steps(seeds)[6]  # after the 2007 US request and Gabala offer, Iskander 2008, air defence 2009,
    # the cancellations 2009
    assert (step.event, step.date.isoformat()) == ("event-2010-02-04-romania-host", "2010-02-04")
    assert step.layers == ("romania_interceptor", "nato", "events")


def test_story_checked_against_events(seed_copy):
    path = seed_copy / "story.csv"
    text = path.read_text()
    path.write_text(text.replace("event-2010-02-04-romania-host,2010-02-04", "event-nope,2010-02-05", 1))
    with pytest.raises(SeedError, match="story.csv:8: unknown event 'event-nope'"):
        load_seeds(seed_copy)
    path.write_text(text.replace("event-2010-02-04-romania-host,2010-02-04", "event-2010-02-04-romania-host,2010-02-05"))
    with pytest.raises(SeedError, match="story.csv:8: date 2010-02-05 is not the date"):
        load_seeds(seed_copy)
