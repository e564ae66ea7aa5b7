"""The Engagement panel through AppTest: the URL's path draws the track, its ticks and the rings, the
table under the map has the verdicts of shieldmap engage, the widgets draw and clear a path."""

import json

import pandas as pd
import pyarrow as pa

from apptest import STATIC, features, map_args, run, url_param


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def engagement_features(args) -> list[dict]:
    return [f for f in features(args) if f["properties"].get("layer") == "engagement"]


def test_the_url_path_draws_track_ticks_and_rings_and_the_table():
    at = run({"path": "tehran>washington", "target_altitude": "100"})
    drawn = engagement_features(map_args(at))
    kinds = [f["properties"]["id"] for f in drawn]
    assert kinds.count("engage-path") == 1 and kinds.count("engage-tick") >= 30  # a tick a minute, 32.6 min
    assert "engage-reach" in kinds and "engage-horizon" in kinds
    track = next(f for f in drawn if f["properties"]["id"] == "engage-path")
    assert "10,198 km" in track["properties"]["tip"] and "32.6 min" in track["properties"]["tip"]
    table = next(d.value for d in at.dataframe if "verdict" in d.value.columns).set_index("site_name")
    deveselu = table.loc["Aegis Ashore Romania (Deveselu)"]
    # 2013: Deveselu is not built; the row says so, blank where there is nothing to say (never "None")
    assert (deveselu["verdict"], deveselu["status"], deveselu["window_s"]) == ("", "under construction", "")
    assert deveselu["closest_km"] == "911"  # numbers as text in the reader's notation
    assert deveselu["why"] == "not in place at the date (under construction)" and deveselu["claimed_by"] == "stated"
    assert url_param(at, "path") == "tehran>washington"
    assert any("shieldmap engage --from tehran --to washington" in c.value for c in at.caption)


def test_the_window_the_needed_speed_and_its_chart_follow_the_url():
    at = run({"path": "tehran>washington", "as_of": "2024-08-01", "boost": "0", "delay": "0", "burnout": "5.5",
              "sites": "North Sea@56.5,3"})
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "window_s" in d.value.columns).set_index("site_name")
    assert abs(_number(table.loc["Aegis Ashore Poland (Redzikowo)", "window_s"]) - 400) < 12  # the figure
    assert abs(_number(table.loc["North Sea", "latest_launch_s"]) - 583) < 17.5 and table.loc["North Sea", "verdict"] == "yes"
    assert table.loc["Aegis Ashore Poland (Redzikowo)", "interceptor"] == ""  # a hypothetical speed, no interceptor
    (chart,) = at.get("vega_lite_chart")
    assert json.loads(chart.proto.spec)["title"]["text"] == "Burnout speed needed to open the window"
    rows = pd.concat([pa.ipc.open_stream(d.data.data).read_pandas() for d in chart.proto.datasets])
    bars = rows[rows["kind"] == "needed"].set_index("site")["speed"]
    assert f"{bars['North Sea']:.2f}" == table.loc["North Sea", "needed_kms"] and 4.5 < bars["North Sea"] < 5.5
    claims = rows[rows["kind"] == "claim"].set_index("site")
    assert claims.loc["Aegis Ashore Poland (Redzikowo)", "claimed_by"] == "SM-3 Block IIA: stated value, no source"
    assert claims.loc["Aegis Ashore Romania (Deveselu)", "clears"] == "too slow"  # 3 km/s against 4.57 needed
    for url_key, value in (("boost", "0"), ("delay", "0"), ("burnout", "5.5"), ("sites", "North Sea@56.5,3")):
        assert url_param(at, url_key) == value


def test_a_bad_point_warns_and_draws_nothing():
    at = run({"path": "nowhere>washington"})
    assert not engagement_features(map_args(at))
    assert any("nowhere" in w.value for w in at.warning)


def test_the_panel_draws_and_clears_a_path():
    at = run()
    at.session_state["engage_open"] = True
    at.run()
    at.selectbox(key="engage_from").set_value("semnan")
    at.selectbox(key="engage_to").set_value("berlin")
    at.button(key="engage_draw").click().run()
    assert not at.exception, at.exception
    assert url_param(at, "path") == "semnan>berlin" and engagement_features(map_args(at))
    at.button(key="engage_clear").click().run()
    assert "path" not in at.query_params and not engagement_features(map_args(at))


def test_an_unknown_interceptor_in_the_url_warns_and_the_panel_still_opens():
    at = run({"path": "tehran>washington", "interceptor": "<b>Nope</b>"})
    assert not engagement_features(map_args(at))
    assert any("unknown interceptor" in w.value for w in at.warning)
    at.session_state["engage_open"] = True
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="engage_interceptor").value == "<b>Nope</b>"  # shown as text, not HTML


