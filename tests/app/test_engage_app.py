"""The Engagement panel through AppTest: the URL's path draws the track, its ticks and the rings, the
table under the map has the verdicts of shieldmap engage, the widgets draw and clear a path."""

from apptest import features, map_args, run, url_param


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
    assert deveselu["verdict"] == "no" and abs(deveselu["closest_km"] - 911) < 5
    assert url_param(at, "path") == "tehran>washington"
    assert any("shieldmap engage --from tehran --to washington" in c.value for c in at.caption)


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
