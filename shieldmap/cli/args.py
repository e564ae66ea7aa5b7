"""What every ``shieldmap`` subcommand shares about its arguments: values checked where they are parsed
(argparse ``type=``), the options of a view declared once (parent parsers), the one-line usage error
(exit 2), and the check of an output path, made before any work is done.

The command's messages (help, errors, summaries) are in the language of ``--lang`` if given, else of the
environment as gettext reads it (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``): :func:`messages_in`.
What a command draws or writes (the figure, the HTML export, the animation) follows ``--lang`` only (English
without it), so that the same command line makes the same file whatever the environment."""

from __future__ import annotations

import re

import argparse
import contextlib
import contextvars
import sys
from pathlib import Path

from geo import sectors
from geo import what_if as what_if_specs
from geo.engagement_seeds import MAX_STATIONS, parse_station
from geo.analysis import parse_figures
from layers.registry import DEFAULT_AS_OF, parse_date, parse_layer_ids
from shieldmap import i18n
from shieldmap import view as views
from geo.texts import TextError
from shieldmap.i18n import N_

_messages: contextvars.ContextVar[str] = contextvars.ContextVar("shieldmap_cli_messages", default=i18n.DEFAULT)

#: argparse's own texts that a reader sees, as its msgids (argparse writes them through gettext's ``_``, which
#: :func:`messages_in` points at our catalogue): marked here so that ``pybabel extract`` puts them in it.
ARGPARSE_TEXTS = (N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
                  N_("argument %(argument_name)s: %(message)s"), N_("unrecognized arguments: %s"),
                  N_("the following arguments are required: %s"),
                  N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("invalid %(type)s value: %(value)r"),
                  N_("expected one argument"), N_("ambiguous option: %(option)s could match %(matches)s"),
                  N_("not allowed with argument %s"), N_("unknown parser %(parser_name)r (choices: %(choices)s)"))


def _(message: str) -> str:
    """A message of the command (help, error, summary) in the messages' language (:func:`messages_in`)."""
    return i18n.translations(_messages.get()).gettext(message) if message else message


def _ngettext(singular: str, plural: str, n: int) -> str:
    return i18n.translations(_messages.get()).ngettext(singular, plural, n)


def explain(error: Exception | str) -> str:
    """An error's message in the messages' language (:func:`shieldmap.i18n.explain`)."""
    with i18n.language(_messages.get()):
        return i18n.explain(error)


def requested_language(argv: list[str]) -> str | None:
    """The language ``--lang LANG`` / ``--lang=LANG`` asks for anywhere in ``argv`` (None: not given or not
    one we have: the parser then reports the bad value)."""
    for i, item in enumerate(argv):
        value = argv[i + 1] if item == "--lang" and i + 1 < len(argv) else (
            item.split("=", 1)[1] if item.startswith("--lang=") else None)
        if value is not None:
            try:
                return i18n.parse(value)
            except ValueError:
                return None
    return None


@contextlib.contextmanager
def messages_in(lang: str):
    """The command's messages in ``lang`` inside the block: ours (:func:`_`) and argparse's own (usage, option
    groups, its errors: its module's gettext functions pointed at our catalogue, and restored after)."""
    token = _messages.set(i18n.parse(lang))
    hooks = vars(argparse)  # its private gettext functions (not in its type stubs)
    saved = hooks["_"], hooks["ngettext"]
    hooks["_"], hooks["ngettext"] = _, _ngettext
    try:
        yield
    finally:
        hooks["_"], hooks["ngettext"] = saved
        _messages.reset(token)


class UsageError(Exception):
    """A bad argument found after parsing (e.g. against the seeds): reported in one line with exit status 2.
    Made from an error, it says that error's message in the messages' language (:func:`explain`)."""

    def __init__(self, message):
        super().__init__(explain(message) if isinstance(message, Exception) else message)


@contextlib.contextmanager
def usage_errors():
    """Inside the block, a :class:`ValueError` (a bad value found against the seeds or a model's bounds) is a
    :class:`UsageError`: one line, exit status 2."""
    try:
        yield
    except ValueError as exc:
        raise UsageError(exc) from None


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (``shieldmap: error: ...``, exit 2), never the usage
    and a traceback; the subcommands' parsers are of this class too."""

    def error(self, message: str):
        print(_("shieldmap: error: {message}").format(message=message), file=sys.stderr)
        raise SystemExit(2)