def test_two_paths_in_the_url_draw_two_tracks_and_two_tables():
    at = run({"path": "tehran>washington;kozelsk>new-york"})
    kinds = [f["properties"]["id"] for f in engagement_features(map_args(at))]
    assert kinds.count("engage-path") == 2
    tables = [d.value for d in at.dataframe if "verdict" in d.value.columns]
    assert len(tables) == 2
    assert any("shieldmap engage --from kozelsk --to new-york" in c.value for c in at.caption)


def test_the_downloads_and_the_figure_carry_the_path():
    at = run({"path": "tehran>washington", "layers": "epaa", "as_of": "2012-05-20"})
    (figure,) = [b for b in at.get("download_button") if b.proto.label == "Download figure (PNG)"]
    assert "shieldmap figure --layers epaa --as-of 2012-05-20 --path 'tehran>washington' --out FILE.png" in figure.proto.help
    assert any("shieldmap export --layers epaa --as-of 2012-05-20 --path 'tehran>washington' --out FILE" in c.value
               for c in at.caption)


def test_the_app_exports_are_the_cli_exports_with_the_path(tmp_path):
    """The frames the app's downloads write (map_content: the shown layers and engage_panel.exported, computed
    at the date's change day) give the bytes of `shieldmap export ... --path` at the date itself."""
    import datetime as dt

    from geo import export
    from geo.seeds import seeds_digest
    from shieldmap.cli.main import main
    from shieldmap.ui import cache, engage_panel
    from shieldmap.view import View

    digest, day = seeds_digest(), dt.date(2012, 6, 3)
    assert cache.layer_date(digest, day) != day  # the app computes at the change day
    view = View(as_of=day, layers=("epaa",), path="tehran>washington;semnan>berlin")
    built = cache.layers(STATIC, digest, cache.layer_date(digest, day), view.options)["built"]
    frames = {"epaa": built["epaa"], **engage_panel.exported(view, digest)}
    out = tmp_path / "cli.geojson"
    assert main(["export", "--layers", "epaa", "--as-of", "2012-06-03", "--path", "tehran>washington",
                 "--path", "semnan>berlin", "--out", str(out)]) == 0
    assert export.export_bytes(frames, "geojson") == out.read_bytes()


def test_the_app_figure_with_a_path_is_the_cli_figure(tmp_path):
    """Download figure (renders.figure_png) of a view with a path: the bytes of its command line."""
    import datetime as dt
    import shlex

    from geo.seeds import seeds_digest
    from shieldmap.cli.main import main
    from shieldmap.ui import renders
    from shieldmap.view import View

    view = View(as_of=dt.date(2013, 10, 31), layers=("romania_interceptor",), path="semnan>berlin")
    data = renders.figure_png(seeds_digest(), view)
    out = tmp_path / "cli.png"
    assert main(shlex.split(view.command("figure", str(out)))[1:]) == 0
    assert out.read_bytes() == data and len(data) > 100_000
    bad = view.replace(path="atlantis>berlin")  # the panel warns of it; the figure is drawn without it
    assert renders.figure_png(seeds_digest(), bad)[:8] == b"\x89PNG\r\n\x1a\n"


def test_in_russian_the_table_and_its_heading_name_the_sites_and_places_in_russian():
    at = run({"path": "tehran>washington", "lang": "ru", "as_of": "2024-08-01"})
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "verdict" in d.value.columns)
    names = list(table["site_name"])
    assert "Aegis Ashore в Румынии (Девеселу)" in names and "Aegis Ashore Romania (Deveselu)" not in names
    deveselu = table.set_index("site_name").loc["Aegis Ashore в Румынии (Девеселу)"]
    assert deveselu["verdict"] == "нет" and deveselu["why"].startswith("вне досягаемости: при 3 км/с")
    assert "site_name_ru" not in table.columns  # shown in place of the name; the data keeps both columns
    assert any(m.value.startswith("Тегеран → Вашингтон\\: 10") for m in at.markdown)  # literal Markdown: an escaped colon


def test_the_panels_number_inputs_take_the_declared_bounds():
    """The panel's target altitude, boost, delay and speed end where the URL and every command end
    (shieldmap/view_fields.py), the altitude at 2,000 km."""
    from shieldmap.ui import session
    from shieldmap.view_fields import declared

    at = run({"path": "tehran>washington"})
    inputs = {box.key: box for box in at.number_input}
    assert inputs[session.ENGAGE_ALTITUDE].max == declared("target_altitude_km").limits.high == 2000
    for name in ("boost_s", "delay_s", "burnout_kms"):
        assert inputs[declared(name).state].max == declared(name).limits.high, name
    assert (inputs[session.ENGAGE_TIMELINE["boost_s"]].max, inputs[session.ENGAGE_TIMELINE["burnout_kms"]].max) == (3600, 11)
