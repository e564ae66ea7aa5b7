"""``shieldmap animate [--from D1] [--to D2] [--layers ...] | --story  --out FILE.gif|FILE.mp4``: the map
as an animation (:mod:`shieldmap.animation`).

One frame per event date from ``--from`` to ``--to`` (default: the first and the last event) with the
layers of ``--layers`` (default: the app's), or with ``--story`` one frame per step of the guided tour
with the step's layers and caption. Every frame is the publication figure (``shieldmap figure``)
drawn at ``--size`` beside its caption. The same arguments give the same bytes.
"""

from __future__ import annotations

import importlib

from geo import analysis
from geo.seeds import load_seeds
from layers.registry import DEFAULT_LAYERS, build_layers
from shieldmap.cli import args as cli_args
from shieldmap.cli.args import UsageError, usage_errors, _, output_path
from shieldmap import view as views


def _animation():
    """:mod:`shieldmap.animation`, imported (with matplotlib) only when ``animate`` runs."""
    return importlib.import_module("shieldmap.animation")


def _size(text: str) -> tuple[int, int]:
    return _animation().parse_size(text)


def _seconds(text: str) -> float:
    return _animation().parse_seconds(text)


size, seconds = cli_args._checked(_size), cli_args._checked(_seconds)


def add_parser(commands) -> None:
    """The ``animate`` subcommand on the CLI's subparsers."""
    sub = commands.add_parser("animate", help=_("the map as a GIF or MP4: one frame per event date, or per story step"),
                              parents=[cli_args.options_parent()])
    sub.add_argument("--from", dest="date_from", type=cli_args.date, metavar="YYYY-MM-DD",
                     help=_("first date (default: the first event)"))
    sub.add_argument("--to", dest="date_to", type=cli_args.date, metavar="YYYY-MM-DD",
                     help=_("last date (default: the last event)"))
    cli_args.add_fields(sub, "layers", layers=_("the app's default layers"))
    sub.add_argument("--story", dest="story_frames", action="store_true",  # (not the view's step)
                     help=_("one frame per story step, with its date, layers and caption (not with --from, --to, "
                            "--layers)"))
    sub.add_argument("--out", required=True, metavar="FILE.gif|FILE.mp4")
    sub.add_argument("--size", type=size, default="1280x720", metavar="WxH",
                     help=_("frame size in pixels, even numbers (default 1280x720)"))
    sub.add_argument("--seconds", type=seconds, default="2.5", metavar="S", help=_("seconds per frame (default 2.5)"))
    sub.add_argument("--bbox", metavar="W,S,E,N", help=_("extent in degrees (default: -25,30,60,72, Europe)"))
    sub.add_argument("--title", metavar="TEXT", help=_("default: what the map covers at each frame's date (Missile "
                                                       "defence in Europe, 2010–2013 during the dispute, else the year)"))


def _frames(args, seeds, animation) -> list:
    if args.story_frames:
        given = [name for name, value in (("--from", args.date_from), ("--to", args.date_to),
                                          ("--layers", args.layers)) if value is not None]
        if given:
            raise UsageError(_("--story takes its dates and layers from story.csv: drop {options}").format(
                options=", ".join(given)))
        return animation.story_frames(seeds)
    dates = [day for day in seeds.events["date"] if day is not None]
    start, end = args.date_from or min(dates), args.date_to or max(dates)
    with usage_errors():
        return animation.event_frames(seeds, start, end, args.layers or DEFAULT_LAYERS)


def run(args) -> int:
    """Write the animation; bad arguments raise :class:`UsageError` (one line, exit 2)."""
    from shieldmap import figure  # imports matplotlib: only when asked for

    animation = _animation()
    with usage_errors():
        fmt = animation.format_for(args.out)
        bbox = figure.parse_bbox(args.bbox) if args.bbox is not None else figure.DEFAULT_BBOX
    out = output_path(args.out)
    seeds = load_seeds(args.seeds)
    frames = _frames(args, seeds, animation)
    options = views.from_args(args).options.build_args()
    with usage_errors():
        options["figures"] = analysis.check_figures(seeds, options["figures"])
    layers_at = lambda day, ids: build_layers(seeds, list(ids), day, **options)  # noqa: E731
    try:
        data = animation.animation_bytes(frames, seeds, layers_at, fmt, seconds=args.seconds, size=args.size,
                                         bbox=bbox, title=args.title or None)
        out.write_bytes(data)
    except ValueError as exc:
        raise UsageError(exc) from None
    except OSError as exc:
        raise UsageError(_("cannot write {path}: {problem}").format(path=out, problem=exc.strerror or exc)) from None
    width, height = args.size
    print(_("wrote an animation of {count} frame(s) ({format}, {width}x{height}, {start} to {end}, {size} bytes) "
            "to {path}").format(count=len(frames), format=fmt.upper(), width=width, height=height,
                                start=frames[0].date.isoformat(), end=frames[-1].date.isoformat(), size=f"{len(data):,}",
                                path=out))
    return 0
