"""A new session's first run sends the page up to the map and stops; the map's report that it
drew (or the "Show the controls" button) starts the run that adds the controls."""

from apptest import APP, map_args, shown_layers
from streamlit.testing.v1 import AppTest

from layers.registry import DEFAULT_LAYERS
from shieldmap.ui import map_frame


def first_run(query=None):
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_first_run_has_the_map_and_the_url_state_but_no_controls():
    at = first_run({"layers": "csto,nato", "as_of": "2012-06-01"})
    assert set(shown_layers(map_args(at))) == {"csto", "nato"}
    assert at.session_state["controls_shown"] is False
    assert not at.slider and not at.checkbox and not at.tabs  # no widget but the button
    assert [b.key for b in at.button] == ["show_controls"]
    assert 'type: "streamlit:setComponentValue"' in map_args(at)["feature_group"]
    assert at.query_params["as_of"] in ("2012-06-01", ["2012-06-01"])


def test_the_maps_report_adds_the_controls_and_keeps_the_map():
    at = first_run()
    before = map_args(at)
    at.session_state["map"] = {map_frame.DRAWN: True}  # what the map's value sets (map_frame.show's on_change)
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["controls_shown"] is True
    assert at.slider(key="as_of").value.isoformat() == "2013-10-31"
    assert {c.key for c in at.checkbox} >= {f"layer_{i}" for i in DEFAULT_LAYERS}
    assert map_args(at) == before  # the same map: a browser keeps it, and is sent a reference to it
    assert len(at.tabs) == 3
    # and the controls stay, whatever the map's value is later (a click, say)
    at.session_state["map"] = {"last_clicked": None}
    at.run()
    assert at.slider(key="as_of") and not [b for b in at.button if b.key == "show_controls"]


def test_broken_report_value_is_not_taken_for_drawn():
    assert not map_frame.drawn(None) and not map_frame.drawn({map_frame.DRAWN: "yes"}) and not map_frame.drawn([True])
    assert map_frame.drawn({map_frame.DRAWN: True})
