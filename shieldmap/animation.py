"""Animations of the map as GIF or MP4: the publication figure's cartography (title, date stamp, legend,
scale bar, north arrow, sources; :func:`shieldmap.figure.draw`), frame by frame.

Frames are one per event date in a range (:func:`event_frames`: the view's layers at each date) or one
per step of the guided tour (:func:`story_frames`: each step's layers, date and caption). Each frame is
the figure drawn at the target size (one scale for every frame, so nothing jumps between frames) beside
a caption panel (the step or the events of the date, and their sources), on a canvas of exactly the
target size. GIFs are written by Pillow through imageio with one palette for every frame, made by
median cut without dithering; MP4s by ffmpeg (the binary of ``imageio-ffmpeg``) through imageio,
H.264 with bit-exact muxing. The same arguments give the same bytes.
"""

from __future__ import annotations

import contextlib
import re
import datetime as dt
import shlex
import tempfile
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from geo.file_formats import format_of
from geo.texts import TextError
from layers import style
from shieldmap import figure, figure_style, i18n, seed_texts
from shieldmap.i18n import N_, _
from shieldmap.story import story_steps

FORMATS = ("gif", "mp4")
DEFAULT_SIZE = (1280, 720)
WIDTH_RANGE = (480, 3840)
HEIGHT_RANGE = (270, 2160)
DEFAULT_SECONDS = 2.5
SECONDS_RANGE = (0.2, 30.0)
MAX_FRAMES = 100
MAX_PIXELS = MAX_FRAMES * DEFAULT_SIZE[0] * DEFAULT_SIZE[1]
"""The most an animation may draw, frames × width × height (92,160,000: 100 frames at 1280×720, 11 at
3840×2160): every frame is kept as an RGB array (3 bytes a pixel, so at most 276 MB) until the file is written,
and the drawing time grows with it. Checked (:func:`check_cost`) before the first frame is drawn."""
GIF_COLOURS = 128
"""Colours of the one palette every GIF frame shares (median cut over all frames, no dithering)."""
MP4_FPS = 10
PANEL_SHARE = 0.18
"""The least share of the canvas's width (a panel on the right) or height (a band below) the caption gets."""
PANEL_FACE, PANEL_RULE, TEXT, MUTED = style.PANEL_FACE, style.PANEL_RULE, style.INK, style.MUTED  # layers.style's


@dataclass(frozen=True)
class Frame:
    """One frame: the layers at a date, and what its caption panel says."""

    date: dt.date
    layers: tuple[str, ...]
    heading: str  # e.g. "Story step 4 of 16", "Event date 3 of 12"
    title: str  # the step's event, or the events of the date
    caption: str = ""
    sources: str = ""


LayersAt = Callable[[dt.date, tuple[str, ...]], dict]
"""``(date, layer ids) -> {layer id: built frame}``: how the caller builds (or finds cached) layers."""


def format_for(path: str | Path) -> str:
    """``gif`` or ``mp4`` from the file name; ``ValueError`` otherwise."""
    return format_of(path, {f".{name}": name for name in FORMATS}, N_("animation"))


def parse_size(text: str) -> tuple[int, int]:
    """``"WIDTHxHEIGHT"`` in pixels (even numbers: H.264 needs them) -> ``(width, height)``."""
    try:
        width, height = (int(part) for part in str(text).lower().split("x"))
    except ValueError:
        raise TextError(N_("bad size {value}: expected WIDTHxHEIGHT in pixels, e.g. 1280x720"), value=repr(text)) from None
    for value, (low, high), name in ((width, WIDTH_RANGE, N_("width")), (height, HEIGHT_RANGE, N_("height"))):
        if not low <= value <= high or value % 2:
            raise TextError(N_("bad size {value}: the {name} must be an even number from {low} to {high}"), ("name",),
                            value=repr(text), name=name, low=low, high=high)
    return width, height


def parse_seconds(text: str) -> float:
    """Seconds each frame is shown, within :data:`SECONDS_RANGE`."""
    try:
        seconds = float(text)
    except ValueError:
        raise TextError(N_("bad --seconds {value}: expected a number of seconds, e.g. 2.5"), value=repr(text)) from None
    if not SECONDS_RANGE[0] <= seconds <= SECONDS_RANGE[1]:
        raise TextError(N_("bad --seconds {value}: expected {low} to {high}"), value=repr(text),
                        low=f"{SECONDS_RANGE[0]:g}", high=f"{SECONDS_RANGE[1]:g}")
    return seconds


def _cited(records: list[dict]) -> str:
    return "; ".join(dict.fromkeys(seed_texts.cited(r) for r in records))


