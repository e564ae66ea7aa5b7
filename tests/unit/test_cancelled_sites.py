"""Issue 23, point 6: the 2007-2009 plan's cancelled sites are drawn crossed on and after their end date,
as the README promises ("crossed when rejected"; the key: "crossed: rejected or cancelled"), at the story's
steps on and after the cancellation too; and they never count as sites in the analysis or the engagement."""

import datetime as dt

import pytest

from geo import analysis
from geo.engagement_seeds import load_engagement
from layers.registry import analysis_layers, build_layers
from layers.style import marker_fill, status_group
from shieldmap import engagement
from shieldmap.story import story_steps

PLAN = {"redzikowo-gbi", "brdy-radar"}
CANCELLED = dt.date(2009, 9, 17)


@pytest.mark.parametrize("day", [CANCELLED, dt.date(2009, 9, 18), dt.date(2009, 9, 25), dt.date(2013, 10, 31)])
def test_cancelled_sites_drawn_crossed_on_and_after_their_end(seeds, day):
    frame = build_layers(seeds, ["nato_sites"], day)["nato_sites"].set_index("id")
    assert PLAN <= set(frame.index)
    for site in PLAN:
        assert frame.at[site, "status"] == "cancelled"
        assert marker_fill(status_group(frame.at[site, "status"])) == "crossed"


def test_before_the_cancellation_they_are_hollow(seeds):
    frame = build_layers(seeds, ["nato_sites"], dt.date(2008, 11, 5))["nato_sites"].set_index("id")
    assert {marker_fill(status_group(frame.at[s, "status"])) for s in PLAN} == {"hollow"}


def test_story_steps_on_the_plan_show_its_sites(seeds):
    """Every step that shows the US and NATO sites from the plan's start shows both of its sites: hollow
    while planned, crossed from the cancellation (the steps of 17 and 25 Sep 2009 among them)."""
    steps = [s for s in story_steps(seeds) if "nato_sites" in s.layers and s.date >= dt.date(2007, 1, 20)]
    assert {CANCELLED, dt.date(2009, 9, 25)} <= {s.date for s in steps}
    for step in steps:
        frame = build_layers(seeds, list(step.layers), step.date)["nato_sites"].set_index("id")
        named = {s for s in PLAN if seeds.sites.at[s, "start"] <= step.date}  # Redzikowo from Aug 2008 (issue 33, 2.6)
        assert named == set(frame.index) & PLAN and "brdy-radar" in named, step.number
        fills = {marker_fill(status_group(frame.at[s, "status"])) for s in named}
        assert fills == ({"crossed"} if step.date >= CANCELLED else {"hollow"}), (step.number, fills)


def test_never_counted_as_sites_after_their_end(seeds):
    day = dt.date(2013, 10, 31)
    tables = analysis.analysis_tables(seeds, analysis_layers(seeds, day))
    assert not PLAN & set(tables["distances"]["site_id"])
    assert not PLAN & set(engagement.sites_at(load_engagement(seeds=seeds), day)["site"])
    assert PLAN <= set(engagement.sites_at(load_engagement(seeds=seeds), dt.date(2008, 11, 5))["site"])
