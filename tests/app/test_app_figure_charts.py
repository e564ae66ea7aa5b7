"""The app's figure download and the Analysis tab's charts (AppTest)."""

import json

from apptest import run

from shieldmap.ui import charts


def test_figure_download_exists():
    at = run()
    buttons = [b for b in at.get("download_button") if b.proto.label == "Download figure (PNG)"]
    assert len(buttons) == 1
    assert "shieldmap figure --layers s300_belarus,romania_interceptor,csto,european_sectors --as-of 2013-10-31" \
        in buttons[0].proto.help
    assert not buttons[0].proto.disabled


def test_figure_download_disabled_without_layers():
    at = run({"layers": ""})
    assert [b.proto.disabled for b in at.get("download_button") if b.proto.label.startswith("Download figure")] == [True]


def test_analysis_tab_shows_charts_and_readable_tables():
    at = run({"layers": "engagement_ranges", "as_of": "2016-06-01"})  # Deveselu operational
    assert not at.get("vega_lite_chart")  # lazy: the tab is closed
    at.session_state["below"] = "Analysis"
    at.run()
    assert not at.exception, at.exception
    specs = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    titles = [spec.get("title") if isinstance(spec.get("title"), str) else (spec.get("title") or {}).get("text")
              for spec in specs]
    assert any("Statuses and events" in (t or "") for t in titles)
    assert any("range ring" in (t or "") for t in titles)
    assert any("proposed sector" in (t or "") for t in titles)
    timeline = next(chart for chart in at.get("vega_lite_chart") if "Statuses and events" in chart.proto.spec)
    assert set(timeline.proto.selection_mode) == {charts.PICK_STATUS, charts.PICK_EVENT}
    coverage = next(d.value for d in at.main.dataframe if "reaches_other_side" in d.value.columns)
    assert "site_id" not in coverage.columns and "Aegis Ashore Romania (Deveselu)" in set(coverage["site"])
    assert (coverage["share"] <= 100).all() and coverage["share"].max() > 1  # percent
    assert (coverage["covered_km2"] == coverage["covered_km2"].round(0)).all()
