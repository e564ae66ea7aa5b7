"""Issue 33 (truth audit 3), section 2: each correction pinned at dates before and after it (seeds/CHANGES.md).
Every test here fails on the data before the audit."""

import csv
import datetime as dt

import pytest
from pyproj import Geod

from layers.registry import build_layers
from shieldmap.story import story_steps

D = dt.date
GEOD = Geod(ellps="WGS84")


def built(seeds, layer_id, day, **options):
    return build_layers(seeds, [layer_id], day, **options)[layer_id]


def ring(seeds, site, day):
    frame = built(seeds, "engagement_ranges", day).set_index("site")
    return frame.loc[site] if site in frame.index else None


def km(lat1, lon1, lat2, lon2):
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000


# 2.1 The S-300PS ring: the S-300PS's own figure, not the family's 150 km


@pytest.mark.parametrize("site,day", [("s300-grodno", D(2016, 6, 1)), ("s300-2006-brest", D(2009, 2, 3))])
def test_s300ps_ring_is_the_s300ps_figure(seeds, site, day):
    row = ring(seeds, site, day)
    assert row["radius_km"] == 80 and row["figure"] == "s300ps-80"
    assert "S-300PS" in seeds.ranges.at["s300ps-80", "label"]


def test_the_150_km_figure_is_a_claim_about_the_family(seeds):
    row = seeds.ranges.loc["s300-belarus-150"]
    assert row["default"] is False and "family" in row["label"] and "семейств" in row["label_ru"]


# 2.3 No 400 km ring for S-400 units whose missiles are not public


@pytest.mark.parametrize("site,day", [("s400-kaliningrad", D(2019, 1, 1)), ("s400-kaliningrad", D(2024, 12, 31)),
                                      ("s400-belarus", D(2023, 1, 1))])
def test_s400_units_ring_is_not_the_40n6(seeds, site, day):
    assert ring(seeds, site, day)["radius_km"] == 250


def test_the_40n6_figure_is_a_claim_about_the_missile(seeds):
    row = seeds.ranges.loc["s400-400"]
    assert row["default"] is False and "claim about the missile" in row["label"]


# 2.2 Russian S-400s and Iskanders in Belarus after 20 Feb 2022


@pytest.mark.parametrize("site,day,status", [
    ("s400-belarus-2022-drills", D(2022, 2, 21), "exercise"), ("s400-belarus-2022-drills", D(2022, 6, 1), "exercise"),
    ("iskander-belarus-2022-drills", D(2022, 2, 5), "exercise"), ("iskander-belarus-2022-drills", D(2022, 6, 6), "reported"),
])
def test_russian_units_stay_after_the_drills(seeds, site, day, status):
    assert built(seeds, "russian_sites", day).set_index("id").at[site, "status"] == status


def test_the_drills_iskanders_are_at_yelsk(seeds):
    row = seeds.sites.loc["iskander-belarus-2022-drills"]
    assert km(row["lat"], row["lon"], 51.812, 29.152) < 2 and row["system"] == "Iskander-M"
    assert "iskander-belarus-2022-drills" not in set(built(seeds, "russian_sites", D(2022, 2, 4))["id"])


# 2.5 What Shamanov said


def test_shamanov_event_says_what_was_said(seeds):
    event = seeds.events.loc["event-2018-02-05-iskander-deployed"]
    step = [s for s in story_steps(seeds) if s.event == "event-2018-02-05-iskander-deployed"][0]
    for text in (event["name"], step.caption, seeds.sites.at["iskander-kaliningrad", "details"]):
        assert "permanent" not in text and "confirm" not in text.replace("declined to confirm", "").replace(
            "declines to confirm", "")
    assert "how many or for how long" in step.caption and "Kremlin" in step.caption


# 2.6 Redzikowo was not named on 20 Jan 2007


def test_redzikowo_gbi_from_the_2008_agreement(seeds):
    assert "redzikowo-gbi" not in set(built(seeds, "nato_sites", D(2007, 1, 20))["id"])
    assert "redzikowo-gbi" not in set(built(seeds, "nato_sites", D(2008, 8, 19))["id"])
    assert built(seeds, "nato_sites", D(2008, 8, 20)).set_index("id").at["redzikowo-gbi", "status"] == "agreement signed"
    assert "Redzikowo" not in seeds.events.at["event-2007-01-20-us-request", "name"]
    assert "Redzikowo" not in story_steps(seeds)[0].caption


