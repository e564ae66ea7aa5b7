"""What every ``shieldmap`` subcommand shares about its arguments: values checked where they are parsed
(argparse ``type=``), the options of a view declared once (parent parsers), the one-line usage error
(exit 2), and the check of an output path, made before any work is done."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo import sectors
from geo import what_if as what_if_specs
from geo.analysis import parse_figures
from layers.registry import DEFAULT_AS_OF, parse_date, parse_layer_ids
from shieldmap import view as views


class UsageError(Exception):
    """A bad argument found after parsing (e.g. against the seeds): reported in one line with exit status 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (``shieldmap: error: ...``, exit 2), never the usage
    and a traceback; the subcommands' parsers are of this class too."""

    def error(self, message: str):
        print(f"shieldmap: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _checked(parse):
    """An argparse ``type=`` from a parser that raises ``ValueError`` with a readable message."""
    def convert(text: str):
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    convert.__name__ = parse.__name__
    return convert


def _model(name: str) -> str:
    return sectors.canonical(name)  # an old name ("borders") is its model's; an unknown one raises, naming the known


def _figure(text: str) -> tuple[str, str]:
    ((system, figure),) = parse_figures([text]).items()
    return system, figure


def _what_if(text: str) -> str:
    return what_if_specs.parse(text).spec


date = _checked(parse_date)
layer_ids = _checked(lambda text: tuple(parse_layer_ids(text)))
model = _checked(_model)
figure = _checked(_figure)
what_if = _checked(_what_if)


def view_parent(*, layers: str | None, what_ifs: bool = True) -> argparse.ArgumentParser:
    """The options of a view (:class:`shieldmap.view.View`), declared once: ``--as-of``, ``--sectors``,
    ``--planned``, ``--figure``, and ``--layers`` (``layers`` is its help's default) and ``--what-if``."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--as-of", type=date, default=DEFAULT_AS_OF, metavar="YYYY-MM-DD",
                        help=f"the date of the view (default {DEFAULT_AS_OF})")
    options_parent(parent)
    if layers is not None:
        parent.add_argument("--layers", type=layer_ids, metavar="ID,ID", help=f"layer ids (default: {layers})")
    if what_ifs:
        parent.add_argument("--what-if", type=what_if, action="append", default=[], metavar="NAME@LAT,LON,RADIUS_KM",
                            help="a hypothetical site (repeatable, at most "
                                 f"{what_if_specs.MAX_SITES}): NAME@LAT,LON,RADIUS_KM, optionally ,NATO or ,CSTO "
                                 "(default: the side of the state the point lies in at the date) and ,FIGURE_ID of "
                                 "ranges.csv; exported as layer what_if, counted in the analysis labelled hypothetical")
    return parent


def options_parent(parent: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    """The layer options (:class:`shieldmap.view.LayerOptions`): ``--sectors``, ``--planned``, ``--figure``."""
    parent = parent or argparse.ArgumentParser(add_help=False)
    parent.add_argument("--sectors", type=model, default=sectors.DEFAULT_MODEL, metavar="MODEL",
                        help=f"sector model: {', '.join(sectors.MODEL_NAMES)} (default: {sectors.DEFAULT_MODEL})")
    parent.add_argument("--planned", action="store_true",
                        help="also draw/count range rings of systems not yet in place (labelled planned)")
    parent.add_argument("--figure", type=figure, action="append", default=[], metavar="SYSTEM=FIGURE_ID",
                        help="range figure for a system (repeatable), e.g. S-300PS=s300ps-90")
    return parent


def _path(text: str) -> str:
    return views.parse_path(text)


def _altitude(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{text[:40]!r} is not a number") from None
    if not 0 < value <= views.MAX_TARGET_ALTITUDE_KM:
        raise ValueError(f"{value:g} is outside (0, {views.MAX_TARGET_ALTITUDE_KM:g}]")
    return value


path = _checked(_path)
altitude = _checked(_altitude)


class _Paths(argparse.Action):
    """``--path`` repeated, at most :data:`shieldmap.view.MAX_PATHS` times (a one-line error past that)."""

    def __call__(self, parser, namespace, value, option_string=None):
        paths = [*(getattr(namespace, self.dest, None) or ()), value]
        if len(paths) > views.MAX_PATHS:
            parser.error(f"argument --path: at most {views.MAX_PATHS} paths")
        setattr(namespace, self.dest, paths)


def engagement_parent() -> argparse.ArgumentParser:
    """The engagement of a view (:attr:`shieldmap.view.View.path` and its options), declared once:
    ``--path FROM>TO`` (repeatable, at most :data:`shieldmap.view.MAX_PATHS`), ``--interceptor`` and
    ``--target-altitude``, as the URL's ``path``, ``interceptor`` and ``target_altitude``."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--path", type=path, action=_Paths, default=[], metavar="FROM>TO",
                        help="a threat's path (repeatable, at most " f"{views.MAX_PATHS}), each end LAT,LON or a "
                             "place of places.csv: its ground track with minute ticks, each interceptor site's "
                             "reach by verdict and the radar horizons (see shieldmap engage)")
    parent.add_argument("--interceptor", metavar="NAME[=FIGURE_ID]",
                        help="with --path: screen every interceptor site with this interceptor (default: each site's own)")
    parent.add_argument("--target-altitude", type=altitude, default=views.DEFAULT_TARGET_ALTITUDE_KM, metavar="KM",
                        help="with --path: target altitude of the radar horizons "
                             f"(default {views.DEFAULT_TARGET_ALTITUDE_KM:g} km)")
    return parent


def output_path(text: str) -> Path:
    """``--out`` as a path whose folder exists; :class:`UsageError` naming it otherwise."""
    out = Path(text)
    if not out.parent.is_dir():
        raise UsageError(f"cannot write {out}: folder {out.parent} does not exist")
    return out
