"""Issue 24 in the app: "Download animation (GIF)" next to the figure (deferred, cached per view, under
the figure's semaphore; the same bytes as its command line) and the "Cite this view" box."""

import datetime as dt
import json
import shlex

import pytest

from apptest import run
from geo.seeds import load_seeds, seeds_digest
from shieldmap import citation
from shieldmap.cli.main import main
from shieldmap.ui import renders, share
from shieldmap.view import LayerOptions, View

DIGEST = seeds_digest()
LATE = View(as_of=dt.date(2013, 10, 31), layers=("csto", "s300_belarus"), compare=dt.date(2013, 10, 29))


def _button(at, label):
    (button,) = [b for b in at.get("download_button") if b.proto.label == label]
    return button


def test_the_animation_button_is_next_to_the_figure_with_its_command():
    at = run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.index("Download animation (GIF)") == labels.index("Download figure (PNG)") + 1
    button = _button(at, "Download animation (GIF)")
    assert not button.proto.disabled and "frames, the shown layers at each event date from" in button.proto.help
    first = min(load_seeds().events["date"]).isoformat()  # no Compare date: from the first event
    assert f"shieldmap animate --from {first} --to 2013-10-31 --layers " \
           "s300_belarus,romania_interceptor,csto,european_sectors --out FILE.gif" in button.proto.help


def test_the_story_animates_the_story():
    at = run({"story": "3"})
    assert "shieldmap animate --story --out FILE.gif" in _button(at, "Download animation (GIF)").proto.help


def test_the_animation_is_drawn_once_per_view_and_is_the_commands_bytes(tmp_path, monkeypatch):
    renders.ANIMATIONS.clear()
    key = share.animated_view(LATE.replace(basemap="osm"))
    assert key == share.animated_view(LATE)  # the basemap does not change the animation
    first = renders.animation_gif(DIGEST, key)
    monkeypatch.setattr(renders, "DRAWING_WAIT_S", 0.2)
    assert renders.DRAWING.acquire(timeout=60)  # the drawing slot taken: a drawing would be refused
    try:
        assert renders.animation_gif(DIGEST, share.animated_view(LATE)) == first  # kept, not drawn again
    finally:
        renders.DRAWING.release()
    out = tmp_path / "late.gif"
    assert main(["animate", "--from", "2013-10-29", "--to", "2013-10-31", "--layers", "csto,s300_belarus",
                 "--out", str(out)]) == 0
    assert out.read_bytes() == first


def test_the_animation_waits_for_the_figure_semaphore(monkeypatch):
    renders.ANIMATIONS.clear()
    monkeypatch.setattr(renders, "DRAWING_WAIT_S", 0.2)
    assert renders.DRAWING.acquire(timeout=60)  # a figure is being drawn
    try:
        with pytest.raises(renders.Busy, match="figures were being drawn"):
            renders.animation_gif(DIGEST, share.animated_view(LATE.replace(as_of=dt.date(2013, 10, 30))))
    finally:
        renders.DRAWING.release()


def test_cite_this_view_box_gives_the_four_formats():
    at = run({"layers": "csto,nato", "as_of": "2012-05-20", "sectors": "wedges"})
    (box,) = [e for e in at.get("expander") if e.label == "Cite this view"]
    assert not box.code  # folded, it sends nothing
    at.session_state["cite_open"] = True
    at.run()
    (box,) = [e for e in at.get("expander") if e.label == "Cite this view"]
    texts = [c.value for c in box.code]
    assert len(texts) == 4 and [c.value for c in box.caption][:4] == ["APA", "BibTeX", "RIS", "CSL-JSON"]
    view = View(as_of=dt.date(2012, 5, 20), layers=("csto", "nato"), options=LayerOptions(sectors="wedges"))
    url = citation.view_url(view, citation.base_url())
    for text in texts:
        assert DIGEST in text and "2012-05-20" in text and url in text
    (item,) = json.loads(texts[3])
    assert item["type"] == "map" and item["URL"] == url
    options = shlex.split(item["note"].split("options: ")[1])
    assert options[:2] == ["shieldmap", "cite"] and "--sectors" in options
