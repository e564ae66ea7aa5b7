"""Issue 36, point 4: long renders (figures, animations) never hold the download threads other downloads need.
A render is made at most ``slots`` at a time; a request beyond them, or for a view being drawn, is refused
at once; a finished render is handed out at once; what is kept is bounded by bytes; an animation's cost
is checked before its first frame."""

import os
import threading
import time

import pytest

from shieldmap import animation
from shieldmap.ui import renders


def test_requests_beyond_the_slots_are_refused_at_once_and_a_kept_render_is_not():
    store = renders.Renders("animation", slots=1, max_bytes=1_000)
    started, release, made = threading.Event(), threading.Event(), []

    def slow():
        started.set()
        assert release.wait(30)
        made.append("first")
        return b"gif-1"

    first = threading.Thread(target=store.get, args=("view-1", slow))
    first.start()
    assert started.wait(30)
    try:
        for n in range(2, 8):  # six more distinct views while one is drawn: all refused at once
            began = time.monotonic()
            with pytest.raises(renders.Busy, match="1 animation render"):
                store.get(f"view-{n}", lambda: pytest.fail("drawn beyond the slots"))
            assert time.monotonic() - began < 0.1
        with pytest.raises(renders.Busy):  # the view being drawn: refused too, not waited for
            store.get("view-1", lambda: pytest.fail("drawn twice"))
    finally:
        release.set()
        first.join(30)
    assert made == ["first"]
    assert store.get("view-1", lambda: pytest.fail("a kept render was drawn again")) == b"gif-1"
    assert store.get("view-2", lambda: b"gif-2") == b"gif-2"  # the slot is free again


def test_a_failed_render_frees_its_slot_and_keeps_nothing():
    store = renders.Renders("figure", slots=1, max_bytes=1_000)
    with pytest.raises(ZeroDivisionError):
        store.get("view", lambda: 1 / 0)
    assert store.get("view", lambda: b"png") == b"png"


def test_what_is_kept_is_bounded_by_bytes_least_recently_asked_first_out():
    store = renders.Renders("figure", slots=2, max_bytes=10)
    for key in "abc":
        store.get(key, lambda k=key: k.encode() * 4)
    assert store.kept_bytes() == 8  # a (4 bytes) went when c came
    assert store.get("c", lambda: pytest.fail("kept")) == b"cccc"
    store.get("d", lambda: b"d" * 11)  # over the bound alone: handed out, not kept
    assert store.kept_bytes() == 8
    assert store.get("a", lambda: b"A" * 4) == b"AAAA"  # drawn again
    assert store.get("b", lambda: b"B" * 4) == b"BBBB"  # b went for a: asked for least recently


def test_renders_leave_most_of_the_download_threads_to_other_downloads():
    """asyncio's default pool, where Streamlit runs deferred downloads: min(32, cores + 4) threads."""
    pool = min(32, (os.cpu_count() or 1) + 4)
    assert renders.FIGURE_SLOTS + renders.ANIMATION_SLOTS <= pool - 2
    assert renders.FIGURES.slots == renders.FIGURE_SLOTS and renders.ANIMATIONS.slots == renders.ANIMATION_SLOTS
    assert renders.FIGURES.max_bytes == renders.KEPT_MB["figure"] * 1_000_000


def test_an_animations_cost_is_checked_before_it_starts():
    animation.check_cost(animation.MAX_FRAMES, animation.DEFAULT_SIZE)
    animation.check_cost(11, (3840, 2160))
    with pytest.raises(ValueError, match="12 frames of 3840x2160 pixels are too many to draw: at most 11 frames"):
        animation.check_cost(12, (3840, 2160))
    with pytest.raises(ValueError, match="too many"):  # render_frames checks before drawing anything
        animation.render_frames([None] * 101, None, lambda day, ids: pytest.fail("drawn"))


def test_a_refusal_is_one_line_in_streamlits_log():
    """Streamlit logs a failed deferred download with its traceback; a refusal is expected: one line."""
    import logging

    from streamlit.logger import get_logger

    logger = get_logger(renders.STREAMLIT_DOWNLOADS_LOGGER)  # as Streamlit's DeferredFileHandler gets it
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger.addHandler(handler)
    try:
        for error in (renders.Busy("busy: 1 animation render(s) running"), ValueError("a real failure")):
            try:
                try:
                    raise error
                except Exception as cause:
                    raise RuntimeError("Callable execution failed") from cause
            except RuntimeError:
                logger.exception("Error executing deferred callable for file_id %s", "x")
    finally:
        logger.removeHandler(handler)
    refused, failed = records
    assert refused.getMessage() == "download refused: busy: 1 animation render(s) running" and not refused.exc_info
    assert failed.exc_info and "file_id x" in failed.getMessage()  # other failures keep their traceback
