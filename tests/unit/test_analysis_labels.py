"""Issue 23, point 8: the Analysis tab's charts and tables read as words: no "null" legend entry, no raw
ids (``csto-armenia``, ``what-if-1``, ``european-sectors-not-covered``), a hypothetical site by the name its
user gave, and grammatical sector names ("the United States' sector")."""

import datetime as dt
import re

import pytest

from geo import analysis
from layers import what_if
from layers.registry import analysis_layers
from shieldmap.ui import analysis_tab, charts
from shieldmap.ui.text import literal

SPECS = ("Forward base@52,21,300",)
RAW_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")  # csto-armenia, what-if-1, european-sector-usa


def _tables(seeds, as_of, model="russian_depiction"):
    hypothetical = what_if.build(seeds, SPECS, as_of)
    return analysis.analysis_tables(seeds, analysis_layers(seeds, as_of, sectors_model=model, what_if=hypothetical))


def _legend_values(chart) -> set[str]:
    spec = chart.to_dict()
    field = spec["encoding"]["color"]["field"]
    return {row[field] for row in spec["datasets"][next(iter(spec["datasets"]))]}


@pytest.mark.parametrize("as_of", [dt.date(2011, 1, 1), dt.date(2023, 1, 1)])
@pytest.mark.parametrize("model", ["russian_depiction", "alliance_borders"])
def test_sector_chart_legend_has_words_only(seeds, as_of, model):
    legend = _legend_values(charts.sectors_chart(_tables(seeds, as_of, model)["sectors"]))
    assert None not in legend and not any(v in ("None", "nan", "null") for v in map(str, legend)), legend
    assert "the United States' sector" in legend and "Russia's sector" in legend
    assert not any("States's" in v or "'s sector" == v for v in legend)
    assert any(v.startswith("no sector") for v in legend)  # the land no sector holds, by what the model says


def test_coverage_chart_names_the_hypothetical_site_as_given(seeds):
    tables = _tables(seeds, dt.date(2013, 10, 31))
    rings = _legend_values(charts.coverage_chart(tables["coverage"], seeds, SPECS))
    assert "Forward base (hypothetical): 300 km" in rings, rings
    assert not any(v.startswith("what-if") for v in rings)


def test_tables_show_names_not_ids(seeds):
    tables = _tables(seeds, dt.date(2013, 10, 31))
    coverage = analysis_tab.display_table("coverage", tables["coverage"], seeds, SPECS)
    distances = analysis_tab.display_table("distances", tables["distances"], seeds, SPECS)
    sectors = analysis_tab.display_table("sectors", tables["sectors"], seeds, SPECS)
    assert "Forward base (hypothetical)" in set(coverage["site"])
    assert "Forward base (hypothetical)" in set(distances["site_name"])
    assert set(sectors["sector"]) == {*seeds.sectors["name"], "no sector: undescribed by the evidence"}
    for frame, column in ((coverage, "site"), (distances, "site_name"), (sectors, "sector")):
        assert not any(RAW_ID.match(str(v)) for v in frame[column]), frame[column].unique()
    note = analysis_tab.capitals_note(tables["coverage"], seeds, SPECS)
    assert f"**{literal('Forward base (hypothetical): 300 km')}**" in note  # the name as given, escaped as text


def test_timeline_rows_are_named(seeds):
    bars, _ = charts.timeline_frames(seeds)
    raw = [name for name in bars["feature"].unique() if RAW_ID.match(name)]
    assert not raw, raw
    assert "Armenia in the CSTO" in set(bars["feature"])


def test_possessive():
    assert charts.possessive("United States") == "the United States'"
    assert charts.possessive("Russia") == "Russia's"
    assert charts.sector_title(None, "alliance_borders") == "no sector (in neither alliance)"
