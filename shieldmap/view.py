"""What one view of the map is, in one frozen, hashable value: :class:`View`.

A view is the date, the layers shown, the options the layers are built with (:class:`LayerOptions`: the range
figures chosen, planned capability, the sector model), the basemap, the hypothetical sites and the time state
(story step, compare date). Every front end takes it: the app (from the URL and its session), the command line
(from its arguments), the HTML export, the story, the figure and ``shieldmap diff``. It is the key of the
caches, and it turns into and back from each of those forms:

- the URL: :meth:`View.to_query` and :func:`from_query` (every value bounded and checked; a bad one is ignored
  with a short warning that quotes it as plain text);
- the command line: :meth:`View.command` (quoted with :func:`shlex.join`) and :func:`from_args` (the values
  argparse has already checked).

Layer options are what a built layer depends on besides its date, and nothing else: two views that differ only
in their basemap or story step share their layers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shlex
from dataclasses import dataclass
from typing import Any

from geo import what_if as what_if_specs
from geo.engagement_seeds import MAX_STATIONS, parse_station
from geo.flyout import MAX_BURNOUT_KMS
from geo.intercept import MAX_TIMELINE_S
from geo.sectors import ALIASES, DEFAULT_MODEL, MODEL_NAMES
from layers.registry import DEFAULT_AS_OF, DEFAULT_LAYERS, LAYERS, parse_date
from geo.texts import TextError
from shieldmap.i18n import DEFAULT as DEFAULT_LANG, LANGUAGES, N_, _, explain

DEFAULT_BASEMAP = "offline"
BASEMAPS = {
    "offline": N_("Offline vector (Natural Earth)"),
    "osm": N_("OpenStreetMap (online)"),
    "positron": N_("CartoDB Positron (online)"),
}
"""Basemap names and titles (their tiles are the web map's: :mod:`shieldmap.web.webmap`)."""
SHOWN_MAX = 40
"""Longest URL value quoted in a warning (the rest is cut with an ellipsis)."""
MAX_VALUE_CHARS = 4000
"""Longest URL value read at all (20 what-if sites fit in it); a longer one is refused unread."""
DEFAULT_TARGET_ALTITUDE_KM = 100.0
MAX_TARGET_ALTITUDE_KM = 2000.0
MAX_PATHS = 3
"""Most engagement paths in one view (``path=A>B;C>D``, ``--path`` repeated)."""
_POINT = r"\s*(?:-?\d{1,3}(?:\.\d+)?\s*,\s*-?\d{1,3}(?:\.\d+)?|[a-z0-9][a-z0-9-]{0,40})\s*"
_PATH = re.compile(f"{_POINT}>{_POINT}")
_FOOTPRINT = re.compile(_POINT)
_STEP = re.compile(r"[0-9]{1,4}")  # ASCII digits only: "²".isdigit() is True, int("²") fails
LANG_COMMANDS = ("figure", "export", "animate")
"""The commands whose output has text in the interface's language (``--lang``)."""
_FIGURE = re.compile(r"([^=:,;]+)[=:]([a-z0-9][a-z0-9._-]*)")
TIMELINE_OPTIONS = {"boost": "boost_s", "delay": "delay_s", "burnout": "burnout_kms"}
"""The engagement's timeline and speed: URL key and option name -> :class:`View` field."""
TIMELINE_LIMITS = {"boost": (0.0, MAX_TIMELINE_S, False), "delay": (0.0, MAX_TIMELINE_S, False),
                   "burnout": (0.0, MAX_BURNOUT_KMS, True)}
"""Each one's bounds, and whether the lower one is excluded (seconds; km/s)."""


@dataclass(frozen=True)
class LayerOptions:
    """What a built layer depends on besides its date."""

    figures: tuple[tuple[str, str], ...] = ()  # (system, range figure id), sorted; only non-default choices
    planned: bool = False
    sectors: str = DEFAULT_MODEL

    def build_args(self) -> dict:
        """Keyword arguments of :func:`layers.registry.build_layers` and ``analysis_layers``."""
        return {"figures": dict(self.figures), "planned": self.planned, "sectors_model": self.sectors}

    def cli_args(self) -> list[str]:
        """The same options as ``shieldmap`` arguments (unquoted; see :meth:`View.command`)."""
        args = [part for system, figure in self.figures for part in ("--figure", f"{system}={figure}")]
        if self.sectors != DEFAULT_MODEL:
            args += ["--sectors", self.sectors]
        return args + (["--planned"] if self.planned else [])


@dataclass(frozen=True)
class View:
    """One view of the map: see the module's documentation."""

    as_of: dt.date = DEFAULT_AS_OF
    layers: tuple[str, ...] = DEFAULT_LAYERS
    options: LayerOptions = LayerOptions()
    basemap: str = DEFAULT_BASEMAP
    what_if: tuple[str, ...] = ()  # hypothetical sites as spec strings (geo.what_if), each valid
    story: int | None = None
    compare: dt.date | None = None
    path: str = ""  # engagement paths FROM>TO (each LAT,LON or a place of places.csv), ";" between, "" for none
    interceptor: str = ""  # NAME or NAME=FIGURE_ID of interceptors.csv for every interceptor site, "" for each site's own
    target_altitude_km: float = DEFAULT_TARGET_ALTITUDE_KM  # the radar horizons' target altitude
    boost_s: float | None = None  # the threat's boost (None: the default of timeline.csv)
    delay_s: float | None = None  # from the threat's burnout to the earliest interceptor launch (None: timeline.csv)
    burnout_kms: float | None = None  # a hypothetical burnout speed at every interceptor site
    stations: tuple[str, ...] = ()  # interceptor sites of one's own, NAME@LAT,LON[:INTERCEPTOR] (geo.engagement_seeds)
    footprint: str = ""  # the launch point(s) of a defended footprint: a place id, a group id or LAT,LON; "" for none
    lang: str = DEFAULT_LANG  # the interface's language (shieldmap.i18n.LANGUAGES)
    embed: bool = False  # ?embed=1: the map alone under a one-line header, for an <iframe> (shieldmap/embed.py)

    def replace(self, **changes) -> View:
        return dataclasses.replace(self, **changes)

    @property
    def paths(self) -> tuple[str, ...]:
        """The engagement paths, each ``FROM>TO``."""
        return tuple(part for part in self.path.split(";") if part)

    def engagement_args(self) -> list[str]:
        """``--path FROM>TO ... [--interceptor NAME] [--target-altitude KM]`` (nothing without a path)."""
        args = [part for one in self.paths for part in ("--path", one)] + (["--footprint", self.footprint] * bool(self.footprint))
        if not args:
            return []
        if self.interceptor:
            args += ["--interceptor", self.interceptor]
        if self.target_altitude_km != DEFAULT_TARGET_ALTITUDE_KM:
            args += ["--target-altitude", f"{self.target_altitude_km:g}"]
        for option, key in TIMELINE_OPTIONS.items():
            if getattr(self, key) is not None:
                args += [f"--{option}", f"{getattr(self, key):g}"]
        return args + [part for station in self.stations for part in ("--site", station)]

    def to_query(self) -> dict[str, str]:
        """URL parameters; what is at its default is left out, except the layers, date and basemap."""
        query = {"layers": ",".join(self.layers), "as_of": self.as_of.isoformat(), "basemap": self.basemap}
        if self.options.sectors != DEFAULT_MODEL:
            query["sectors"] = self.options.sectors
        if self.options.planned:
            query["planned"] = "1"
        if self.options.figures:
            query["figures"] = ",".join(f"{system}:{figure}" for system, figure in self.options.figures)
        if self.what_if:
            query["what_if"] = what_if_specs.join(self.what_if)
        if self.story is not None:
            query["story"] = str(self.story)
        if self.compare is not None:
            query["compare"] = self.compare.isoformat()
        if self.path:
            query["path"] = self.path
            if self.interceptor:
                query["interceptor"] = self.interceptor
            if self.target_altitude_km != DEFAULT_TARGET_ALTITUDE_KM:
                query["target_altitude"] = f"{self.target_altitude_km:g}"
        if self.footprint:
            query["footprint"] = self.footprint
        if self.path or self.footprint:
            query.update({option: f"{getattr(self, key):g}" for option, key in TIMELINE_OPTIONS.items()
                          if getattr(self, key) is not None})
            if self.stations:
                query["sites"] = ";".join(self.stations)
        if self.lang != DEFAULT_LANG:
            query["lang"] = self.lang
        if self.embed:
            query["embed"] = "1"
        return query

    def cli_args(self, command: str) -> list[str]:
        """This view's arguments of ``shieldmap COMMAND`` (export, figure, analyze, or diff between the
        compare date and the date)."""
        layers = ["--layers", ",".join(self.layers) or "..."]
        if command == "diff":
            start, end = sorted((self.compare or self.as_of, self.as_of))
            return ["--from", start.isoformat(), "--to", end.isoformat(), *layers, *self.options.cli_args()]
        args = ([] if command == "analyze" else layers) + ["--as-of", self.as_of.isoformat(), *self.options.cli_args()]
        args += self.engagement_args() if command != "analyze" else []
        args += ["--lang", self.lang] if self.lang != DEFAULT_LANG and command in LANG_COMMANDS else []
        return args + [part for spec in self.what_if for part in ("--what-if", spec)]

    def command(self, command: str, out: str = "FILE") -> str:
        """The shell command that makes the same bytes, quoted with :func:`shlex.join`."""
        return shlex.join(["shieldmap", command, *self.cli_args(command), "--out", out])


def shown(value: object) -> str:
    """A value from the URL, quoted and at most :data:`SHOWN_MAX` characters (plain text, not Markdown)."""
    text = "".join(c if c.isprintable() else "?" for c in str(value))
    return repr(text if len(text) <= SHOWN_MAX else text[:SHOWN_MAX - 1] + "…")


def bounded(params: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """``params`` without any value over :data:`MAX_VALUE_CHARS` characters (one short warning for each
    of those, naming the key and the length, never quoting the value)."""
    kept, warnings = {}, []
    for key, value in params.items():
        if len(value) > MAX_VALUE_CHARS:
            warnings.append(_("URL value {key}= ignored: it is {n} characters long, over the {limit} limit").format(
                key=shown(key)[1:-1][:20], n=f"{len(value):,}", limit=f"{MAX_VALUE_CHARS:,}"))
        else:
            kept[key] = value
    return kept, warnings


def from_query(params: dict[str, str], span: tuple[dt.date, dt.date], steps: int = 0,
               figure_ids: dict[str, set[str]] | None = None) -> tuple[View, tuple[str, ...]]:
    """The view a URL asks for, and one warning per value ignored (plain text; the app escapes them).

    With ``layers`` present (even empty), exactly those layers are shown. Dates outside ``span`` are
    clipped to it; ``story`` is a step in 1..``steps``; ``figures`` (``SYSTEM:FIGURE_ID,...``) are
    checked against ``figure_ids`` (system -> its figure ids) when given; at most
    :data:`geo.what_if.MAX_SITES` what-ifs are kept, the rest counted in one warning.
    """
    params, warnings = bounded(params)
    layers = _layers(params, warnings)
    as_of = _date(params, "as_of", _("URL date"), span, warnings) or DEFAULT_AS_OF
    basemap = params.get("basemap") or DEFAULT_BASEMAP
    if basemap not in BASEMAPS:
        warnings.append(_("Unknown basemap {value} in the URL; using the offline basemap").format(value=shown(basemap)))
        basemap = DEFAULT_BASEMAP
    model = params.get("sectors") or DEFAULT_MODEL
    model = ALIASES.get(model, model)  # old links: sectors=borders
    if model not in MODEL_NAMES:
        warnings.append(_("Unknown sector model {value} in the URL; using {default} (known: {known})").format(
            value=shown(model), default=repr(DEFAULT_MODEL), known=", ".join(MODEL_NAMES)))
        model = DEFAULT_MODEL
    planned = params.get("planned", "0") not in ("", "0", "false", "no")
    figures = _figures(params.get("figures"), figure_ids, warnings)
    hypothetical, bad = what_if_specs.parse_many(params.get("what_if"), label=_("URL what_if value ignored: "))
    story = None
    if params.get("story"):
        text = params["story"].strip()
        if _STEP.fullmatch(text) and 1 <= int(text) <= steps:
            story = int(text)
        else:
            warnings.append(_("URL story step {value} ignored: the story has steps 1 to {steps}").format(
                value=shown(text), steps=steps))
    compare = _date(params, "compare", _("URL compare date"), span, warnings)
    lang = (params.get("lang") or DEFAULT_LANG).strip().lower()
    if lang not in LANGUAGES:
        warnings.append(_("Unknown language {value} in the URL; using English (known: {known})").format(
            value=shown(params["lang"]), known=", ".join(LANGUAGES)))
        lang = DEFAULT_LANG
    view = View(as_of=as_of, layers=layers, options=LayerOptions(figures, planned, model), basemap=basemap,
                what_if=tuple(item.spec for item in hypothetical), story=story, compare=compare,
                lang=lang, embed=_embed(params.get("embed"), warnings), **_engagement(params, warnings))
    return view, (*warnings, *bad)


EMBED_VALUES = {"1": True, "true": True, "0": False, "false": False, "": False}


def _embed(text: str | None, warnings: list[str]) -> bool:
    """``embed=1`` (or ``true``, Streamlit's own word) asks for the embedded view; ``0``/``false`` for the full one."""
    value = EMBED_VALUES.get((text or "").strip().lower())
    if value is None:
        warnings.append(f"URL embed value {shown(text)} ignored: expected 1 or 0")
        return False
    return value


def parse_path(text: str) -> str:
    """One path ``FROM>TO`` (each ``LAT,LON`` or a place id), stripped; ``ValueError`` otherwise (the points
    are checked against the seeds when the path is drawn)."""
    if not _PATH.fullmatch(str(text)):
        raise ValueError(f"bad path {shown(text)}: expected FROM>TO, each LAT,LON or a place id")
    return ">".join(part.strip() for part in str(text).split(">"))


def _engagement(params: dict[str, str], warnings: list[str]) -> dict:
    """``path=FROM>TO`` (up to :data:`MAX_PATHS`, ``;`` between) with ``interceptor`` and ``target_altitude``; ``footprint=
    POINT`` (a place or group id, or LAT,LON); the timeline and sites with either (checked against the seeds when drawn)."""
    text = (params.get("footprint") or "").strip()
    chosen = {"footprint": text} if text and _FOOTPRINT.fullmatch(text) else {}
    if text and not chosen:
        warnings.append(_("URL footprint {value} ignored: expected a place or group id, or LAT,LON").format(
            value=shown(text)))
    more = _path(params, warnings) if params.get("path") else _timeline(params, warnings) if chosen else {}
    return {**chosen, **more}


def _timeline(params: dict[str, str], warnings: list[str]) -> dict:
    chosen: dict[str, float | tuple[str, ...]] = {}
    for option, key in TIMELINE_OPTIONS.items():
        if params.get(option):
            try:
                chosen[key] = timeline_value(option, params[option])
            except ValueError as exc:
                warnings.append(_("URL {key} value ignored: {problem}").format(key=option, problem=explain(exc)))
    if params.get("sites"):
        chosen["stations"] = _stations(params["sites"], warnings)
    return chosen


def _path(params: dict[str, str], warnings: list[str]) -> dict:
    try:
        parts = [parse_path(part) for part in params["path"].split(";") if part.strip()]
        if not 0 < len(parts) <= MAX_PATHS:
            raise ValueError
    except ValueError:
        warnings.append(_("URL path {value} ignored: expected FROM>TO, each LAT,LON or a place id (at most {n}, ; "
                          "between)").format(value=shown(params["path"]), n=MAX_PATHS))
        return {}
    chosen: dict[str, str | float] = {"path": ";".join(parts), **({"interceptor": params["interceptor"].strip()[:80]}
                                                                   if params.get("interceptor") else {})}
    if params.get("target_altitude"):
        try:
            altitude = float(params["target_altitude"])
            if not 0 < altitude <= MAX_TARGET_ALTITUDE_KM:
                raise ValueError
            chosen["target_altitude_km"] = altitude
        except ValueError:
            warnings.append(_("URL target altitude {value} ignored: expected km in (0, {limit}]").format(
                value=shown(params["target_altitude"]), limit=f"{MAX_TARGET_ALTITUDE_KM:g}"))
    return {**chosen, **_timeline(params, warnings)}


def timeline_value(option: str, text: str) -> float:
    """A ``boost``, ``delay`` (seconds) or ``burnout`` (km/s) value within :data:`TIMELINE_LIMITS`; a
    ``ValueError`` naming the value and the bounds."""
    low, high, open_low = TIMELINE_LIMITS[option]
    try:
        value = float(str(text).strip())
    except ValueError:
        raise TextError(N_("{value} is not a number"), value=shown(text)) from None
    if not (low < value <= high if open_low else low <= value <= high):
        raise TextError(N_("{value} is outside {bounds}"), value=shown(text),
                        bounds=f"{'(' if open_low else '['}{low:g}, {high:g}]")
    return value


def _stations(text: str, warnings: list[str]) -> tuple[str, ...]:
    """The URL's ``sites``: each ``NAME@LAT,LON[:INTERCEPTOR]`` (the interceptor checked when the path is drawn),
    at most :data:`geo.engagement_seeds.MAX_STATIONS`."""
    kept = []
    for part in (p for p in text.split(";") if p.strip()):
        try:
            kept.append(parse_station(part).spec)
        except ValueError as exc:
            warnings.append(_("URL site ignored: {problem}").format(problem=explain(exc)))
    if len(kept) > MAX_STATIONS:
        warnings.append(_("URL sites: {n} ignored past the first {most}").format(n=len(kept) - MAX_STATIONS, most=MAX_STATIONS))
    return tuple(kept[:MAX_STATIONS])


def _layers(params: dict[str, str], warnings: list[str]) -> tuple[str, ...]:
    if "layers" not in params:
        return DEFAULT_LAYERS
    asked = [part.strip() for part in (params["layers"] or "").split(",") if part.strip()]
    unknown = [part for part in asked if part not in LAYERS]
    if unknown:
        more = _(" and {n} more").format(n=len(unknown) - 5) if len(unknown) > 5 else ""
        warnings.append(_("Unknown layer id(s) in the URL ignored: ") + ", ".join(map(shown, unknown[:5])) + more)
    return tuple(i for i in LAYERS if i in asked)


def _date(params: dict[str, str], key: str, what: str, span, warnings: list[str]) -> dt.date | None:
    if not params.get(key):
        return None
    try:
        day = parse_date(params[key])
    except ValueError:
        warnings.append(_("{what} {value} ignored: expected a date as YYYY-MM-DD").format(what=what, value=shown(params[key])))
        return None
    if not span[0] <= day <= span[1]:
        clipped = min(max(day, span[0]), span[1])
        warnings.append(_("{what} {day} is outside the data ({start} to {end}); using {clipped}").format(
            what=what, day=day, start=span[0], end=span[1], clipped=clipped))
        day = clipped
    return day


def _figures(text: str | None, known: dict[str, set[str]] | None, warnings: list[str]) -> tuple[tuple[str, str], ...]:
    chosen = {}
    for part in (p.strip() for p in (text or "").split(",") if p.strip()):
        match = _FIGURE.fullmatch(part)
        if match is None or (known is not None and match[2] not in known.get(match[1], ())):
            warnings.append(_("URL range figure {value} ignored: expected SYSTEM:FIGURE_ID of ranges.csv").format(
                value=shown(part)))
        else:
            chosen[match[1]] = match[2]
    return tuple(sorted(chosen.items()))


def from_args(args) -> View:
    """The view of a ``shieldmap`` command's parsed arguments (checked by argparse's types)."""
    figures = tuple(sorted(dict(getattr(args, "figure", None) or ()).items()))
    options = LayerOptions(figures, bool(getattr(args, "planned", False)), getattr(args, "sectors", DEFAULT_MODEL))
    paths = list(getattr(args, "path", None) or ())
    if len(paths) > MAX_PATHS:
        raise ValueError(f"{len(paths)} --path values: at most {MAX_PATHS}")
    engagement: dict[str, Any] = {"path": ";".join(paths), "interceptor": (getattr(args, "interceptor", None) or "").strip(),
                  "target_altitude_km": getattr(args, "target_altitude", DEFAULT_TARGET_ALTITUDE_KM),
                  **{key: getattr(args, key, None) for key in TIMELINE_OPTIONS.values()},
                  "stations": tuple(getattr(args, "stations", None) or ()),
                  "footprint": getattr(args, "footprint", None) or ""} if paths or getattr(args, "footprint", None) else {}
    return View(as_of=getattr(args, "as_of", DEFAULT_AS_OF), layers=tuple(getattr(args, "layers", None) or ()),
                options=options, what_if=tuple(getattr(args, "what_if", None) or ()),
                lang=getattr(args, "lang", None) or DEFAULT_LANG, **engagement)


def data_span(seeds) -> tuple[dt.date, dt.date]:
    """First and last dated fact among sites, statuses and events: the slider's span."""
    days = [d for d in list(seeds.sites["start"]) + list(seeds.sites["end"]) + list(seeds.statuses["from"])
            + list(seeds.events["date"]) if d is not None]
    return min(days), max(days)
