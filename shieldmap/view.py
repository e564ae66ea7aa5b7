"""What one view of the map is, in one frozen, hashable value: :class:`View`.

A view is the date, the layers shown, the options the layers are built with (:class:`LayerOptions`: the range
figures chosen, planned capability, the sector model), the basemap, the hypothetical sites, the time state
(story step, compare date) and the engagement (paths, footprint, interceptor, target altitude, burnout angle,
boost, delay, speed, sites of one's own). Every front end takes it: the app (from the URL and its session), the
command line (from its arguments), the HTML export, the story, the figure, ``shieldmap diff`` and ``shieldmap
engage`` (one path). It is the key of the caches.

Each field is declared once in :mod:`shieldmap.view_fields` (name, default, URL key, flag, bounds, parser,
serialiser); the forms below are derived from those declarations:

- the URL: :meth:`View.to_query` and :func:`from_query` (every value bounded and checked; a bad one is ignored
  with a short warning that quotes it as plain text);
- the command line: :meth:`View.command` (quoted with :func:`shlex.join`) and :func:`from_args` (the values
  argparse has already checked with the same parsers).

Layer options are what a built layer depends on besides its date, and nothing else: two views that differ only
in their basemap or story step share their layers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shlex
from dataclasses import dataclass
from typing import Any

from layers.registry import DEFAULT_AS_OF, DEFAULT_LAYERS, LAYER_IDS
from shieldmap.i18n import N_, _, explain
from shieldmap.view_fields import (BASEMAPS, DEFAULT_BASEMAP, DEFAULT_TARGET_ALTITUDE_KM, FIELDS, LANG_COMMANDS,
                                   MAX_PATHS, SHOWN_MAX, Field, parse_path, shown)

__all__ = ["BASEMAPS", "DEFAULT_AS_OF", "DEFAULT_BASEMAP", "DEFAULT_LAYERS", "DEFAULT_TARGET_ALTITUDE_KM",
           "LANG_COMMANDS", "MAX_PATHS", "SHOWN_MAX", "LayerOptions", "View", "bounded", "data_span", "from_args",
           "from_query", "of_values", "parse_path", "shown"]

MAX_VALUE_CHARS = 4000
"""Longest URL value read at all (20 what-if sites fit in it); a longer one is refused unread."""
MAX_MESSAGES = 3
"""Bad items of one URL value quoted one by one; the rest are counted in one line."""
_DEFAULT = {item.name: item.default for item in FIELDS}
"""Each field's default, as declared."""
WHAT = {"as_of": N_("URL date"), "compare": N_("URL compare date")}
"""How a date's warning names it."""


@dataclass(frozen=True)
class LayerOptions:
    """What a built layer depends on besides its date (the fields declared with ``option``)."""

    figures: tuple[tuple[str, str], ...] = _DEFAULT["figures"]
    planned: bool = _DEFAULT["planned"]
    sectors: str = _DEFAULT["sectors"]

    def build_args(self) -> dict:
        """Keyword arguments of :func:`layers.registry.build_layers` and ``analysis_layers``."""
        return {"figures": dict(self.figures), "planned": self.planned, "sectors_model": self.sectors}

    def cli_args(self) -> list[str]:
        """The same options as ``shieldmap`` arguments (unquoted; see :meth:`View.command`)."""
        return View(options=self).cli_args("animate")


def _engaged(view: View, item: Field) -> bool:
    """Whether a field applies: one that needs a path (or a path or a footprint) is at its default without."""
    return (item.needs == "" or bool(view.path) if item.needs == "path" else
            item.needs == "" or bool(view.path or view.footprint))


