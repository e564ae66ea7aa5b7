"""Issue 24.3 in AppTest: ``?embed=1`` (which Streamlit keeps out of ``st.query_params``) gives the map alone
under one line; ``?embed=0`` or none, the full page with the "Embed this view" box."""

from streamlit.testing.v1 import AppTest

from apptest import APP, map_args, run
from shieldmap import embed
from shieldmap.view import View


def _embedded(query):
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_embed_1_is_the_map_alone_under_one_line():
    at = _embedded({"layers": "csto", "as_of": "2012-05-20", "embed": "1"})
    head = [m.value for m in at.markdown if "shieldmap-embed-head" in m.value]
    assert len(head) == 1 and "20 May 2012" in head[0]
    assert 'href="?layers=csto&amp;as_of=2012-05-20&amp;basemap=offline"' in head[0]
    assert len(at.title) == 0 and len(at.sidebar.children) == 0
    assert map_args(at)["height"] == embed.MAP_HEIGHT
    at.run()  # a second run (the map's report that it drew starts one): still embedded, nothing added
    assert not at.exception and len(at.title) == 0 and len(at.sidebar.children) == 0 and len(at.expander) == 0


def test_without_embed_the_page_has_the_embed_box(monkeypatch):
    monkeypatch.setenv("SHIELDMAP_BASE_URL", "https://maps.example.org/shieldmap/")  # AppTest has no page address
    at = run({"layers": "csto", "embed": "0"})
    assert len(at.title) == 1
    (box,) = [e for e in at.expander if e.label == "Embed this view"]
    assert not box.code  # folded, it sends nothing
    at.session_state["embed_open"] = True
    at.run()
    code = [c.value for c in at.code if c.value.startswith("<iframe ")]
    assert code == [embed.snippet(View(layers=("csto",)), "https://maps.example.org/shieldmap/")]


def test_a_story_step_embedded_is_its_map_alone():
    at = _embedded({"story": "3", "embed": "1"})
    assert len(at.button) == 0 and len(at.sidebar.children) == 0 and len(at.title) == 0
    head = [m.value for m in at.markdown if "shieldmap-embed-head" in m.value]
    assert len(head) == 1 and "story=3" in head[0]  # the full view's link keeps the step
    assert map_args(at)["zoom"] is not None  # the step's view
