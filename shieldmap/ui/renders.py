"""The long renders behind deferred downloads: the publication figure and the animation (GIF) of a view.

Streamlit runs a deferred download's function on asyncio's default thread pool (``min(32, cores + 4)``
threads: 6 on 2 cores), the pool every other deferred download of every visitor (the CSV, GeoJSON, KML,
GeoPackage, the analysis) runs on as well. A render holds its thread while it draws (seconds for a figure,
up to about a minute for an animation) and while it waits for :data:`DRAWING` (one drawing at a time per
process): six animation requests of distinct views once held every thread, and another visitor's CSV waited
63.7 s. So:

- each render is made once per view and kept in a process-wide store bounded by bytes (:class:`Renders`),
  handed at once to every later request (no lock to wait on);
- at most :data:`FIGURE_SLOTS` figures and :data:`ANIMATION_SLOTS` animation are drawn (or wait to be) at a
  time; a request beyond them, or for a view being drawn already, is refused at once (:class:`Busy`: the
  button says the download failed, its tooltip says to try again), so renders hold at most
  ``FIGURE_SLOTS + ANIMATION_SLOTS`` of the pool's threads and cheap downloads never wait behind them;
- an animation's cost, frames × pixels, is bounded before it starts (:func:`shieldmap.animation.check_cost`).

The figure's bytes are those of ``shieldmap figure`` and the animation's those of ``shieldmap animate``.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Callable, Hashable

from shieldmap import exports, i18n
from shieldmap.i18n import _
from shieldmap.ui import cache
from shieldmap.view import View

FIGURE_SLOTS = 2
"""Figures drawn or waiting for :data:`DRAWING` at a time in a process; more are refused at once."""
ANIMATION_SLOTS = 1
"""Animations drawn at a time in a process (their frames take turns with figures); more are refused at once."""
KEPT_MB = {"figure": 24, "animation": 24}
"""Megabytes of finished figures (a PNG is about 0.3-1 MB) and animations (a GIF of the story about 1.5 MB)
kept per process; the least recently asked for go first."""
DRAWING = threading.BoundedSemaphore(1)
"""At most one figure or animation frame is drawn at a time in a process (a render costs seconds of CPU)."""
DRAWING_WAIT_S = 60.0
"""The longest a render waits for :data:`DRAWING` (with the slots above, about one figure or one frame)."""


STREAMLIT_DOWNLOADS_LOGGER = "streamlit.runtime.backend_operation_handler"
"""The logger of Streamlit's deferred downloads (``DeferredFileHandler``)."""


class Busy(RuntimeError):
    """The server is drawing as many figures or animations as it may: refused at once, to be tried again."""


