"""Issue 21 (truth audit 2): each correction pinned at dates before and after it (seeds/CHANGES.md)."""

import datetime as dt

import pytest

from geo.seeds import IN_PLACE_STATUSES
from layers import engagement_ranges
from layers.registry import build_layers

D = dt.date


def built(seeds, layer_id, day, **options):
    return build_layers(seeds, [layer_id], day, **options)[layer_id]


def ring(seeds, site, day, figures=None):
    frame = built(seeds, "engagement_ranges", day, figures=figures).set_index("site")
    return frame.loc[site] if site in frame.index else None


# 1. Range figures have service dates: the S-400 ring in Kaliningrad Region


@pytest.mark.parametrize("day,radius,missile", [
    (D(2012, 4, 6), 250.0, "48N6 family"), (D(2016, 10, 8), 250.0, "48N6 family"), (D(2018, 9, 30), 250.0, "48N6 family"),
    # issue 33, 2.3: no source says these units hold the 40N6; its 400 km is never the default
    (D(2018, 10, 1), 250.0, "48N6 family"), (D(2023, 6, 1), 250.0, "48N6 family"),
])
def test_s400_default_ring_is_the_figure_in_service_at_the_date(seeds, day, radius, missile):
    row = ring(seeds, "s400-kaliningrad", day)
    assert row["radius_km"] == radius and row["missile"] == missile and row["in_service"] == "yes"
    assert missile in row["claim"] and "press claim" in row["claim"]


def test_no_s400_ring_before_delivery(seeds):
    assert ring(seeds, "s400-kaliningrad", D(2012, 4, 5)) is None


def test_a_chosen_figure_not_in_service_is_labelled(seeds):
    row = ring(seeds, "s400-kaliningrad", D(2013, 10, 31), {"S-400": "s400-400"})
    assert row["radius_km"] == 400 and row["in_service"] == "no"
    assert "not in service at this date" in row["name"] and "NOT in service" in row["claim"]
    assert ring(seeds, "s400-kaliningrad", D(2019, 1, 1), {"S-400": "s400-400"})["in_service"] == "yes"


def test_figure_for_picks_by_date(seeds):
    assert engagement_ranges.figure_for(seeds, "S-400", as_of=D(2015, 1, 1))["id"] == "s400-250"
    assert engagement_ranges.figure_for(seeds, "S-400", as_of=D(2020, 1, 1))["id"] == "s400-250"  # issue 33, 2.3
    assert engagement_ranges.figure_for(seeds, "S-400", as_of=D(2006, 1, 1)) is None


# 2. Iskander in Kaliningrad Region: 2008 announcement and 2009 withdrawal; 2016 exercise; 2018 basing


@pytest.mark.parametrize("day,site,status", [
    (D(2008, 11, 4), "iskander-kaliningrad-2008", None), (D(2008, 11, 5), "iskander-kaliningrad-2008", "announced"),
    (D(2009, 9, 24), "iskander-kaliningrad-2008", "announced"), (D(2009, 9, 25), "iskander-kaliningrad-2008", None),
    (D(2010, 6, 1), "iskander-kaliningrad", None),
    (D(2016, 10, 8), "iskander-kaliningrad", "exercise"), (D(2018, 2, 5), "iskander-kaliningrad", "deployed"),
])
def test_iskander_episodes(seeds, day, site, status):
    frame = built(seeds, "russian_sites", day).set_index("id")
    assert (frame.at[site, "status"] if site in frame.index else None) == status


@pytest.mark.parametrize("day,has_ring", [(D(2008, 12, 1), False), (D(2017, 6, 1), False), (D(2018, 2, 5), True)])
def test_iskander_ring_only_once_based(seeds, day, has_ring):
    assert (ring(seeds, "iskander-kaliningrad", day) is not None) is has_ring
    assert ring(seeds, "iskander-kaliningrad-2008", day) is None


