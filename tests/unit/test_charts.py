"""The Analysis charts' data, the timeline click, and the tables as shown (no Streamlit run)."""

import datetime as dt

import pandas as pd

from geo import analysis
from layers import style
from layers.registry import DEFAULT_AS_OF, analysis_layers
from shieldmap.ui import analysis_tab, charts


def test_timeline_statuses_run_to_the_next_status(seeds):
    bars, points = charts.timeline_frames(seeds)
    deveselu = bars[bars["feature"] == seeds.sites.at["deveselu", "name"]].sort_values("start")
    assert list(deveselu["status"])[:2] == ["site chosen", "agreement signed"]
    first = deveselu.iloc[0]
    assert first["start"] == pd.Timestamp("2011-05-03") and first["end"] == pd.Timestamp("2011-09-13")
    assert first["day"] == "2011-05-03" and first["group"] == "planned"
    span = charts.timeline_span(seeds)  # the seeds' own span, not a second one in the code (issue 33, section 3)
    assert span == (dt.date(2003, 1, 1), dt.date(2024, 12, 31)) and deveselu.iloc[-1]["end"] == pd.Timestamp(span[1])
    sectors = bars[bars["feature"] == seeds.sectors.at["european-sector-russia", "name"]]
    assert list(sectors["group"]) == ["planned", "rejected"]
    assert (bars["start"] >= pd.Timestamp(span[0])).all()
    assert len(points) == len(seeds.events) and set(points["feature"]) == {charts.EVENTS_ROW}


def test_timeline_chart_has_click_selections(seeds):
    spec = charts.timeline_chart(seeds, DEFAULT_AS_OF).to_dict()
    names = {p["name"] for layer in spec["layer"] for p in layer.get("params", [])} | \
        {p["name"] for p in spec.get("params", [])}
    assert {charts.PICK_STATUS, charts.PICK_EVENT} <= names


def test_picked_day():
    assert charts.picked_day({charts.PICK_EVENT: [{"day": "2011-07-04"}]}) == dt.date(2011, 7, 4)
    assert charts.picked_day({charts.PICK_STATUS: [{"day": "2013-10-28"}], charts.PICK_EVENT: []}) == dt.date(2013, 10, 28)
    assert charts.picked_day({charts.PICK_EVENT: [], charts.PICK_STATUS: []}) is None
    assert charts.picked_day({charts.PICK_EVENT: [{"day": "garbage"}]}) is None
    assert charts.picked_day(None) is None


ON_DUTY = dt.date(2016, 6, 1)  # Deveselu operational, the four S-300PS battalions on duty


def test_coverage_and_sector_charts_build(seeds):
    tables = analysis.analysis_tables(seeds, analysis_layers(seeds, ON_DUTY))
    coverage = charts.coverage_chart(tables["coverage"], seeds).to_dict()
    assert coverage["encoding"]["x"]["field"] == "share"
    assert any(": 500 km" in row["ring"] for row in coverage["datasets"][next(iter(coverage["datasets"]))])
    sectors = charts.sectors_chart(tables["sectors"]).to_dict()
    rows = sectors["datasets"][next(iter(sectors["datasets"]))]
    assert rows and all(row["share_of_country"] > 0 for row in rows)
    scale = sectors["encoding"]["color"]["scale"]  # each sector in its colour on the map (issue 35.3)
    colours = dict(zip(scale["domain"], scale["range"]))
    expected = {charts.sector_title(h, m): style.holder_color(h) if isinstance(h, str) else style.NOT_COVERED_COLOR
                for h, m in zip(tables["sectors"]["holder"], tables["sectors"]["model"])}
    assert set(colours) == {row["sector"] for row in rows} and colours == {k: expected[k] for k in colours}
    assert colours[charts.sector_title("Russia")] == style.SECTOR_COLORS["Russia"]


def test_the_timeline_colours_are_the_style_sources():
    assert charts.GROUP_COLORS == {group: style.STATUS_COLORS[group] for group in ("in place", "planned", "rejected", "other")}


def test_display_tables_names_percent_rounded_but_csv_full_precision(seeds):
    tables = analysis.analysis_tables(seeds, analysis_layers(seeds, ON_DUTY))
    coverage = analysis_tab.display_table("coverage", tables["coverage"], seeds)
    assert "site_id" not in coverage.columns and "capitals_inside" not in coverage.columns
    assert coverage["share"].max() == 100.0 and (coverage["covered_km2"] % 1 == 0).all()
    sectors = analysis_tab.display_table("sectors", tables["sectors"], seeds)
    assert set(seeds.sectors["name"]) <= set(sectors["sector"])  # and, under borders, the land no sector covers
    distances = analysis_tab.display_table("distances", tables["distances"], seeds)
    assert (distances["distance_km"] % 1 == 0).all()
    assert tables["coverage"]["share"].map(lambda v: v != round(v, 3)).any()  # the source tables are untouched
    note = analysis_tab.capitals_note(tables["coverage"], seeds)
    assert note.count("**") == 2 * tables["coverage"]["ring_id"].nunique() and "Bucharest" in note


def test_timeline_bar_stops_when_the_site_is_replaced(seeds):
    bars, _ = charts.timeline_frames(seeds)
    announced = bars[bars["feature"] == seeds.sites.at["s300-2013-announced", "name"]]
    assert list(announced["end"]) == [pd.Timestamp(seeds.sites.at["s300-2013-announced", "end"])]