class _OneLineForBusy(logging.Filter):
    """Streamlit logs a failed deferred download with its traceback: a refusal (:class:`Busy`) is expected, so
    its record becomes one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        while error is not None and not isinstance(error, Busy):
            error = error.__cause__ or error.__context__
        if error is not None:
            record.msg, record.args, record.exc_info, record.exc_text = "download refused: %s", (error,), None, None
        return True


logging.getLogger(STREAMLIT_DOWNLOADS_LOGGER).addFilter(_OneLineForBusy())


class Renders:
    """Renders of one kind: made at most ``slots`` at a time, kept up to ``max_bytes`` (least recently used
    first out). :meth:`get` never waits for another request: it returns a kept render, makes it, or raises
    :class:`Busy`."""

    def __init__(self, kind: str, slots: int, max_bytes: int):
        self.kind, self.slots, self.max_bytes = kind, slots, max_bytes
        self._kept: collections.OrderedDict[Hashable, bytes] = collections.OrderedDict()
        self._making: set[Hashable] = set()
        self._lock = threading.Lock()

    def _take(self, key: Hashable) -> bytes | None:
        with self._lock:
            data = self._kept.get(key)
            if data is not None:
                self._kept.move_to_end(key)
                return data
            if key in self._making or len(self._making) >= self.slots:
                raise Busy(f"busy: {len(self._making)} {self.kind} render(s) running; try again in a minute")
            self._making.add(key)
            return None

    def get(self, key: Hashable, make: Callable[[], bytes]) -> bytes:
        data = self._take(key)
        if data is not None:
            return data
        try:
            data = make()
        finally:
            with self._lock:
                self._making.discard(key)
        self._keep(key, data)
        return data

    def _keep(self, key: Hashable, data: bytes) -> None:
        with self._lock:
            if len(data) > self.max_bytes:
                return
            self._kept[key] = data
            while sum(map(len, self._kept.values())) > self.max_bytes:
                self._kept.popitem(last=False)

    def kept_bytes(self) -> int:
        with self._lock:
            return sum(map(len, self._kept.values()))

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


FIGURES = Renders("figure", FIGURE_SLOTS, KEPT_MB["figure"] * 1_000_000)
ANIMATIONS = Renders("animation", ANIMATION_SLOTS, KEPT_MB["animation"] * 1_000_000)


@contextlib.contextmanager
def drawing():
    """:data:`DRAWING`, waited for at most :data:`DRAWING_WAIT_S`."""
    if not DRAWING.acquire(timeout=DRAWING_WAIT_S):
        raise Busy(f"figures were being drawn for over {DRAWING_WAIT_S:g} s")
    try:
        yield
    finally:
        DRAWING.release()


def figure_png(digest: str, view: View) -> bytes:
    """The publication figure of the view's layers (what-ifs and paths as on the map), made once per view."""
    return FIGURES.get((digest, view), lambda: _figure(digest, view))


def _figure(digest: str, view: View) -> bytes:
    built = cache.built_layers(digest, cache.layer_date(digest, view.as_of), view.options)
    with drawing():
        shown = {i: built[i] for i in view.layers}
        hypothetical = cache.what_if_layer(digest, view.as_of, view.what_if, built) if view.what_if else None
        if hypothetical is not None and len(hypothetical):  # drawn as on the map (the CLI's --what-if)
            shown["what_if"] = hypothetical
        with i18n.language(view.lang):  # Streamlit's download thread: the view's language
            overlays, bbox = _figure_engagement(digest, view)
            return exports.figure_bytes(shown, cache.seeds(digest), view.as_of, bbox=bbox, overlays=overlays)


def _figure_engagement(digest: str, view: View) -> tuple:
    """The figure's engagement overlays and extent (as ``shieldmap figure --path``); a path that cannot be
    drawn (the Engagement panel warns of it) leaves the figure without it."""
    from shieldmap import figure_engagement  # imports matplotlib: only when a figure is asked for

    try:
        return figure_engagement.for_view(cache.seeds(digest), view)
    except ValueError:
        return figure_engagement.for_view(cache.seeds(digest), view.replace(path=""))


def animation_gif(digest: str, view: View) -> bytes:
    """The GIF of :func:`shieldmap.animation.view_frames` of ``view`` (a :func:`shieldmap.ui.share.animated_view`),
    made once per view; its cost checked before the first frame."""
    return ANIMATIONS.get((digest, view), lambda: _animation(digest, view))


def _animation(digest: str, view: View) -> bytes:
    from shieldmap import animation  # imports matplotlib: not on a visitor's first, map-only run

    data = cache.seeds(digest)
    frames, _args = animation.view_frames(data, view)
    animation.check_cost(len(frames), animation.DEFAULT_SIZE)

    def layers_at(day: dt.date, ids: tuple[str, ...]) -> dict:
        built = cache.built_layers(digest, cache.layer_date(digest, day), view.options)
        return {i: built[i] for i in ids if i in built}

    with i18n.language(view.lang):  # Streamlit's download thread: the view's language, not the context's
        pictures = animation.render_frames(frames, data, layers_at, guard=drawing)
    with drawing():
        return animation.gif_bytes(pictures)


def busy_note() -> str:
    """Said in the tooltips of the figure's and the animation's buttons."""
    return _("While the server draws other figures, the button answers at once that the download failed: try "
             "again in a minute.")