def event_frames(seeds, start: dt.date, end: dt.date, layers: Sequence[str]) -> list[Frame]:
    """One frame per date from ``start`` to ``end`` (inclusive) on which an event of ``events.csv``
    happened, each with ``layers``; ``ValueError`` if there is none or more than :data:`MAX_FRAMES`."""
    if start > end:
        raise TextError(N_("--from {start} is after --to {end}"), start=start, end=end)
    events = seeds.events
    days = sorted({day for day in events["date"] if day is not None and start <= day <= end})
    if not days:
        raise TextError(N_("no event from {start} to {end}: an animation has one frame per event date"), start=start,
                        end=end)
    if len(days) > MAX_FRAMES:
        raise TextError(N_("{count} event dates from {start} to {end}: at most {most} frames"), count=len(days),
                        start=start, end=end, most=MAX_FRAMES)
    frames = []
    # In another language an event's caption is its story step's translated caption where the seeds have one,
    # else the event's translated note (events.csv note_ru; the place names stay as the data writes them).
    captions = ({step.event: step.local("caption") for step in story_steps(seeds) if step.local("caption") != step.caption}
                if i18n.current() != i18n.DEFAULT else {})
    for number, day in enumerate(days, 1):
        rows = events[events["date"] == day]
        notes = [captions.get(row.Index) or (f"{row.place}: {seed_texts.local(row._asdict(), 'note')}"
                                             if isinstance(row.note, str) and row.note else str(row.place))
                 for row in rows.itertuples()]
        ids = [i for value in rows["sources"] for i in value]
        names = [(ru if i18n.current() == "ru" and isinstance(ru, str) and ru else name)
                 for name, ru in zip(rows["name"], rows.get("name_ru", rows["name"]))]
        frames.append(Frame(day, tuple(layers), _("Event date {number} of {total}").format(number=number, total=len(days)),
                            " · ".join(names),
                            " · ".join(notes), _cited(seeds.source_records(ids))))
    return frames


def story_frames(seeds) -> list[Frame]:
    """One frame per step of ``story.csv``: the step's date, layers, event, caption and sources."""
    steps = story_steps(seeds)
    return [Frame(step.date, step.layers, _("Story step {number} of {total}").format(number=step.number, total=len(steps)),
                  step.local("title"), step.local("caption"), step.citation_text()) for step in steps]


@dataclass(frozen=True)
class _Layout:
    dpi: float
    origin: tuple[int, int]  # where the figure's upper left corner goes on the canvas (x, y)
    panel: tuple[int, int, int, int]  # x, y, width, height