# 3. Voronezh-DM: experimental duty 2011, full duty Dec 2014; the public site (Pionersky)


@pytest.mark.parametrize("day,status", [(D(2011, 11, 29), "experimental duty"), (D(2014, 11, 30), "experimental duty"),
                                        (D(2014, 12, 1), "on duty")])
def test_voronezh_dm_statuses(seeds, day, status):
    row = built(seeds, "russian_sites", day).set_index("id").loc["voronezh-dm-kaliningrad"]
    assert row["status"] == status and status in IN_PLACE_STATUSES
    assert row["stands_for"] == "site" and row["precision_km"] <= 2
    assert abs(row.geometry.y - 54.857) < 0.01 and abs(row.geometry.x - 20.182) < 0.01


def test_voronezh_radar_ranges_are_two_claims_without_a_default_ring(seeds):
    table = seeds.ranges
    assert table.at["voronezh-dm-4000", "radius_km"] == 4000 and table.at["voronezh-dm-6000", "radius_km"] == 6000
    assert not table.at["voronezh-dm-4000", "default"] and not table.at["voronezh-dm-6000", "default"]
    assert ring(seeds, "voronezh-dm-kaliningrad", D(2015, 1, 1)) is None


# 4. US Patriot rotations ended in 2012


@pytest.mark.parametrize("day,shown", [(D(2010, 5, 22), False), (D(2010, 5, 23), True), (D(2012, 6, 1), True),
                                       (D(2013, 1, 1), False), (D(2018, 6, 1), False), (D(2023, 6, 1), False)])
def test_patriot_rotations_end_in_2012(seeds, day, shown):
    rotations = {"morag-patriot", "ustka-patriot", "torun-patriot"}  # one per place (issue 33, 2.7)
    assert bool(rotations & set(built(seeds, "nato_sites", day)["id"])) is shown


# 5. The 2007-2009 plan from the US proposal (Jan 2007); Brdy at kóta 718


@pytest.mark.parametrize("day,status", [(D(2007, 1, 20), "proposed"), (D(2008, 7, 8), "agreement signed"),
                                        (D(2009, 9, 17), "cancelled")])
def test_brdy_statuses(seeds, day, status):
    assert built(seeds, "nato_sites", day).set_index("id").at["brdy-radar", "status"] == status


@pytest.mark.parametrize("day,status", [(D(2007, 1, 20), None), (D(2008, 8, 19), None),  # not named then (issue 33, 2.6)
                                        (D(2008, 8, 20), "agreement signed"), (D(2009, 9, 17), "cancelled")])
def test_redzikowo_gbi_statuses(seeds, day, status):
    frame = built(seeds, "nato_sites", day).set_index("id")
    assert (frame.at["redzikowo-gbi", "status"] if "redzikowo-gbi" in frame.index else None) == status


def test_brdy_point_is_the_planned_site_near_misov(seeds):
    row = seeds.sites.loc["brdy-radar"]
    assert abs(row["lat"] - 49.635) < 0.005 and abs(row["lon"] - 13.748) < 0.005 and row["precision_km"] <= 2
    assert "about 70 km" in row["note"]  # geodesic from Prague's centre; the old note said about 90 km


# 6-7. NATO's public no (8 Jun 2011); the Moscow conference (May 2012); EPAA phase 4 cancelled (Mar 2013)


@pytest.mark.parametrize("event,day", [
    ("event-2011-06-08-nrc-no", D(2011, 6, 8)), ("event-2012-05-03-moscow-conference", D(2012, 5, 3)),
    ("event-2013-03-15-epaa-phase4-cancelled", D(2013, 3, 15)), ("event-2007-01-20-us-request", D(2007, 1, 20)),
    ("event-2016-11-02-ru-by-protocol", D(2016, 11, 2)), ("event-2022-12-19-belarus-s400-iskander", D(2022, 12, 19)),
])
def test_new_events_from_their_date(seeds, event, day):
    assert event not in set(built(seeds, "events", day - dt.timedelta(days=1))["id"])
    assert event in set(built(seeds, "events", day)["id"])