@dataclass(frozen=True)
class View:
    """One view of the map: see the module's documentation. Each field, its default and what it holds are declared
    in :data:`shieldmap.view_fields.FIELDS`; ``path`` holds its paths as one text, ``;`` between."""

    as_of: dt.date = _DEFAULT["as_of"]
    layers: tuple[str, ...] = _DEFAULT["layers"]
    options: LayerOptions = LayerOptions()
    basemap: str = _DEFAULT["basemap"]
    what_if: tuple[str, ...] = _DEFAULT["what_if"]
    story: int | None = _DEFAULT["story"]
    compare: dt.date | None = _DEFAULT["compare"]
    path: str = _DEFAULT["path"]
    interceptor: str = _DEFAULT["interceptor"]
    target_altitude_km: float = _DEFAULT["target_altitude_km"]
    burnout_angle_deg: float | None = _DEFAULT["burnout_angle_deg"]
    boost_s: float | None = _DEFAULT["boost_s"]
    delay_s: float | None = _DEFAULT["delay_s"]
    burnout_kms: float | None = _DEFAULT["burnout_kms"]
    stations: tuple[str, ...] = _DEFAULT["stations"]
    footprint: str = _DEFAULT["footprint"]
    lang: str = _DEFAULT["lang"]
    embed: bool = _DEFAULT["embed"]

    def __post_init__(self):
        """A field that needs a path (or a footprint) is at its default without one: one view, one key."""
        for item in FIELDS:
            if not item.option and not _engaged(self, item):
                object.__setattr__(self, item.name, item.default)

    def replace(self, **changes) -> View:
        return dataclasses.replace(self, **changes)

    @property
    def paths(self) -> tuple[str, ...]:
        """The engagement paths, each ``FROM>TO``."""
        return tuple(part for part in self.path.split(";") if part)

    def shown(self, item: Field) -> bool:
        """Whether a field is written (in the URL or a command line): it applies, and is not at its default."""
        return _engaged(self, item) and (item.always or item.raw(self) != item.default)

    def to_query(self) -> dict[str, str]:
        """URL parameters; what is at its default is left out, except the layers, date and basemap."""
        return {item.url: item.joined(item.get(self)) for item in FIELDS if item.url and self.shown(item)}

    def cli_args(self, command: str) -> list[str]:
        """This view's arguments of ``shieldmap COMMAND`` (export, figure, analyze, cite, engage (one path), or
        diff between the compare date and the date)."""
        args: list[str] = []
        if command == "diff":
            start, end = sorted((self.compare or self.as_of, self.as_of))
            args = ["--from", start.isoformat(), "--to", end.isoformat()]
        if command == "engage":  # its one path (from_args reads them back)
            launch, target = self.path.split(">")
            args = ["--from", launch, "--to", target]
        for item in FIELDS:
            if item.flag and command in item.commands and self.shown(item):
                args += _flag_args(item, item.get(self))
        return args

    def command(self, command: str, out: str | None = "FILE") -> str:
        """The shell command that makes the same bytes, quoted with :func:`shlex.join` (``out`` None: a command
        that prints, ``shieldmap cite``)."""
        return shlex.join(["shieldmap", command, *self.cli_args(command), *(["--out", out] if out else [])])


def _flag_args(item: Field, value: Any) -> list[str]:
    assert item.flag is not None and item.text is not None
    if item.switch:
        return [item.flag] if value else []
    if item.many and item.repeat:
        return [part for one in value for part in (item.flag, item.text(one))]
    return [item.flag, item.joined(value) or "..."]  # (no layer at all: a placeholder, as the app's old command)


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


@dataclass
class _Reading:
    """What a URL is read against: the data's span, the story's steps, the range figures known; the warnings."""

    span: tuple[dt.date, dt.date]
    steps: int
    figure_ids: dict[str, set[str]] | None
    warnings: list[str]

    def warn(self, item: Field, template: str, text: str = "", problem: object = "", **more) -> None:
        words = {**item.words(), "key": item.url, "value": shown(text), "what": _(WHAT.get(item.name, "")),
                 "steps": self.steps, "problem": explain(problem) if isinstance(problem, Exception) else problem, **more}
        self.warnings.append(_(template).format(**words))

    def checked(self, item: Field, value: Any) -> Any:
        """A parsed value checked against the data (a date clipped to the span with a warning; a story step within
        the story; a range figure among the seeds'); ``ValueError`` to ignore it."""
        if item.name in WHAT and not self.span[0] <= value <= self.span[1]:
            clipped = min(max(value, self.span[0]), self.span[1])
            self.warnings.append(_("{what} {day} is outside the data ({start} to {end}); using {clipped}").format(
                what=_(WHAT[item.name]), day=value, start=self.span[0], end=self.span[1], clipped=clipped))
            return clipped
        if item.name == "story" and not 1 <= value <= self.steps:
            raise ValueError(f"step {value}")
        if item.name == "figures" and self.figure_ids is not None and value[1] not in self.figure_ids.get(value[0], ()):
            raise ValueError(f"figure {value}")
        return value

    def one(self, item: Field, text: str) -> Any:
        assert item.parse is not None
        return self.checked(item, item.parse(text))

    def read(self, item: Field, text: str) -> Any:
        """One URL value: a tuple of the good items (bad ones quoted up to :data:`MAX_MESSAGES`, then counted;
        past ``most`` counted), or one value (the default, with a warning, when it is bad)."""
        if not item.many:
            try:
                return self.one(item, text)
            except ValueError as exc:
                self.warn(item, item.warning, text, exc)
                return item.default
        good: list[Any] = []
        bad = over = 0
        for part in (p for p in text.split(item.many) if p.strip()):
            if item.most is not None and len(good) >= item.most:
                over += 1
                continue
            try:
                good.append(self.one(item, part))
            except ValueError as exc:
                bad += 1
                if bad <= MAX_MESSAGES:
                    self.warn(item, item.warning, part, exc)
        if bad > MAX_MESSAGES:
            self.warn(item, N_("URL {key}: {n} more bad values ignored"), n=f"{bad - MAX_MESSAGES:,}")
        if over:
            self.warn(item, item.too_many, n=f"{over:,}")
        return tidy(item, good)


