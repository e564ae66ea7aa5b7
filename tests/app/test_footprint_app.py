"""The footprint in the app through AppTest: ?footprint= draws each site's polygons by level with its key,
the URL keeps it, a second identical footprint is served from the cache, the panel's button draws it."""

import time

from apptest import features, map_args, run, url_param


def footprint_features(args) -> list[dict]:
    return [f for f in features(args) if f["properties"].get("layer") == "footprint"]


def test_the_url_footprint_draws_polygons_per_site_and_level_and_is_cached():
    query = {"footprint": "tehran", "burnout": "5.5", "planned": "1", "sites": "North Sea@56.5,3"}
    at = run(query)
    assert not at.exception, at.exception
    drawn = footprint_features(map_args(at))
    ids = {f["properties"]["id"] for f in drawn}
    assert {"footprint-redzikowo-0", "footprint-deveselu-0", "footprint-North Sea-0"} <= ids
    assert "footprint-redzikowo-120" in ids
    tips = {f["properties"]["tip"] for f in drawn}
    assert "North Sea: a hypothetical interceptor, 5.5 km/s; window ≥ 60 s" in tips
    assert url_param(at, "footprint") == "tehran" and url_param(at, "burnout") == "5.5"
    begin = time.perf_counter()
    again = run(query)  # another session, the same parameters: the cached footprint
    assert footprint_features(map_args(again)) == drawn
    assert time.perf_counter() - begin < 30  # (the whole rerun; the footprint itself is a cache lookup)


def test_a_bad_footprint_point_warns_and_draws_nothing():
    at = run({"footprint": "nowhere"})
    assert not footprint_features(map_args(at))
    assert any("bad point 'nowhere'" in w.value for w in at.warning)


def test_the_button_draws_the_footprint_of_the_launch_point():
    at = run({"planned": "1"})
    at.session_state["engage_open"] = True
    at.run()
    at.selectbox(key="engage_from").set_value("semnan")
    at.button(key="engage_footprint").click().run()
    assert not at.exception, at.exception
    assert url_param(at, "footprint") == "semnan"
    assert footprint_features(map_args(at))
    at.button(key="engage_clear").click().run()
    assert "footprint" not in at.query_params and not footprint_features(map_args(at))


def test_a_second_visitors_identical_footprint_is_a_cache_lookup():
    import datetime as dt
    from pathlib import Path

    from geo.seeds import seeds_digest
    from shieldmap.ui import footprint_panel
    from shieldmap.view import LayerOptions, View

    digest = seeds_digest(Path(__file__).resolve().parents[2] / "seeds")
    key = View(as_of=dt.date(2013, 10, 31), options=LayerOptions(planned=True), footprint="semnan", burnout_kms=5.0)
    first = footprint_panel.computed(digest, key)
    begin = time.perf_counter()
    assert footprint_panel.computed(digest, key) == first
    assert time.perf_counter() - begin < 0.05
