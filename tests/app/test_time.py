"""Play, the story and Compare through AppTest: what reaches the map and the URL."""

import datetime as dt

from apptest import map_args, run, url_param
from apptest import shown_layers as shown

from geo.seeds import load_seeds
from layers.registry import LAYER_IDS


def test_story_7_sets_date_layers_view_and_caption():
    # steps 1-6: the 2007 US request and Gabala offer, Iskander 2008, air defence 2009, the 2009 cancellations
    at = run({"story": "7"})
    assert at.sidebar.slider(key="as_of").value == dt.date(2010, 2, 4)
    assert url_param(at, "story") == "7" and url_param(at, "as_of") == "2010-02-04"
    assert url_param(at, "layers") == "romania_interceptor,nato,events"
    assert [at.sidebar.checkbox(key=f"layer_{i}").value for i in LAYER_IDS] == [
        i in ("romania_interceptor", "nato", "events") for i in LAYER_IDS]
    args = map_args(at)
    assert (args["center"], args["zoom"]) == ([45.5, 25.0], 5)
    assert "event-2010-02-04-romania-host" in shown(args)["events"]
    assert f"step 7 of {len(load_seeds().story)}" in " ".join(m.value for m in at.markdown)  # of every step
    at.button(key="story_next").click().run()
    assert url_param(at, "story") == "8" and at.sidebar.slider(key="as_of").value == dt.date(2010, 11, 20)
    assert "european_sectors" in shown(map_args(at))
    at.button(key="story_prev").click().run()
    at.button(key="story_prev").click().run()
    assert url_param(at, "story") == "6" and url_param(at, "as_of") == "2009-09-25"


def test_bad_story_warns():
    at = run({"story": "99"})
    assert any("story step" in w.value for w in at.warning)
    assert "story" not in at.query_params


def test_compare_draws_and_lists_changes():
    at = run({"compare": "2013-10-01", "layers": "s300_belarus,romania_interceptor"})
    assert url_param(at, "compare") == "2013-10-01"
    changes = shown(map_args(at))["changes"]
    assert changes == {"s300-2013-announced-change", "deveselu-change"}
    table = next(d.value for d in at.dataframe if "change" in d.value.columns)
    row = table.set_index("name").loc["Four S-300 complexes announced for Belarus"]
    assert (row["change"], row["status_after"]) == ("added", "announced")
    assert row["sources"].startswith("Global Security Newswire, 31 Oct 2013; ")
    assert "id" not in table.columns and list(table["layer"].unique()) != ["s300_belarus"]
    at.sidebar.checkbox(key="compare_on").uncheck().run()
    assert "compare" not in at.query_params and "changes" not in shown(map_args(at))


def test_play_steps_to_the_next_date_and_stops_at_the_end():
    at = run({"as_of": "2013-10-28"})
    at.sidebar.button(key="play").click().run()
    assert at.session_state["playing"]
    at.session_state["play_tick"] = float("inf")  # no tick of its own: the test steps
    at.session_state["_play_next"] = dt.date(2013, 10, 29)  # what a tick asks for
    at.run()
    assert url_param(at, "as_of") == "2013-10-29"
    at.session_state["_play_next"] = dt.date(2013, 10, 31)
    at.run()
    assert url_param(at, "as_of") == "2013-10-31" and at.session_state["playing"]  # events go on to 2024
    at.session_state["_play_next"] = dt.date(2024, 11, 13)
    at.run()
    assert url_param(at, "as_of") == "2024-11-13" and not at.session_state["playing"]  # the last event: stopped


def test_hostile_story_values_warn_in_one_short_line_and_the_page_draws():
    for value in ("²", "9" * 5000, "3" * 100_000):
        at = run({"story": value})
        assert len(at.warning) == 1 and len(at.warning[0].value) < 200
        assert "story" not in at.query_params and map_args(at)["feature_group"]


def test_closing_the_story_brings_back_the_view_it_left():
    at = run({"layers": "csto,nato", "as_of": "2012-05-20"})
    at.sidebar.button(key="story_start").click().run()
    assert url_param(at, "story") == "1" and url_param(at, "layers") != "csto,nato"
    at.button(key="story_next").click().run()
    at.button(key="story_close").click().run()
    assert "story" not in at.query_params
    assert (url_param(at, "layers"), url_param(at, "as_of")) == ("csto,nato", "2012-05-20")