def _checked(parse):
    """An argparse ``type=`` from a parser that raises ``ValueError`` with a readable message."""
    def convert(text: str):
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(explain(exc)) from None
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
language = _checked(i18n.parse)


def lang_option(parser: argparse.ArgumentParser, drawn: bool = True) -> argparse.ArgumentParser:
    """``--lang``: the language of the messages and, for a command that draws or writes text (``drawn``: the
    figure, the HTML export, the animation), of that text. Left out of the namespace when not given (a
    subcommand's would hide the one given before it: ``shieldmap --lang ru figure``)."""
    parser.add_argument("--lang", type=language, default=argparse.SUPPRESS, metavar="|".join(i18n.LANGUAGES),
                        help=_("language of the titles, legend, labels and captions, and of the messages "
                               "(default: {default})").format(default=i18n.DEFAULT) if drawn else
                        _("language of the messages (default: the environment's, LANGUAGE, LC_ALL, LC_MESSAGES or "
                          "LANG, if Russian; else English)"))
    return parser


def view_parent(*, layers: str | None, what_ifs: bool = True) -> Parser:
    """The options of a view (:class:`shieldmap.view.View`), declared once: ``--as-of``, ``--sectors``,
    ``--planned``, ``--figure``, and ``--layers`` (``layers`` is its help's default, a text marked ``N_``) and
    ``--what-if``."""
    parent = Parser(add_help=False)
    parent.add_argument("--as-of", type=date, default=DEFAULT_AS_OF, metavar="YYYY-MM-DD",
                        help=_("the date of the view (default {date})").format(date=DEFAULT_AS_OF))
    options_parent(parent)
    if layers is not None:
        parent.add_argument("--layers", type=layer_ids, metavar="ID,ID",
                            help=_("layer ids (default: {layers})").format(layers=_(layers)))
    if what_ifs:
        parent.add_argument("--what-if", type=what_if, action="append", default=[], metavar="NAME@LAT,LON,RADIUS_KM",
                            help=_("a hypothetical site (repeatable, at most {count}): NAME@LAT,LON,RADIUS_KM, "
                                   "optionally ,NATO or ,CSTO (default: the side of the state the point lies in at "
                                   "the date) and ,FIGURE_ID of ranges.csv; exported as layer what_if, counted in the "
                                   "analysis labelled hypothetical").format(count=what_if_specs.MAX_SITES))
    return parent