# 2.7 Patriot rotations by place and date, each at its town


TOWNS = {"morag-patriot": (53.916, 19.929), "ustka-patriot": (54.580, 16.862), "torun-patriot": (53.014, 18.598)}


@pytest.mark.parametrize("day,shown", [
    (D(2010, 5, 23), {"morag-patriot"}), (D(2011, 9, 15), {"ustka-patriot"}),
    (D(2012, 6, 1), {"ustka-patriot", "torun-patriot"}), (D(2013, 1, 1), set()),
])
def test_patriot_rotations_by_place(seeds, day, shown):
    frame = built(seeds, "nato_sites", day).set_index("id")
    assert set(frame.index) & set(TOWNS) == shown
    for site in shown:
        point = frame.at[site, "geometry"]
        assert km(point.y, point.x, *TOWNS[site]) < 3 and frame.at[site, "precision_km"] <= 5


# 2.8 Deveselu under NATO command and control from the Warsaw summit


@pytest.mark.parametrize("day,status", [(D(2016, 7, 8), "operational"), (D(2016, 7, 9), "NATO command"),
                                        (D(2018, 1, 1), "NATO command")])
def test_deveselu_nato_command_from_warsaw(seeds, day, status):
    assert built(seeds, "romania_interceptor", day).set_index("id").at["deveselu", "status"] == status


# 2.9 The missing events, each with its step


NEW_EVENTS = {"event-2007-06-07-gabala-offer": D(2007, 6, 7), "event-2016-07-09-nato-bmd-ioc": D(2016, 7, 9),
              "event-2022-02-20-union-resolve-extended": D(2022, 2, 20), "event-2022-06-25-iskander-pledge": D(2022, 6, 25),
              "event-2023-05-25-nuclear-storage": D(2023, 5, 25)}


@pytest.mark.parametrize("event,day", NEW_EVENTS.items())
def test_missing_events_added_with_their_step(seeds, event, day):
    assert seeds.events.at[event, "date"] == day
    assert event not in set(built(seeds, "events", day - dt.timedelta(days=1))["id"])
    assert event in set(built(seeds, "events", day)["id"])
    step = [s for s in story_steps(seeds) if s.event == event]
    assert len(step) == 1 and step[0].date == day and seeds.story.set_index("event").at[event, "caption_ru"]


def test_one_step_per_event_in_date_order(seeds):
    steps = story_steps(seeds)
    assert len(steps) == len(seeds.events) == 33
    assert [s.date for s in steps] == sorted(s.date for s in steps)


# Every record changed here carries its source's words (quotes.csv, the format of section 1)


CHANGED = {("ranges", "s300ps-80"): "80", ("ranges", "s300-belarus-150"): "150", ("ranges", "s400-250"): "250",
           ("ranges", "s400-400"): "400", ("sites", "iskander-belarus-2022-drills"): "", ("sites", "torun-patriot"): "",
           ("sites", "ustka-patriot"): "", ("sites", "morag-patriot"): "", ("sites", "redzikowo-gbi"): "",
           ("statuses", "deveselu|NATO command|2016-07-09"): "", **{("events", e): "" for e in NEW_EVENTS}}