def _layout(width_in: float, height_in: float, size: tuple[int, int]) -> _Layout:
    """The largest scale at which the figure leaves the caption at least :data:`PANEL_SHARE` of the
    canvas, on the right or below, whichever gives the larger figure; the caption gets the rest."""
    width, height = size
    beside = min(width * (1 - PANEL_SHARE) / width_in, height / height_in)
    below = min(width / width_in, height * (1 - PANEL_SHARE) / height_in)
    dpi = max(beside, below)
    fig_w, fig_h = int(width_in * dpi), int(height_in * dpi)
    if beside >= below:
        return _Layout(dpi, (0, (height - fig_h) // 2), (fig_w, 0, width - fig_w, height))
    return _Layout(dpi, ((width - fig_w) // 2, 0), (0, fig_h, width, height - fig_h))


CYRILLIC_WIDTH = 1.2
"""How much wider a line of Cyrillic is taken to be than one of Latin letters of as many characters, so a Russian
caption wraps inside the panel: measured on the story's 27 captions in DejaVu Sans (matplotlib ``TextPath``
widths per character), 1.15 normal and 1.12 bold; 1.2 keeps a margin."""
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def _pixels(fig: Figure, dpi: float) -> np.ndarray:
    fig.set_dpi(dpi)
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].copy()


def _panel(frame: Frame, width: int, height: int, dpi: float, canvas_height: int) -> np.ndarray:
    """The caption panel: heading, date, title, caption and sources, wrapped to its width; what does not
    fit ends with an ellipsis."""
    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, facecolor=PANEL_FACE)
    FigureCanvasAgg(fig)
    fig.add_artist(Line2D([0.5 / width, 0.5 / width], [0, 1], color=PANEL_RULE, linewidth=1))
    body = canvas_height / 52  # pixels
    blocks = [(frame.heading, 0.85 * body, "normal", MUTED),
              (i18n.date_long(frame.date), 1.2 * body, "bold", TEXT),
              (frame.title, 1.05 * body, "bold", TEXT), (frame.caption, body, "normal", TEXT),
              (_("Sources: ") + frame.sources if frame.sources else "", 0.8 * body, "normal", MUTED)]
    margin = max(6.0, 0.06 * min(width, height))
    y = margin
    for text, size_px, weight, colour in blocks:
        per_char = 0.58 * (CYRILLIC_WIDTH if _CYRILLIC.search(text) else 1.0)  # DejaVu's Cyrillic is wider
        lines = textwrap.wrap(text, max(10, int((width - 2 * margin) / (per_char * size_px))))
        for index, line in enumerate(lines):
            step = 1.3 * size_px
            if y + 2 * step > height - margin and index + 1 < len(lines):
                line = line.rstrip(" .,;") + " …"
            fig.text(margin / width, 1 - (y + size_px) / height, line, fontsize=size_px * 72 / dpi,
                     fontweight=weight, color=colour, va="baseline")
            y += step
            if line.endswith(" …"):
                return _pixels(fig, dpi)
        y += 0.6 * size_px if lines else 0
    return _pixels(fig, dpi)


def _compose(frame: Frame, fig: Figure, layout: _Layout, size: tuple[int, int]) -> np.ndarray:
    width, height = size
    canvas = np.full((height, width, 3), 255, dtype=np.uint8)
    drawn = _pixels(fig, layout.dpi)
    x, y = layout.origin
    h, w = min(drawn.shape[0], height - y), min(drawn.shape[1], width - x)
    canvas[y:y + h, x:x + w] = drawn[:h, :w]
    px, py, pw, ph = layout.panel
    if pw > 0 and ph > 0:
        canvas[py:py + ph, px:px + pw] = _panel(frame, pw, ph, layout.dpi, height)[:ph, :pw]
    return canvas


def check_cost(count: int, size: tuple[int, int]) -> None:
    """``TextError`` when ``count`` frames of ``size`` are over :data:`MAX_PIXELS`."""
    width, height = size
    if count * width * height > MAX_PIXELS:
        raise TextError(N_("{count} frames of {width}x{height} pixels are too many to draw: at most {most} frames at "
                           "that size (fewer frames or a smaller size)"), count=count, width=width, height=height,
                        most=MAX_PIXELS // (width * height))


def draw_frames(frames: Sequence[Frame], seeds, layers_at: LayersAt, *, bbox=figure.DEFAULT_BBOX,
                title: str | None = None, guard=contextlib.nullcontext) -> list[Figure]:
    """Each frame's figure (:func:`shieldmap.figure.draw`), ``guard()`` entered around each drawing. Without
    ``title`` each frame's is what the map covers at its date (:func:`shieldmap.period.title`, as the app's: a
    2007 frame is not titled 2010–2013)."""
    drawn = []
    for frame in frames:
        with guard(), matplotlib.rc_context(figure._RC):
            drawn.append(frame_figure(frame, seeds, layers_at, bbox=bbox, title=title))
    return drawn


def frame_figure(frame: Frame, seeds, layers_at: LayersAt, *, bbox=figure.DEFAULT_BBOX, title: str | None = None):
    """The figure of one frame (:func:`shieldmap.figure.draw`), titled for the frame's date unless ``title``."""
    return figure.draw(layers_at(frame.date, frame.layers), seeds, frame.date, bbox=bbox, title=title)


def render_frames(frames: Sequence[Frame], seeds, layers_at: LayersAt, *, size: tuple[int, int] = DEFAULT_SIZE,
                  bbox=figure.DEFAULT_BBOX, title: str | None = None, guard=contextlib.nullcontext) -> list:
    """Each frame as an RGB array of ``size`` (width, height), all at the one scale at which the
    tallest figure fits (the figures differ in the lines of their sources). ``guard()`` is entered
    around each drawing and each rendering (the app passes its figure semaphore, so other figures are
    drawn between frames)."""
    if not frames:
        raise ValueError("no frame to draw")
    check_cost(len(frames), size)
    drawn = draw_frames(frames, seeds, layers_at, bbox=bbox, title=title, guard=guard)
    layout = _layout(max(f.get_size_inches()[0] for f in drawn), max(f.get_size_inches()[1] for f in drawn), size)
    pictures = []
    for frame in frames:
        with guard(), matplotlib.rc_context(figure._RC):
            pictures.append(_compose(frame, drawn.pop(0), layout, size))  # the figure let go once composed
    return pictures


def _palette(pictures: Sequence[np.ndarray]) -> np.ndarray:
    """:data:`GIF_COLOURS` colours (an ``(n, 3)`` array): the figure's own colours exactly
    (:func:`shieldmap.figure_style.solid_colours`: the layers', the holders', the basemap's), then the rest by
    median cut over every other pixel of every picture, without dithering. With median cut alone a small marker
    or a legend swatch took the nearest of the large areas' colours (Deveselu's blue came out grey-green)."""
    from PIL import Image

    fixed = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in figure_style.solid_colours()], dtype=np.int32)
    sample = Image.fromarray(np.concatenate([picture[::2, ::2] for picture in pictures], axis=0))
    rest = GIF_COLOURS - len(fixed)
    quantized = sample.quantize(rest, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette = quantized.getpalette()
    assert palette is not None  # a quantized ("P") image has one
    cut = np.asarray(palette[:3 * rest], dtype=np.int32).reshape(-1, 3)
    return np.concatenate([fixed, cut])[:GIF_COLOURS]


def _indexed(picture: np.ndarray, palette: np.ndarray) -> np.ndarray:
    """Each pixel as the index of its nearest palette colour (squared RGB distance; ties to the lower index)."""
    packed = (picture[..., 0].astype(np.uint32) << 16) | (picture[..., 1].astype(np.uint32) << 8) | picture[..., 2]
    colours, inverse = np.unique(packed.ravel(), return_inverse=True)
    rgb = np.stack([(colours >> 16) & 255, (colours >> 8) & 255, colours & 255], axis=1).astype(np.int32)
    nearest = ((rgb[:, None, :] - palette[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    return nearest[inverse].reshape(picture.shape[:2]).astype(np.uint8)


def gif_bytes(pictures: Sequence[np.ndarray], seconds: float = DEFAULT_SECONDS) -> bytes:
    """An endlessly looping GIF of ``pictures``, every frame in one palette (:func:`_palette`)."""
    import imageio.v3 as iio

    palette = _palette(pictures)
    indices = np.stack([_indexed(picture, palette) for picture in pictures])
    return iio.imwrite("<bytes>", indices, extension=".gif", plugin="pillow", mode="P",
                       palette=palette.astype(np.uint8).tobytes(), duration=round(seconds * 1000), loop=0)


def mp4_bytes(pictures: Sequence[np.ndarray], seconds: float = DEFAULT_SECONDS) -> bytes:
    """An H.264 MP4 at :data:`MP4_FPS` frames per second, each picture held ``seconds``."""
    import imageio.v2 as imageio

    repeats = max(1, round(seconds * MP4_FPS))
    with tempfile.TemporaryDirectory(prefix="shieldmap-") as folder:
        path = Path(folder) / "animation.mp4"
        writer = imageio.get_writer(path, format="FFMPEG", mode="I", fps=MP4_FPS, codec="libx264",
                                    pixelformat="yuv420p", macro_block_size=2, ffmpeg_log_level="error",
                                    output_params=["-fflags", "+bitexact", "-flags:v", "+bitexact",
                                                   "-map_metadata", "-1"])
        with writer:
            for picture in pictures:
                for _repeat in range(repeats):
                    writer.append_data(picture)
        return path.read_bytes()


def animation_bytes(frames: Sequence[Frame], seeds, layers_at: LayersAt, fmt: str = "gif", *,
                    seconds: float = DEFAULT_SECONDS, **options) -> bytes:
    """The animation of ``frames`` as GIF or MP4 bytes (``options``: those of :func:`render_frames`)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown animation format {fmt!r} (known: {', '.join(FORMATS)})")
    pictures = render_frames(frames, seeds, layers_at, **options)
    return gif_bytes(pictures, seconds) if fmt == "gif" else mp4_bytes(pictures, seconds)


def view_frames(seeds, view) -> tuple[list[Frame], list[str]]:
    """The app's animation of a :class:`shieldmap.view.View`, and its ``shieldmap animate`` arguments:
    the story when the view is on a story step; else the view's layers at each event date from the
    compare date (or the first event) to the view's date. No frame (no event in range): ``([], [])``."""
    options = view.options.cli_args() + (["--lang", view.lang] if view.lang != i18n.DEFAULT else [])
    if view.story is not None:
        return story_frames(seeds), ["--story", *options]
    dates = [day for day in seeds.events["date"] if day is not None]
    start, end = sorted((view.compare or min(dates), view.as_of))
    try:
        frames = event_frames(seeds, start, end, view.layers)
    except ValueError:
        return [], []
    return frames, ["--from", start.isoformat(), "--to", end.isoformat(), "--layers", ",".join(view.layers),
                    *options]


def command(args: Sequence[str], out: str = "FILE.gif") -> str:
    """``shieldmap animate ARGS --out OUT``, quoted for a shell."""
    return shlex.join(["shieldmap", "animate", *args, "--out", out])