def test_sochi_step_says_nato_repeated_its_no(seeds):
    from shieldmap.story import story_steps
    sochi = [s for s in story_steps(seeds) if s.event == "event-2011-07-04-sochi"][0]
    assert "repeats" in sochi.caption and "8 June" in sochi.caption


# 2017-2024: Redzikowo, Deveselu 2019, Belarus


@pytest.mark.parametrize("day,status", [
    (D(2023, 9, 30), "under construction"), (D(2023, 10, 1), "facility delivered"), (D(2023, 12, 15), "accepted"),
    (D(2024, 7, 9), "accepted"), (D(2024, 7, 10), "operational"), (D(2024, 11, 21), "NATO command"),
])
def test_redzikowo_milestones(seeds, day, status):
    assert built(seeds, "epaa", day).set_index("id").at["redzikowo", "status"] == status


@pytest.mark.parametrize("day,status,thaad", [
    (D(2019, 4, 10), "NATO command", False), (D(2019, 4, 11), "offline", True), (D(2019, 8, 9), "NATO command", True),
    (D(2019, 8, 10), "NATO command", False),  # under NATO command and control since July 2016 (issue 33, 2.8)
])
def test_deveselu_2019_update_and_thaad(seeds, day, status, thaad):
    assert built(seeds, "romania_interceptor", day).set_index("id").at["deveselu", "status"] == status
    assert ("deveselu-thaad" in set(built(seeds, "nato_sites", day)["id"])) is thaad
    assert (ring(seeds, "deveselu", day) is not None) is (status in IN_PLACE_STATUSES)


def test_2018_shows_the_facts_and_nothing_ended(seeds):
    day = D(2018, 6, 1)
    nato_sites = set(built(seeds, "nato_sites", day)["id"])
    assert not nato_sites & {"morag-patriot", "deveselu-thaad"}
    cancelled = built(seeds, "nato_sites", day).set_index("id")  # the 2007-2009 plan: drawn crossed, cancelled
    assert set(cancelled.loc[["redzikowo-gbi", "brdy-radar"], "status"]) == {"cancelled"}
    russian = built(seeds, "russian_sites", day).set_index("id")
    assert russian.at["iskander-kaliningrad", "status"] == "deployed"
    assert russian.at["voronezh-dm-kaliningrad", "status"] == "on duty"
    assert "gabala-radar" not in russian.index and "iskander-kaliningrad-2008" not in russian.index
    assert ring(seeds, "s400-kaliningrad", day)["radius_km"] == 250


def test_2023_shows_the_facts_and_nothing_ended(seeds):
    day = D(2023, 6, 1)
    russian = built(seeds, "russian_sites", day).set_index("id")
    assert russian.at["s400-belarus", "status"] == "on duty" and russian.at["iskander-belarus", "status"] == "on duty"
    assert "s400-belarus-2022-drills" not in russian.index
    assert not set(built(seeds, "nato_sites", day)["id"]) & {"morag-patriot", "deveselu-thaad"}
    assert built(seeds, "epaa", day).set_index("id").at["redzikowo", "status"] == "under construction"
    assert ring(seeds, "s400-kaliningrad", day)["radius_km"] == 250  # issue 33, 2.3: the 40N6 is not these units'
    assert ring(seeds, "s400-belarus", day)["radius_km"] == 250


# Claims: who claims each figure; single-source and unsourced flagged


def test_every_figure_names_its_claimant_and_unsourced_ones_cite_nothing(seeds):
    for _, row in seeds.ranges.iterrows():
        assert row["claimant"] and row["claim_kind"] in ("claim", "assessment")
        assert bool(row["sources"]) is (row["claimant"] != "unsourced")
    assert "research-notes" not in seeds.sources.index