def tidy(item: Field, items) -> tuple:
    """A tuple field's items as the view holds them: layers in the registry's order, range figures one per
    system and sorted, the others as given."""
    if item.name == "layers":
        return tuple(i for i in LAYER_IDS if i in set(items))
    if item.name == "figures":
        return tuple(sorted(dict(items).items()))
    return tuple(items)


def of_values(values: dict[str, Any]) -> View:
    """A view of field values by name (the layer options among them; a tuple of paths as its one text)."""
    options = {item.name: values.pop(item.name) for item in FIELDS if item.option and item.name in values}
    for item in FIELDS:  # a tuple the view holds as one text (its paths)
        if item.many and isinstance(item.default, str) and isinstance(values.get(item.name), (tuple, list)):
            values[item.name] = item.many.join(values[item.name])
    return View(options=LayerOptions(**options), **values)


def from_query(params: dict[str, str], span: tuple[dt.date, dt.date], steps: int = 0,
               figure_ids: dict[str, set[str]] | None = None) -> tuple[View, tuple[str, ...]]:
    """The view a URL asks for, and one warning per value ignored (plain text; the app escapes them).

    With ``layers`` present (even empty), exactly those layers are shown. Dates outside ``span`` are
    clipped to it; ``story`` is a step in 1..``steps``; ``figures`` (``SYSTEM:FIGURE_ID,...``) are
    checked against ``figure_ids`` (system -> its figure ids) when given; a tuple keeps at most its
    declared ``most`` items, the rest counted in one warning.
    """
    params, warnings = bounded(params)
    reading = _Reading(span, steps, figure_ids, warnings)
    values = {}
    for item in FIELDS:
        text = params.get(item.url) if item.url else None
        if text is None or not (text.strip() or item.name == "layers"):
            continue
        values[item.name] = reading.read(item, text)
    return of_values(values), tuple(warnings)


def from_args(args) -> View:
    """The view of a ``shieldmap`` command's parsed arguments (each checked by argparse with the field's parser)."""
    values: dict[str, Any] = {}
    if getattr(args, "path_from", None) and getattr(args, "path_to", None):  # shieldmap engage: its one path
        values["path"] = (f"{args.path_from}>{args.path_to}",)
    for item in FIELDS:
        value = getattr(args, item.name, None)  # a flag's, or a command's own (diff's --from, cite's --compare)
        if value is None or item.name in values:
            continue
        if item.many:
            if item.most is not None and len(value) > item.most:
                raise ValueError(f"{len(value)} {item.flag} values: at most {item.most}")
            value = tuple(value) if item.name == "layers" else tidy(item, value)  # --layers: the file's order
        values[item.name] = value
    if not values.get("layers"):
        values["layers"] = ()  # the command's own default
    return of_values(values)


def data_span(seeds) -> tuple[dt.date, dt.date]:
    """First and last dated fact among sites, statuses and events: the slider's span."""
    days = [d for d in list(seeds.sites["start"]) + list(seeds.sites["end"]) + list(seeds.statuses["from"])
            + list(seeds.events["date"]) if d is not None]
    return min(days), max(days)
