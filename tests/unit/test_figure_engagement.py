"""Issue 22 in the publication figure and the layer exports: ``--path FROM>TO`` draws the ground track with
its minute ticks, each interceptor site's reach by verdict and the radar horizons, names them in the legend
and states the model in the notes; ``shieldmap export --path`` adds the layer ``engagement`` with the
properties and numbers of ``shieldmap engage``."""

import json
import shlex
import xml.etree.ElementTree as ET

import matplotlib.colors
import numpy as np
import pandas as pd
import pyogrio
import pytest
from matplotlib.collections import PathCollection
from pyproj import Transformer

from geo.engagement_seeds import load_engagement
from layers.registry import DEFAULT_AS_OF, build_layers
from layers.style import ENGAGEMENT_STYLES, engagement_style
from shieldmap import engagement, figure, figure_engagement
from shieldmap.cli.main import main
from shieldmap.cli.args import Parser, engagement_parent, view_parent
from shieldmap.view import View, from_args, from_query

LAYERS = ("romania_interceptor", "epaa", "russian_sites")
TEHRAN, WASHINGTON = (51.389, 35.689), (-77.037, 38.907)
TO_MAP = Transformer.from_crs("EPSG:4326", figure.CRS, always_xy=True)


@pytest.fixture(scope="module")
def drawn(seeds):
    view = View(as_of=DEFAULT_AS_OF, layers=LAYERS, path="tehran>washington")
    overlays, bbox = figure_engagement.for_view(seeds, view)
    fig = figure.draw(build_layers(seeds, list(LAYERS), DEFAULT_AS_OF), seeds, DEFAULT_AS_OF, bbox=bbox,
                      overlays=overlays)
    fig.canvas.draw()
    return fig, bbox


def test_the_track_is_drawn_from_the_launch_point_to_the_target(drawn):
    fig, bbox = drawn
    assert bbox[0] <= WASHINGTON[0] - 4 and bbox[2] >= TEHRAN[0]  # the default extent grew to hold the track
    ax = fig.axes[0]
    start, end = np.array(TO_MAP.transform(*TEHRAN)), np.array(TO_MAP.transform(*WASHINGTON))
    (track,) = [c for c in ax.collections if c.get_gid() == "engagement-track-1"]
    (line,) = track.get_segments()
    ends = sorted([line[0], line[-1]], key=lambda xy: xy[0])  # (clipping may reverse the line)
    assert len(line) > 100 and np.allclose(ends, [end, start], atol=1000)  # Washington lies west of Tehran
    assert matplotlib.colors.to_hex(track.get_color()[0]) == ENGAGEMENT_STYLES["path"]["color"]


def test_a_tick_every_minute_and_reach_coloured_by_verdict(drawn, seeds):
    fig, _ = drawn
    ax = fig.axes[0]
    path = engagement.engagement(load_engagement(seeds=seeds), View(path="tehran>washington"))[0]
    ticks = path.ticks()
    assert len(ticks) == 34  # 0..32 min and the impact at 32.6 min
    expected = np.array([TO_MAP.transform(t["lon"], t["lat"]) for t in ticks])
    (drawn_ticks,) = [c for c in ax.collections if c.get_gid() == "engagement-ticks-1"]
    assert isinstance(drawn_ticks, PathCollection) and np.allclose(drawn_ticks.get_offsets(), expected, atol=1000)
    edges = {matplotlib.colors.to_hex(c.get_edgecolor()[0]) for c in ax.collections if len(c.get_edgecolor())}
    assert ENGAGEMENT_STYLES["horizon"]["color"].lower() in edges
    # the reach rings (over the horizons, under the track) in the web map's outline colour of their verdict
    rings = {matplotlib.colors.to_hex(c.get_edgecolor()[0]) for c in ax.collections if c.get_zorder() == 4.5}
    # at 31 Oct 2013 no Aegis Ashore site stands: the screened sites (the Mediterranean ships) have no window
    assert rings == {engagement_style("reach", "no")["color"].lower()}


def test_legend_and_notes_name_the_path_and_the_model(drawn):
    fig, _ = drawn
    texts = [t.get_text() for t in fig.texts] + [t.get_text() for ax in fig.axes for legend in ax.findobj(
        lambda o: o.__class__.__name__ == "Legend") for t in legend.get_texts()]
    joined = "\n".join(texts)
    assert "1: Tehran → Washington, D.C.\n10,198 km, 32.6 min, apogee 1,319 km\n(minimum-energy)" in joined
    assert "a tick every minute of flight" in joined and "interceptor's reach: no" in joined
    assert "radar horizon, target at 100 km" in joined
    notes = " ".join(t.get_text() for t in fig.texts)
    assert "minimum-energy trajectories over a spherical non-rotating Earth" in notes
    assert ("Timeline: the threat boosts for 180 s; the interceptor may launch 60 s after its burnout at the earliest."
            in notes)
    assert "Aegis Ashore Romania (Deveselu) (SM-3 Block IB, 3 km/s, stated): not in place at the date" in notes
    assert "the fastest Kepler arc" in notes
    assert "Sources of the engagement's places and figures:" in notes  # Kürecik's range claim, read off the NRC map
    assert "Mostly Missile Defense (George Lewis and Theodore Postol), 2012-09-21" in notes