def test_single_source_and_unsourced_rings_are_flagged(seeds):
    s400 = ring(seeds, "s400-kaliningrad", D(2015, 1, 1))  # two sources since issue 33 (El Heraldo; EFE, 2019)
    assert s400["single_source"] == "no" and "single source" not in s400["claim"]
    iskander = ring(seeds, "iskander-kaliningrad", D(2019, 1, 1), {"Iskander-M": "iskander-m-400"})
    assert iskander["single_source"] == "yes" and "single source" in iskander["claim"]
    deveselu = ring(seeds, "deveselu", D(2016, 6, 1))
    assert deveselu["unsourced"] == "yes" and "UNSOURCED" in deveselu["claim"]


# The models: the default, the old name accepted, each selectable


def test_old_sector_model_name_still_opens_from_a_url():
    from shieldmap.view import from_query

    span = (D(2006, 1, 1), D(2024, 12, 31))
    assert from_query({"sectors": "borders"}, span)[0].options.sectors == "alliance_borders"
    assert from_query({}, span)[0].options.sectors == "russian_depiction"
    assert from_query({"sectors": "wedges"}, span)[1] == ()


def test_sources_audit_flags_single_source_and_unsourced_figures(capsys):
    from shieldmap.cli.main import main

    assert main(["sources"]) == 0
    out = capsys.readouterr().out
    assert "[single source of figure s300-family-200]" in out and "[single source of figure iskander-m-400]" in out
    assert "unsourced range figures (no public source): s300ps-90, sm3-ib-500, sm3-iia-2500" in out


# Where a layer's coverage ends before the slider does, the data, the exports and the figure say so


def test_coverage_note_after_a_layers_coverage(seeds):
    from layers.registry import coverage_notes

    assert "coverage" not in built(seeds, "s300_belarus", D(2016, 6, 1)).columns
    late = built(seeds, "s300_belarus", D(2023, 6, 1))
    assert late["coverage"].str.contains("researched to 2016 only").all()
    assert "coverage" not in built(seeds, "nato", D(2024, 12, 31)).columns  # researched to 2024
    assert coverage_notes(["romania_interceptor", "nato_sites"], D(2019, 12, 31)) == []
    assert len(coverage_notes(["romania_interceptor", "nato_sites", "russian_sites"], D(2022, 6, 1))) == 2
    assert len(coverage_notes(["romania_interceptor", "nato_sites", "russian_sites"], D(2023, 6, 1))) == 3


def test_exports_and_figure_carry_the_coverage_note(seeds):
    import json

    from shieldmap import figure
    from shieldmap.exports import export_bytes

    layers = build_layers(seeds, ["s300_belarus"], D(2023, 6, 1))
    document = json.loads(export_bytes(layers, "geojson"))
    assert all("researched to 2016" in f["properties"]["coverage"] for f in document["features"])
    fig = figure.draw(layers, seeds, D(2023, 6, 1))
    assert any("Coverage: S-300 in Belarus" in t.get_text() for t in fig.texts)


@pytest.mark.parametrize("day,status", [(D(2011, 9, 2), "announced"), (D(2011, 9, 14), "site chosen"),
                                        (D(2012, 1, 16), "operational")])
def test_kurecik_site_named_14_sep_2011(seeds, day, status):
    assert built(seeds, "epaa", day).set_index("id").at["kurecik", "status"] == status


def test_unopened_placeholders_replaced_by_opened_sources(seeds):
    for gone in ("press-2011-05-03", "nato-130721", "rg-2011-06-10", "research-notes", "press-sm3-iia-2020"):
        assert gone not in seeds.sources.index
    for sid in ("foxnews-2011-05-03", "nato-130696", "nato-75261", "podvig-2012-05", "defenseworld-2016-05-06"):
        assert seeds.sources.at[sid, "checked"].startswith("opened") and seeds.sources.at[sid, "url"].startswith("http")
    assert not seeds.sources.at["defenseworld-2016-05-06", "url"].endswith("/05/06/")