def test_changed_records_carry_their_sources_words(seeds):
    with open(seeds.directory / "quotes.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:8] == ["table", "key", "source", "quote", "translation", "accessed", "inferred", "copy"]
    for (table, key), number in CHANGED.items():
        mine = [r for r in rows if (r["table"], r["key"]) == (table, key)]
        quoted = [r for r in mine if r["quote"]]  # the other rows are our inferences (quotes.csv: one or the other)
        assert quoted and all(r["source"] in seeds.sources.index and r["accessed"] == "2026-12-07" for r in quoted), key
        assert all(r["inferred"].startswith("inferred: ") and not r["source"] for r in mine if not r["quote"]), key
        assert any(number in r["quote"] + r["translation"] for r in quoted), key


# 2.10 Sources: one record per URL; no unopened mirror where the primary was opened


def test_one_source_record_per_url(seeds):
    urls = [u for u in seeds.sources["url"] if u]
    assert len(urls) == len(set(urls)), sorted(u for u in urls if urls.count(u) > 1)


def test_redzikowo_groundbreaking_cites_nato_and_postol_is_2007(seeds):
    assert "wikipedia-redzikowo" not in seeds.sources.index
    row = seeds.statuses[(seeds.statuses.feature == "redzikowo") & (seeds.statuses.status == "under construction")].iloc[0]
    assert row["sources"][0] == "nato-130696" and row["from"] == D(2016, 5, 13)  # (and MDA's release, issue 33 §1)
    assert seeds.sources.at["spacenews-2008-postol", "date"] == "2007"


# Section 3: facts out of the code


def test_what_if_panel_starts_from_the_seeds_kaliningrad_site(seeds):
    from shieldmap.ui.what_if_panel import FIRST_SITE, first_site
    site = seeds.sites.loc[FIRST_SITE]
    assert first_site(seeds) == (site["lat"], site["lon"], 250.0)  # the S-400 default, not the 40N6's 400 km


def test_capital_rule_reads_the_seeds_capitals(seed_copy, monkeypatch):
    """The capitals that give a NATO member to a holder live in seeds/capitals.csv, not in the code."""
    from geo.sector_borders import anchors
    from geo.sectors import MODELS

    model = MODELS["alliance_borders"]
    assert model.assign(("Poland",)) == {"Poland": "north"} and anchors()["Poland"] == (52.23, 21.012)
    path = seed_copy / "capitals.csv"
    path.write_text(path.read_text().replace("Warsaw,Poland,52.230,21.012", "Warsaw,Poland,52.230,5.000"))
    monkeypatch.setenv("SHIELDMAP_SEEDS", str(seed_copy))
    assert anchors()["Poland"] == (52.23, 5.0) and model.assign(("Poland",)) == {"Poland": "west"}


def test_sector_models_parameters_come_from_the_seeds(seed_copy, monkeypatch):
    """The wedges' centre and the depiction's dividing lines live in seeds/sector_models.csv."""
    from geo import sectors
    from geo.seeds import SeedError, load_seeds

    assert (sectors.WEDGES.centre_lat, sectors.WEDGES.centre_lon) == (54.9, 25.317)
    assert sectors.MODELS["russian_depiction"].poland_east_of_lon == 22.0
    path = seed_copy / "sector_models.csv"
    text = path.read_text()
    path.write_text(text.replace("poland_east_of_lon,22.0,", "poland_east_of_lon,18.5,"))
    monkeypatch.setenv("SHIELDMAP_SEEDS", str(seed_copy))
    assert sectors.MODELS["russian_depiction"].poland_east_of_lon == 18.5
    assert "Poland east of 18.5°E" in sectors.MODELS["russian_depiction"].describe()
    path.write_text(text.replace("wedges,centre_lon,25.317", "wedges,centre_lonn,25.317"))
    with pytest.raises(SeedError, match=r"sector_models.csv:11: column 'parameter': 'centre_lonn' is not one of"):
        load_seeds(seed_copy)
    path.write_text(text.replace("wedges,centre_lon,25.317,ign-1989,", "wedges,centre_lat,25.317,ign-1989,"))
    with pytest.raises(SeedError, match=r"sector_models.csv:11: duplicate parameter 'wedges centre_lat' \(first on line 10\)"):
        load_seeds(seed_copy)
    path.write_text("".join(line for line in text.splitlines(keepends=True) if not line.startswith("wedges,centre_lon")))
    with pytest.raises(SeedError, match=r"sector_models.csv: no value for wedges centre_lon"):
        load_seeds(seed_copy)


def test_layers_research_dates_come_from_the_seeds(seed_copy, monkeypatch):
    """covered_to lives in seeds/coverage.csv (one row per site layer), not in layers/registry.py."""
    from geo.coverage_seeds import coverage
    from layers.registry import LAYER_IDS, LAYERS, coverage_note

    dates = coverage()
    assert set(dates) <= set(LAYER_IDS) and dates["nato_sites"] == D(2019, 12, 31)
    assert LAYERS["russian_sites"].covered_to == D(2022, 12, 31) and LAYERS["csto"].covered_to is None
    assert coverage_note("nato_sites", D(2019, 12, 31)) is None and coverage_note("nato_sites", D(2020, 1, 1))
    path = seed_copy / "coverage.csv"
    path.write_text(path.read_text().replace("nato_sites,2019-12-31", "nato_sites,2021-12-31"))
    monkeypatch.setenv("SHIELDMAP_SEEDS", str(seed_copy))
    assert coverage_note("nato_sites", D(2020, 1, 1)) is None and LAYERS["nato_sites"].covered_to == D(2021, 12, 31)