def test_cli_figure_with_two_paths_and_its_svg_text(tmp_path, capsys):
    out = tmp_path / "paths.svg"
    assert main(["figure", "--path", "tehran>washington", "--path", "kozelsk>new-york", "--layers", ",".join(LAYERS),
                 "--target-altitude", "300", "--out", str(out)]) == 0
    text = " ".join(" ".join(e.itertext()) for e in ET.fromstring(out.read_bytes()).iter())
    assert "2: Kozelsk (silo-based ICBM" in text and "7,564 km, 27.0 min" in text
    assert "radar horizon, target at 300 km" in text and "Path 2, Kozelsk" in text
    again = tmp_path / "again.svg"
    assert main(["figure", "--path", "tehran>washington", "--path", "kozelsk>new-york", "--layers", ",".join(LAYERS),
                 "--target-altitude", "300", "--out", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()  # the same arguments, the same bytes


@pytest.mark.parametrize("args, message", [
    (["--path", "tehran"], "bad path 'tehran'"),
    (["--path", "atlantis>washington"], "bad point 'atlantis'"),
    (["--path", "a>b"] * 4, "--path: at most 3"),
    (["--path", "tehran>washington", "--interceptor", "SM-9"], "unknown interceptor 'SM-9'"),
    (["--path", "tehran>washington", "--target-altitude", "0"], "is outside (0, 2000]"),
])
def test_bad_paths_are_one_line_and_exit_2(tmp_path, capsys, args, message):
    try:
        code = main(["figure", *args, "--out", str(tmp_path / "x.png")])
    except SystemExit as exit_:
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.png").exists()


def test_the_view_carries_the_paths_through_the_url_and_the_command_line():
    span = (DEFAULT_AS_OF.replace(year=2000), DEFAULT_AS_OF)
    view, warnings = from_query({"path": "tehran>washington;kozelsk>new-york", "interceptor": "SM-3 Block IIB",
                                 "target_altitude": "250"}, span)
    assert not warnings and view.paths == ("tehran>washington", "kozelsk>new-york")
    assert view.to_query()["path"] == "tehran>washington;kozelsk>new-york"
    args = view.cli_args("figure")
    assert args[args.index("--layers") + 4:] == ["--path", "tehran>washington", "--path", "kozelsk>new-york",
                                                "--interceptor", "SM-3 Block IIB", "--target-altitude", "250"]
    parser = Parser(parents=[view_parent(layers="x"), engagement_parent()])
    again = from_args(parser.parse_args(args))
    assert (again.path, again.interceptor, again.target_altitude_km) == (view.path, view.interceptor, 250.0)
    _, warnings = from_query({"path": ";".join(["a>b"] * 4)}, span)
    assert warnings and "at most 3" in warnings[0]


def _features(path) -> list[dict]:
    return json.loads(path.read_text())["features"]


def test_export_with_a_path_has_the_engage_features_and_numbers(tmp_path):
    engaged_json, engaged_csv, out = tmp_path / "engage.geojson", tmp_path / "engage.csv", tmp_path / "layers.geojson"
    assert main(["engage", "--from", "tehran", "--to", "washington", "--out", str(engaged_json)]) == 0
    assert main(["engage", "--from", "tehran", "--to", "washington", "--out", str(engaged_csv)]) == 0
    assert main(["export", "--layers", "epaa", "--path", "tehran>washington", "--out", str(out)]) == 0
    exported = [f for f in _features(out) if f["properties"]["layer"] == "engagement"]
    engaged = _features(engaged_json)
    assert [f["properties"]["kind"] for f in exported] == [f["properties"]["kind"] for f in engaged]
    for mine, theirs in zip(exported, engaged):
        assert mine["geometry"]["type"] == theirs["geometry"]["type"]
        props = mine["properties"]
        for key, value in theirs["properties"].items():
            key = "site_layer" if key == "layer" else key
            assert props[key] == (pytest.approx(value, rel=1e-9) if isinstance(value, float) else value), key
    path = exported[0]["properties"]
    assert path["kind"] == "path" and path["range_km"] == pytest.approx(10_198, abs=1)
    assert exported[0]["geometry"]["coordinates"][0][0] == pytest.approx(list(TEHRAN), abs=1e-6)
    table = pd.read_csv(engaged_csv).set_index("site")
    sites = {f["properties"]["site"]: f["properties"] for f in exported if f["properties"]["kind"] == "site"}
    assert set(sites) == set(table.index)
    for site, row in table.iterrows():
        assert sites[site]["closest_km"] == pytest.approx(row["closest_km"], rel=1e-5)
        assert sites[site].get("verdict") == (row["verdict"] if isinstance(row["verdict"], str) else None)
    assert sites["deveselu"]["verdict"] is None and sites["deveselu"]["closest_km"] == pytest.approx(911, abs=2)
    assert sites["deveselu"]["why"].startswith("not in place at the date")  # 2013: not screened
    ticks = [f for f in exported if f["properties"]["kind"] == "tick"]
    assert len(ticks) == 34 and ticks[5]["properties"]["name"] == "tehran to washington: 5 min"


def test_export_gpkg_has_an_engagement_table_and_html_draws_the_paths(tmp_path):
    out = tmp_path / "layers.gpkg"
    assert main(["export", "--layers", "epaa", "--path", "semnan>berlin", "--out", str(out)]) == 0
    assert [name for name, _ in pyogrio.list_layers(out)] == ["epaa", "engagement"]
    frame = pyogrio.read_dataframe(out, layer="engagement")
    assert frame.loc[frame["kind"] == "path", "target"].tolist() == ["berlin"]
    page = tmp_path / "map.html"
    assert main(["export", "--layers", "epaa", "--path", "tehran>washington", "--path", "<b>x", "--out", str(page)]) == 2
    assert main(["export", "--layers", "epaa", "--path", "tehran>washington", "--out", str(page)]) == 0
    text = page.read_text()
    assert "Tehran to Washington, D.C.: 10,198 km, 32.6 min, apogee 1,319 km (minimum-energy)" in text
    assert "32 min after launch" in text and "Aegis Ashore Romania (Deveselu): meets a threat" not in text  # not built


def test_the_app_figure_is_the_cli_figure(seeds, tmp_path):
    """What the app's Download figure draws for a view with a path (cache.figure_png: for_view, then
    figure_bytes) is the CLI's figure of the same command."""
    from shieldmap import exports

    view = View(as_of=DEFAULT_AS_OF, layers=("romania_interceptor",), path="tehran>washington")
    overlays, bbox = figure_engagement.for_view(seeds, view)
    app_bytes = exports.figure_bytes(build_layers(seeds, list(view.layers), view.as_of), seeds, view.as_of,
                                     bbox=bbox, overlays=overlays)
    out = tmp_path / "cli.png"
    assert main(shlex.split(view.command("figure", str(out)))[1:]) == 0
    assert out.read_bytes() == app_bytes


def test_cite_carries_the_paths(capsys):
    assert main(["cite", "--path", "tehran>washington", "--interceptor", "SM-3 Block IIB", "--as-of", "2012-06-03",
                 "--url", "https://example.org/"]) == 0
    text = capsys.readouterr().out
    assert "path=tehran%3Ewashington" in text and "interceptor=SM-3+Block+IIB" in text
    assert "--path 'tehran>washington' --interceptor 'SM-3 Block IIB'" in text


def test_the_notes_give_the_timeline_the_window_and_the_speed_needed(seeds):
    import datetime as dt

    from shieldmap import i18n
    from shieldmap.view import LayerOptions

    view = View(as_of=dt.date(2009, 1, 1), layers=("nato_sites",), options=LayerOptions(planned=True),
                path="kozelsk>new-york", delay_s=180)
    (overlay,), _ = figure_engagement.for_view(seeds, view)
    notes = " ".join(overlay.notes())
    row = engagement.engagement(load_engagement(seeds=seeds), view.replace(path=view.paths[0]))[1].set_index(
        "site").loc["redzikowo-gbi"]
    assert "Timeline: the threat boosts for 180 s; the interceptor may launch 180 s after its burnout at the earliest." \
        in notes
    assert (f"Planned US ground-based interceptor site (Redzikowo) (GBI, 5.4 km/s, Missile Defense Agency slides, as "
            f"described by Postol): too late by {-row['window_s']:,.0f} s") in notes
    assert f"speed needed: {row['needed_kms']:.2f} km/s" in notes and 6.3 < row["needed_kms"] < 7.7
    with i18n.language("ru"):
        russian = " ".join(overlay.notes())
    assert "слайды Агентства по противоракетной обороне США в изложении Постола" in russian
    assert f"нужная скорость: {row['needed_kms']:.2f}".replace(".", ",") in russian