def options_parent(parent: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    """The layer options (:class:`shieldmap.view.LayerOptions`): ``--sectors``, ``--planned``, ``--figure``."""
    parent = parent or argparse.ArgumentParser(add_help=False)
    parent.add_argument("--sectors", type=model, default=sectors.DEFAULT_MODEL, metavar="MODEL",
                        help=_("sector model: {models} (default: {default})").format(
                            models=", ".join(sectors.MODEL_NAMES), default=sectors.DEFAULT_MODEL))
    parent.add_argument("--planned", action="store_true",
                        help=_("also draw/count range rings of systems not yet in place (labelled planned)"))
    parent.add_argument("--figure", type=figure, action="append", default=[], metavar="SYSTEM=FIGURE_ID",
                        help=_("range figure for a system (repeatable), e.g. S-300PS=s300ps-90"))
    return parent


def _path(text: str) -> str:
    return views.parse_path(text)


def _altitude(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise TextError(N_("{value} is not a number"), value=repr(text[:40])) from None
    if not 0 < value <= views.MAX_TARGET_ALTITUDE_KM:
        raise TextError(N_("{value} is outside (0, {most}]"), value=f"{value:g}", most=f"{views.MAX_TARGET_ALTITUDE_KM:g}")
    return value


path = _checked(_path)
altitude = _checked(_altitude)


class _Paths(argparse.Action):
    """``--path`` repeated, at most :data:`shieldmap.view.MAX_PATHS` times (a one-line error past that)."""

    def __call__(self, parser, namespace, value, option_string=None):
        paths = [*(getattr(namespace, self.dest, None) or ()), value]
        if len(paths) > views.MAX_PATHS:
            parser.error(_("argument --path: at most {count} paths").format(count=views.MAX_PATHS))
        setattr(namespace, self.dest, paths)


def engagement_parent() -> Parser:
    """The engagement of a view (:attr:`shieldmap.view.View.path` and its options), declared once:
    ``--path FROM>TO`` (repeatable, at most :data:`shieldmap.view.MAX_PATHS`), ``--interceptor`` and
    ``--target-altitude``, as the URL's ``path``, ``interceptor`` and ``target_altitude``."""
    parent = Parser(add_help=False)
    parent.add_argument("--path", type=path, action=_Paths, default=[], metavar="FROM>TO",
                        help=_("a threat's path (repeatable, at most {count}), each end LAT,LON or a place of "
                               "places.csv: its ground track with minute ticks, each interceptor site's reach by "
                               "verdict and the radar horizons (see shieldmap engage)").format(count=views.MAX_PATHS))
    parent.add_argument("--interceptor", metavar="NAME[=FIGURE_ID]",
                        help=_("with --path: screen every interceptor site with this interceptor (default: each "
                               "site's own)"))
    parent.add_argument("--target-altitude", type=altitude, default=views.DEFAULT_TARGET_ALTITUDE_KM, metavar="KM",
                        help=_("with --path: target altitude of the radar horizons (default {km} km)").format(
                            km=f"{views.DEFAULT_TARGET_ALTITUDE_KM:g}"))
    parent.add_argument("--footprint", type=_checked(footprint_point), metavar="PLACE|GROUP|LAT,LON",
                        help=_("the defended footprint of launches from this point, as the app draws it (see "
                               "shieldmap footprint): the layer footprint"))
    timeline_options(parent)
    return parent


def footprint_point(text: str) -> str:
    """A footprint's point as the URL takes it (:data:`shieldmap.view._FOOTPRINT`)."""
    if not views._FOOTPRINT.fullmatch(str(text)):
        raise ValueError(f"bad footprint point {views.shown(text)}: expected a place or group id, or LAT,LON")
    return str(text).strip()


def _station(text: str) -> str:
    return parse_station(text).spec


def timeline_options(parser: argparse.ArgumentParser, stations: bool = True) -> argparse.ArgumentParser:
    """``--boost``, ``--delay``, ``--burnout`` and ``--site`` (repeatable), declared once for ``shieldmap engage``
    and every command with ``--path``, as the URL's ``boost``, ``delay``, ``burnout`` and ``sites``."""
    helps = {"boost": _("the threat's boost phase in seconds (default: the default claim of timeline.csv)"),
             "delay": _("seconds from the threat's burnout to the earliest interceptor launch (default: timeline.csv)"),
             "burnout": _("a hypothetical burnout speed in km/s at every interceptor site")}
    for option, key in views.TIMELINE_OPTIONS.items():
        parser.add_argument(f"--{option}", dest=key, type=_checked(lambda text, option=option: views.timeline_value(
            option, text)), metavar="KMS" if option == "burnout" else "SECONDS", help=helps[option])
    if not stations:  # the command declares its own --site
        return parser
    parser.add_argument("--site", dest="stations", action="append", default=[], type=_checked(_station),
                        metavar="NAME@LAT,LON[:INTERCEPTOR]",
                        help=_("an interceptor site of your own (repeatable, at most {most}); without an interceptor, "
                               "give --burnout").format(most=MAX_STATIONS))
    return parser


def output_path(text: str) -> Path:
    """``--out`` as a path whose folder exists; :class:`UsageError` naming it otherwise."""
    out = Path(text)
    if not out.parent.is_dir():
        raise UsageError(_("cannot write {path}: folder {folder} does not exist").format(path=out, folder=out.parent))
    return out


_NEGATIVE_VALUE = re.compile(r"-\d[\d.]*\s*,.*")
VALUE_OPTIONS = ("--from", "--to", "--site", "--path", "--bbox")
"""Options whose value may start with a minus sign (a southern latitude): ``--to -10,-160``."""


def joined_values(argv: list[str]) -> list[str]:
    """``--to -10,-160`` as ``--to=-10,-160`` (argparse would take ``-10,-160`` for an option)."""
    out: list[str] = []
    for item in argv:
        if out and out[-1] in VALUE_OPTIONS and _NEGATIVE_VALUE.fullmatch(item):
            out[-1] = f"{out[-1]}={item}"
        else:
            out.append(item)
    return out
