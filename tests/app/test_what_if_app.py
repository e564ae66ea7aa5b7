"""The what-if panel through Streamlit's AppTest: URL in, rings on the map, analysis, warnings, clicks."""

import json

from apptest import features, map_args, run, url_param

KALININGRAD = "Kaliningrad@54.71,20.51,400"


def what_ifs(args) -> list[dict]:
    return [f["properties"] for f in features(args) if f["properties"]["layer"] == "what_if"]


def test_url_what_if_draws_a_hypothetical_ring_and_keeps_the_url():
    at = run({"what_if": KALININGRAD})
    args = map_args(at)
    drawn = what_ifs(args)
    assert {p["id"] for p in drawn} == {"what-if-1", "what-if-1-centre"}
    assert all("HYPOTHETICAL" in p["tip"] for p in drawn)
    assert args["returned_objects"] == []  # clicks do not come back unless placing or measuring
    assert url_param(at, "what_if") == KALININGRAD
    assert not at.warning


def test_bad_url_value_warns_as_plain_text_and_keeps_the_rest():
    at = run({"what_if": f"{KALININGRAD};Evil*[x](http://e.invalid)@91,20,400", "layers": "csto"})
    assert [p["id"] for p in what_ifs(map_args(at)) if not p["id"].endswith("centre")] == ["what-if-1"]
    assert "csto" in {f["properties"]["layer"] for f in features(map_args(at))}
    (warning,) = at.warning
    assert "latitude 91" in warning.value and "\\[x\\]\\(http" in warning.value  # shown literally, not a link
    assert url_param(at, "what_if") == KALININGRAD


def open_panel(at):
    """Open the folded panel (its widgets are sent only while it is open)."""
    assert not [w for w in at.text_input if w.key == "what_if_name"]
    at.session_state["what_if_open"] = True
    at.run()
    assert not at.exception, at.exception
    return at


def test_add_remove_and_analysis():
    at = open_panel(run())
    at.text_input(key="what_if_name").set_value("Test site")
    at.number_input(key="what_if_lat").set_value(52.23)
    at.number_input(key="what_if_lon").set_value(21.01)
    at.selectbox(key="what_if_figure").set_value("s400-400")
    at.run()
    at.button(key="what_if_add").click().run()
    assert url_param(at, "what_if") == "Test site@52.23,21.01,400,s400-400"
    assert {p["id"] for p in what_ifs(map_args(at))} == {"what-if-1", "what-if-1-centre"}
    at.session_state["below"] = "Analysis"
    at.run()
    summary = next(d.value for d in at.main.dataframe if "inputs" in d.value.columns)
    assert summary["inputs"].tolist() == ["Test site@52.23,21.01,400,s400-400"]
    assert summary["site_side"].tolist() == ["NATO"] and summary["reaches_other_side"].tolist() == [True]
    coverage = next(d.value for d in at.main.dataframe if "capability" in d.value.columns)
    assert set(coverage.loc[coverage["hypothetical"], "capability"]) == {"hypothetical"}
    at.text_input(key="what_if_text").set_value("Bad@1,2,0").run()
    assert any("radius 0" in w.value for w in at.warning)
    at.button(key="what_if_remove_0").click().run()
    assert what_ifs(map_args(at)) == [] and "what_if" not in at.query_params


def test_clicks_come_back_only_while_placing_or_measuring():
    at = open_panel(run())
    at.radio(key="what_if_mode").set_value("place").run()
    assert map_args(at)["returned_objects"] == ["last_clicked"]
    at.session_state["map"] = {"last_clicked": {"lat": 53.9, "lng": 27.56}}
    at.run()
    assert (at.number_input(key="what_if_lat").value, at.number_input(key="what_if_lon").value) == (53.9, 27.56)
    at.radio(key="what_if_mode").set_value("measure").run()
    at.session_state["map"] = {"last_clicked": {"lat": 53.901, "lng": 27.559}}
    at.run()
    at.session_state["map"] = {"last_clicked": {"lat": 52.23, "lng": 21.012}}
    at.run()
    text = " ".join(m.value for m in at.sidebar.markdown)
    assert "476.4 km" in text and "initial azimuth" in text
    line = [f for f in features(map_args(at)) if f["properties"]["id"] == "measure-line"]
    assert len(line) == 1 and json.dumps(line[0]).count("[") > 20
    at.radio(key="what_if_mode").set_value("off").run()
    assert map_args(at)["returned_objects"] == []


def test_folding_the_panel_turns_map_clicks_off():
    at = open_panel(run())
    at.radio(key="what_if_mode").set_value("place").run()
    assert map_args(at)["returned_objects"] == ["last_clicked"]
    at.session_state["what_if_open"] = False
    at.run()
    assert not [w for w in at.radio if w.key == "what_if_mode"]
    assert map_args(at)["returned_objects"] == []


def test_a_url_with_thousands_of_what_ifs_draws_at_most_the_limit_quickly():
    """Each run within AppTest's deadline (tests/apptest.py: 120 s, a stall fails): the items past the limit are
    not parsed, and a value over the length limit is not read at all."""
    from geo.what_if import MAX_SITES

    many = ";".join(f"S{i}@{40 + i % 30},{i % 40},300" for i in range(60_000))
    at = run({"what_if": many[:3990]})
    rings = [p for p in what_ifs(map_args(at)) if not p["id"].endswith("centre")]
    assert len(rings) == MAX_SITES and len(at.warning) == 1
    assert "over the limit of 20 hypothetical sites" in at.warning[0].value
    # 200 KB (AppTest URL-encodes it to 400 KB, under Streamlit's own 512 KiB query-string cap): refused unread
    at = run({"what_if": ";".join(["A@1,2,3"] * 25_000)})
    assert not what_ifs(map_args(at)) and "over the 4,000 limit" in at.warning[0].value
