"""The fields of a view (:class:`shieldmap.view.View`), each declared once: :data:`FIELDS`.

A :class:`Field` says its name, default, what it is (the command's help), its URL key, its command-line flag,
its bounds or choices, its parser and serialiser, how many values it takes, which other field it needs and the
session key of its widget, after geopandas' ``_config.Option(key, default, doc, validator, callback)``. Everything
else is derived from this list: the URL round trip (:meth:`shieldmap.view.View.to_query`,
:func:`shieldmap.view.from_query`), the command's arguments (:func:`shieldmap.cli.args.add_fields`: argparse types
and metavars from the same parser and bounds), the command line shown under the map
(:meth:`shieldmap.view.View.cli_args`), :func:`shieldmap.view.from_args`, and the app's session keys
(:mod:`shieldmap.ui.session`). Adding a URL parameter is one declaration here plus its use.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

from geo import sectors, what_if as what_if_specs
from geo.engagement_seeds import MAX_STATIONS, parse_station
from geo.flyout import MAX_BURNOUT_KMS
from geo.intercept import MAX_TIMELINE_S
from geo.texts import N_, TextError
from layers.registry import DEFAULT_AS_OF, DEFAULT_LAYERS, LAYER_IDS, LAYERS, parse_date
from shieldmap import i18n

SHOWN_MAX = 40
"""Longest URL value quoted in a warning (the rest is cut with an ellipsis)."""
DEFAULT_BASEMAP = "offline"
BASEMAPS = {
    "offline": N_("Offline vector (Natural Earth)"),
    "osm": N_("OpenStreetMap (online)"),
    "positron": N_("CartoDB Positron (online)"),
}
"""Basemap names and titles (their tiles are the web map's: :mod:`shieldmap.web.webmap`)."""
MAX_PATHS = 3
"""Most engagement paths in one view (``path=A>B;C>D``, ``--path`` repeated)."""
MAX_INTERCEPTOR_CHARS = 80
_POINT = r"\s*(?:-?\d{1,3}(?:\.\d+)?\s*,\s*-?\d{1,3}(?:\.\d+)?|[a-z0-9][a-z0-9-]{0,40})\s*"
POINT = re.compile(_POINT)
_PATH = re.compile(f"{_POINT}>{_POINT}")
_STEP = re.compile(r"[0-9]{1,4}")  # ASCII digits only: "²".isdigit() is True, int("²") fails
_FIGURE = re.compile(r"([^=:,;]+)[=:]([a-z0-9][a-z0-9._-]*)")
EMBED_VALUES = {"1": True, "true": True, "0": False, "false": False, "": False}
SWITCH_OFF = ("", "0", "false", "no")
"""A switch's URL values that mean off (anything else is on)."""

MAPS = ("export", "figure", "cite")
"""The commands that take a whole view: its layers, what-ifs and engagement."""
OPTIONS = (*MAPS, "analyze", "layers", "diff", "animate")
"""The commands that take the layer options."""
ENGAGE = (*MAPS, "engage")
"""The commands that take the engagement's options."""
LANG_COMMANDS = ("figure", "export", "animate")
"""The commands whose output has text in the interface's language (``--lang``)."""


def shown(value: object) -> str:
    """A value from the URL, quoted and at most :data:`SHOWN_MAX` characters (plain text, not Markdown)."""
    text = "".join(c if c.isprintable() else "?" for c in str(value))
    return repr(text if len(text) <= SHOWN_MAX else text[:SHOWN_MAX - 1] + "…")


@dataclass(frozen=True)
class Bounds:
    """A number's bounds, the upper one included, the lower one too unless ``open_low``."""

    low: float
    high: float
    open_low: bool = False

    def __str__(self) -> str:
        return f"{'(' if self.open_low else '['}{self.low:g}, {self.high:g}]"

    def __contains__(self, value: float) -> bool:
        return (self.low < value if self.open_low else self.low <= value) and value <= self.high

    def parse(self, text: str) -> float:
        """A number within the bounds; a :class:`TextError` naming the value (and the bounds) otherwise."""
        try:
            value = float(str(text).strip())
        except ValueError:
            raise TextError(N_("{value} is not a number"), value=shown(text)) from None
        if value not in self:  # NaN too
            raise TextError(N_("{value} is outside {bounds}"), value=shown(text), bounds=str(self))
        return value


def number(value: float) -> str:
    """A number as the URL and the command line write it (``150``, ``5.5``), read back as the same float."""
    return f"{value:.15g}"


@dataclass(frozen=True)
class Field:
    """One field of the view (see the module). ``parse`` takes one value's text (one item of a tuple) and
    raises ``ValueError`` naming what is wrong; ``text`` is its inverse (a number's are its ``bounds``'). A field
    with a URL key or a flag must have both (checked when it is declared)."""

    name: str  # the attribute of View (of View.options with ``option``)
    default: Any
    doc: str  # what it is: a flag's help (marked N_; formatted with default, most, known, bounds)
    parse: Callable[[str], Any] | None
    text: Callable[[Any], str] | None
    url: str | None = None  # the URL key
    flag: str | None = None  # the command-line option
    metavar: str | None = None
    bounds: Bounds | None = None
    choices: tuple[str, ...] = ()
    many: str = ""  # a tuple: the URL joins its items with this; the flag is repeated (or, not ``repeat``, joined)
    repeat: bool = True
    most: int | None = None  # at most this many items
    needs: str = ""  # "path": only with a path; "engaged": with a path or a footprint
    always: bool = False  # in the URL even at its default
    option: bool = False  # a layer option (View.options)
    switch: bool = False  # a flag without a value (--planned; planned=1)
    commands: tuple[str, ...] = ()  # the commands that take the flag (and show it in their command line)
    state: str | None = None  # the session key of its widget in the app
    warning: str = N_("URL {key} value ignored: {problem}")
    too_many: str = N_("URL {key}: {n} ignored past the first {most}")

    def __post_init__(self):
        if self.bounds is not None:  # a number: its bounds are its parser, written back as it was read
            object.__setattr__(self, "parse", self.parse or self.bounds.parse)
            object.__setattr__(self, "text", self.text or number)
        if (self.url or self.flag) and (self.parse is None or self.text is None):
            raise TypeError(f"view field {self.name!r}: a URL key or a flag needs a parser and a serialiser")
        if self.flag is not None and not self.commands:
            raise TypeError(f"view field {self.name!r}: flag {self.flag} names no command")

    def raw(self, view) -> Any:
        """The value as the view holds it."""
        return getattr(view.options if self.option else view, self.name)

    def get(self, view) -> Any:
        """The value, a tuple of its items for a field the view holds as one text (its paths)."""
        value = self.raw(view)
        return tuple(p for p in value.split(self.many) if p) if self.many and isinstance(value, str) else value

    @property
    def limits(self) -> Bounds:
        """Its bounds (a number field's)."""
        if self.bounds is None:
            raise TypeError(f"view field {self.name!r} has no bounds")
        return self.bounds

    def words(self) -> dict[str, str]:
        """The names a help text or a warning may use: its default, most, known choices and bounds."""
        default = self.text(self.default) if self.text and self.default not in (None, (), "") else ""
        return {"default": default, "date": default, "km": default, "most": str(self.most or ""),
                "count": str(self.most or ""), "known": ", ".join(self.choices), "models": ", ".join(self.choices),
                "bounds": str(self.bounds or ""), "limit": f"{self.bounds.high:g}" if self.bounds else ""}

    def joined(self, value) -> str:
        """The value as one text (the URL's, and a flag's that is not repeated)."""
        assert self.text is not None
        return self.many.join(map(self.text, value)) if self.many else self.text(value)


def field(name: str, default: Any, doc: str, parse=None, text=None, **more) -> Field:
    """A declaration (a number's parser and serialiser come from its ``bounds``)."""
    return Field(name, default, doc, parse, text, **more)


def _layer(text: str) -> str:
    if text.strip() not in LAYERS:
        raise TextError(N_("unknown layer id(s): {ids} (known: {known})"), ids=text.strip(), known=", ".join(LAYER_IDS))
    return text.strip()


def _choice(choices):
    def parse(text: str) -> str:
        value = str(text).strip().lower()
        if value not in choices:
            raise TextError(N_("unknown value {value} (known: {known})"), value=shown(text), known=", ".join(choices))
        return value
    return parse


def _switch(text: str) -> bool:
    return str(text).strip().lower() not in SWITCH_OFF


def _figure(text: str) -> tuple[str, str]:
    match = _FIGURE.fullmatch(str(text).strip())
    if match is None:
        raise TextError(N_("bad figure choice {value}: expected SYSTEM=FIGURE_ID, e.g. S-300PS=s300ps-90"),
                        value=shown(text))
    return match[1].strip(), match[2]


def _step(text: str) -> int:
    if not _STEP.fullmatch(str(text).strip()):
        raise TextError(N_("{value} is not a step number (1, 2, ...)"), value=shown(text))
    return int(text)


def parse_path(text: str) -> str:
    """One path ``FROM>TO`` (each ``LAT,LON`` or a place id), stripped; ``ValueError`` otherwise (the points
    are checked against the seeds when the path is drawn)."""
    if not _PATH.fullmatch(str(text)):
        raise TextError(N_("bad path {value}: expected FROM>TO, each LAT,LON or a place id"), value=shown(text))
    return ">".join(part.strip() for part in str(text).split(">"))


def parse_point(text: str) -> str:
    """A footprint's point or a path's end: a place or group id, or ``LAT,LON``."""
    if not POINT.fullmatch(str(text)):
        raise TextError(N_("bad point {value}: expected a place or group id, or LAT,LON"), value=shown(text))
    return str(text).strip()


def _embed(text: str) -> bool:
    value = EMBED_VALUES.get(str(text).strip().lower())
    if value is None:
        raise TextError(N_("{value} is not 1 or 0"), value=shown(text))
    return value


def _date_text(day: dt.date) -> str:
    return day.isoformat()


ALTITUDE = Bounds(0.0, 2000.0, open_low=True)
TIMELINE = Bounds(0.0, MAX_TIMELINE_S)
BURNOUT = Bounds(0.0, MAX_BURNOUT_KMS, open_low=True)
BURNOUT_ANGLE = Bounds(0.0, 89.9, open_low=True)
DEFAULT_TARGET_ALTITUDE_KM = 100.0

FIELDS: tuple[Field, ...] = (
    field("layers", DEFAULT_LAYERS, N_("layer ids (default: {layers})"), _layer, str, url="layers", flag="--layers",
          metavar="ID,ID", many=",", repeat=False, always=True, commands=(*MAPS, "diff"),
          warning=N_("Unknown layer id {value} in the URL ignored")),
    field("as_of", DEFAULT_AS_OF, N_("the date of the view (default {date})"), parse_date, _date_text, url="as_of",
          flag="--as-of", metavar="YYYY-MM-DD", always=True, commands=(*MAPS, "analyze", "layers", "engage"),
          state="as_of", warning=N_("{what} {value} ignored: expected a date as YYYY-MM-DD")),
    field("basemap", DEFAULT_BASEMAP, "the basemap", _choice(tuple(BASEMAPS)), str, url="basemap",
          choices=tuple(BASEMAPS), always=True, state="basemap",
          warning=N_("Unknown basemap {value} in the URL; using the offline basemap")),
    field("figures", (), N_("range figure for a system (repeatable), e.g. S-300PS=s300ps-90"), _figure,
          "=".join, url="figures", flag="--figure", metavar="SYSTEM=FIGURE_ID", many=",", option=True,
          commands=OPTIONS, warning=N_("URL range figure {value} ignored: expected SYSTEM:FIGURE_ID of ranges.csv")),
    field("sectors", sectors.DEFAULT_MODEL, N_("sector model: {models} (default: {default})"), sectors.canonical, str,
          url="sectors", flag="--sectors", metavar="MODEL", choices=tuple(sectors.MODEL_NAMES), option=True,
          commands=OPTIONS, state="sectors_model",
          warning=N_("Unknown sector model {value} in the URL; using {default} (known: {known})")),
    field("planned", False, N_("also draw/count range rings of systems not yet in place (labelled planned)"), _switch,
          lambda on: "1" if on else "0", url="planned", flag="--planned", switch=True, option=True,
          commands=(*OPTIONS, "engage"), state="planned"),
    field("what_if", (), N_("a hypothetical site (repeatable, at most {count}): NAME@LAT,LON,RADIUS_KM, optionally ,NATO "
                            "or ,CSTO (default: the side of the state the point lies in at the date) and ,FIGURE_ID of "
                            "ranges.csv; exported as layer what_if, counted in the analysis labelled hypothetical"),
          lambda text: what_if_specs.parse(text).spec, str, url="what_if", flag="--what-if",
          metavar="NAME@LAT,LON,RADIUS_KM", many=";", most=what_if_specs.MAX_SITES, commands=(*MAPS, "analyze"),
          state="what_if_specs", warning=N_("URL what_if value ignored: {problem}"),
          too_many=N_("URL what_if value ignored: {n} what-if values over the limit of {most} hypothetical sites")),
    field("story", None, N_("the story's step N (its date and layers)"), _step, str, url="story", flag="--story",
          metavar="N", commands=("cite",), state="story",
          warning=N_("URL story step {value} ignored: the story has steps 1 to {steps}")),
    field("compare", None, N_("the app's Compare date"), parse_date, _date_text, url="compare", flag="--compare",
          metavar="YYYY-MM-DD", commands=("cite",), state="compare_date",
          warning=N_("{what} {value} ignored: expected a date as YYYY-MM-DD")),
    field("path", "", N_("a threat's path (repeatable, at most {count}), each end LAT,LON or a place of places.csv: its "
                         "ground track with minute ticks, each interceptor site's reach by verdict and the radar horizons "
                         "(see shieldmap engage)"), parse_path, str, url="path", flag="--path", metavar="FROM>TO",
          many=";", most=MAX_PATHS, commands=MAPS, state="engage_path",
          warning=N_("URL path {value} ignored: expected FROM>TO, each LAT,LON or a place id (at most {most}, ; between)"),
          too_many=N_("URL path: at most {most} paths; {n} ignored")),
    field("footprint", "", N_("the defended footprint of launches from this point, as the app draws it (see shieldmap "
                              "footprint): the layer footprint"), parse_point, str, url="footprint", flag="--footprint",
          metavar="PLACE|GROUP|LAT,LON", commands=MAPS, state="footprint",
          warning=N_("URL footprint {value} ignored: expected a place or group id, or LAT,LON")),
    field("interceptor", "", N_("with --path: screen every interceptor site with this interceptor (default: each site's "
                                "own)"), lambda text: str(text).strip()[:MAX_INTERCEPTOR_CHARS], str, url="interceptor",
          flag="--interceptor", metavar="NAME[=FIGURE_ID]", needs="engaged", commands=ENGAGE,
          state="engage_interceptor"),
    field("target_altitude_km", DEFAULT_TARGET_ALTITUDE_KM, N_("with --path: target altitude of the radar horizons "
                                                              "(default {km} km)"),
          bounds=ALTITUDE, url="target_altitude", flag="--target-altitude", metavar="KM", needs="path",
          commands=ENGAGE, state="engage_altitude_km"),
    field("burnout_angle_deg", None, N_("burnout flight-path angle for a lofted or depressed trajectory (default: "
                                        "minimum energy)"),
          bounds=BURNOUT_ANGLE, url="burnout_angle", flag="--burnout-angle", metavar="DEG", needs="path",
          commands=ENGAGE, state="engage_burnout_angle_deg"),
    field("boost_s", None, N_("the threat's boost phase in seconds (default: the default claim of timeline.csv)"),
          bounds=TIMELINE, url="boost", flag="--boost", metavar="SECONDS", needs="engaged", commands=ENGAGE,
          state="engage_boost_s"),
    field("delay_s", None, N_("seconds from the threat's burnout to the earliest interceptor launch (default: "
                              "timeline.csv)"),
          bounds=TIMELINE, url="delay", flag="--delay", metavar="SECONDS", needs="engaged", commands=ENGAGE,
          state="engage_delay_s"),
    field("burnout_kms", None, N_("a hypothetical burnout speed in km/s at every interceptor site"),
          bounds=BURNOUT, url="burnout", flag="--burnout", metavar="KMS", needs="engaged", commands=ENGAGE,
          state="engage_burnout_kms"),
    field("stations", (), N_("an interceptor site of your own (repeatable, at most {most}); without an interceptor, give "
                             "--burnout"), lambda text: parse_station(text).spec, str, url="sites", flag="--site",
          metavar="NAME@LAT,LON[:INTERCEPTOR]", many=";", most=MAX_STATIONS, needs="engaged", commands=ENGAGE,
          state="engage_sites", warning=N_("URL site ignored: {problem}")),
    field("lang", i18n.DEFAULT, "the interface's language", i18n.parse, str, url="lang", flag="--lang",
          choices=tuple(i18n.LANGUAGES), commands=LANG_COMMANDS, state="lang",
          warning=N_("Unknown language {value} in the URL; using English (known: {known})")),
    field("embed", False, "the map alone under a one-line header, for an <iframe>", _embed,
          lambda on: "1" if on else "0", url="embed", state="embed", warning=N_("URL embed value {value} ignored: "
                                                                                 "expected 1 or 0")),
)
"""Every field of a view, in the order of the URL and the command line."""
BY_NAME = {item.name: item for item in FIELDS}
ENGAGEMENT = tuple(item.name for item in FIELDS if item.needs)
"""The engagement's options: the fields that need a path (or a footprint)."""


def declared(name: str) -> Field:
    """The declaration of a field by its name."""
    return BY_NAME[name]

