"""Issue 26: the figure of a view is drawn once, however often its download is requested (each request
re-rendered it: 4-8 s of CPU), and at most one figure is drawn at a time in a process."""

import datetime as dt

import pytest

from geo.seeds import seeds_digest
from shieldmap.ui import renders
from shieldmap.view import View


DIGEST = seeds_digest()
AS_OF = dt.date(2013, 10, 31)


def test_a_view_is_drawn_once(monkeypatch):
    """Asked again while another render holds the drawing slot, the view's figure comes from the kept renders: a
    second drawing would wait for the slot and be refused (not a timing: it holds on a busy machine)."""
    renders.FIGURES.clear()
    view = View(as_of=AS_OF, layers=("s300_belarus", "romania_interceptor"))
    first = renders.figure_png(DIGEST, view)
    monkeypatch.setattr(renders, "DRAWING_WAIT_S", 0.2)
    assert renders.DRAWING.acquire(timeout=60)  # the drawing slot taken
    try:
        again = [renders.figure_png(DIGEST, View(as_of=AS_OF, layers=view.layers)) for _ in range(5)]
        with pytest.raises(renders.Busy, match="figures were being drawn"):  # the slot is really taken
            renders.figure_png(DIGEST, View(as_of=AS_OF, layers=("csto",)))
    finally:
        renders.DRAWING.release()
    assert first[:8] == b"\x89PNG\r\n\x1a\n" and all(png == first for png in again)


def test_one_render_at_a_time_and_a_bounded_wait(monkeypatch):
    renders.FIGURES.clear()
    monkeypatch.setattr(renders, "DRAWING_WAIT_S", 0.2)
    assert renders.DRAWING.acquire(timeout=60)  # another render is running
    try:
        with pytest.raises(renders.Busy, match="figures were being drawn"):
            renders.figure_png(DIGEST, View(as_of=dt.date(2012, 1, 1), layers=("csto",)))
    finally:
        renders.DRAWING.release()


def test_the_apps_figure_draws_the_views_what_ifs_as_its_command_does(tmp_path):
    """Issue 23, point 7: the app's figure has the view's hypothetical sites, and its tooltip's command
    (now with --what-if) makes the same bytes."""
    import shlex

    from shieldmap.cli.main import main

    renders.FIGURES.clear()
    view = View(as_of=AS_OF, layers=("csto",), what_if=("Forward base@52,21,300",))
    png = renders.figure_png(DIGEST, view)
    without = renders.figure_png(DIGEST, View(as_of=AS_OF, layers=("csto",)))
    assert png != without
    command = view.command("figure", str(tmp_path / "f.png"))
    assert "--what-if 'Forward base@52,21,300'" in command
    assert main(shlex.split(command)[1:]) == 0
    assert (tmp_path / "f.png").read_bytes() == png
