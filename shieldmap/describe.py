"""The map in words: what a view shows at its date, for a screen reader (issue 24, point 2).

Made from the layers as built (never written by hand): the date; per shown layer its title, how many
features it has and their names (with a site's status at the date); the proposed sectors (the model,
each holder's direction and states, their status since when); and what changed in the shown layers
since the previous event (:func:`previous_event`), through :func:`geo.diff.diff_layers`, as
``shieldmap diff`` computes it. The app puts the text in the page and in the map's frame (a region the
map's container names with ``aria-describedby``); :func:`frame_title` names the map's frame. The HTML
export (``shieldmap export --out map.html``) has the same text under its map (:func:`describe_view`).

Plain text: the caller escapes it wherever it meets HTML or Markdown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from geo.diff import diff_layers
from geo.sector_edges import areas
from geo.sectors import staged, title
from layers.registry import LAYERS
from layers.style import has_holders, status_group
from shieldmap import i18n
from shieldmap.i18n import N_, _, ngettext, translate
from shieldmap.statuses import date_text, states_text

TITLE = N_("Missile defence in Europe, 2010–2013")
"""The map's title (English; ``_(TITLE)`` where shown)."""
MAX_NAMES = 12
"""Names listed per layer; the rest are counted."""


@dataclass(frozen=True)
class PreviousEvent:
    """The event before the shown date: its day, name and Russian name (``name_ru`` of events.csv, if any)."""

    date: dt.date
    name: str
    name_ru: str | None = None

    def local_name(self) -> str:
        """The name in the current language (English where the data has no other)."""
        return self.name_ru if i18n.current() == "ru" and self.name_ru else self.name


@dataclass(frozen=True)
class Description:
    """``summary``: one sentence (counts); ``paragraphs``: the layers, the sectors, the changes."""

    summary: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join((self.summary, *self.paragraphs))


def long_date(day: dt.date) -> str:
    """``31 October 2013`` / ``31 октября 2013 г.`` (the current language)."""
    return i18n.date_long(day)


def layer_title(layer_id: str) -> str:
    return _(LAYERS[layer_id].title) if layer_id in LAYERS else layer_id


def local_name(row: dict) -> str:
    """A feature's name in the current language: its ``name_LANG`` column where the data has one."""
    other = row.get(f"name_{i18n.current()}") if i18n.current() != i18n.DEFAULT else None
    # else its name; a name our code gives (a model's land in no sector: N_ where defined) translated
    return other if isinstance(other, str) and other else translate(str(row["name"]))


def frame_title(as_of: dt.date, layer_ids) -> str:
    """The title of the map's frame: what it is, the date and the layers shown."""
    titles = [layer_title(i) for i in layer_ids if i in LAYERS]
    shown = "; ".join(titles) if titles else _("no layer shown")
    return _("Map: {title}, as of {date} ({layers})").format(title=_(TITLE), date=long_date(as_of), layers=shown)


def previous_event(events, as_of: dt.date) -> PreviousEvent | None:
    """The latest event dated before ``as_of`` (``events``: the seeds' events table); None before the first."""
    earlier = events[events["date"] < as_of]
    if not len(earlier):
        return None
    last = earlier.sort_values(["date", "id"]).iloc[-1]
    russian = last.get("name_ru")
    return PreviousEvent(last["date"], str(last["name"]), russian if isinstance(russian, str) and russian else None)


def before_previous(event: PreviousEvent | None) -> dt.date | None:
    """The day whose layers the changes are counted from: the day before the previous event (so what that
    event changed is among them)."""
    return event.date - dt.timedelta(days=1) if event is not None else None


def sentence(text: str) -> str:
    """``text`` ending with one full stop (a Russian date already ends with one: ``8 июн. 2011 г.``)."""
    return text if text.endswith(".") else text + "."


def _listed(parts: list[str], count: int) -> str:
    """``parts`` joined, and how many more there are (``count`` in all)."""
    names = "; ".join(parts[:MAX_NAMES])
    return _("{names} and {n} more").format(names=names, n=count - MAX_NAMES) if count > MAX_NAMES else names


def _names(frame) -> str:
    rows = frame.to_dict("records")
    parts = []
    for row in rows[:MAX_NAMES]:
        name = local_name(row)
        group = status_group(row.get("status"))
        parts.append(f"{name} ({translate(row['status'])})" if group is not None and not has_holders(row["layer"])
                     else name)
    return _listed(parts, len(rows))


def _sectors(frame) -> str | None:
    rows = [r for r in frame.to_dict("records") if isinstance(r.get("holder"), str)]
    if not rows:
        return None
    model = staged(rows[0].get("model"), rows[0].get("interpretation"))
    model_title = _(title(model)) if model else str(rows[0].get("model"))
    parts = [f"{translate(r['holder'])} — {translate(r['direction'])}"
             + (f": {states_text(r['states'], ', ')}" if r.get("states") else "") for r in rows]
    statuses = sorted({f"{translate(r['status'])} {date_text(r.get('status_from'))}".strip()
                       for r in rows if r.get("status")})
    status = " " + sentence(_("Status: {statuses}").format(statuses=", ".join(statuses))) if statuses else ""
    gap = len(areas(frame)) - len(rows)
    rest = " " + _("The land in no sector is drawn grey.") if gap else ""
    rest += " " + _("The edges no source gives are drawn hatched.") if len(frame) > len(areas(frame)) else ""
    head = ngettext("The {n} proposed sector of responsibility, an interpretation ({model}).",
                    "The {n} proposed sectors of responsibility, an interpretation ({model}).", len(rows))
    return head.format(n=len(rows), model=model_title) + " " + " ".join(sentence(p) for p in parts) + status + rest


CHANGES = (("added", N_("Added: {names}")), ("removed", N_("Removed: {names}")),
           ("status", N_("Changed status: {names}")))
"""geo.diff's change kinds and their sentence (translated where shown)."""


def _change_name(row: dict, names: dict) -> str:
    name = names.get((row["layer"], row["id"])) or str(row["name"])
    if row["change"] != "status":
        return name
    return _("{name} ({before} to {after})").format(name=name, before=translate(row["status_before"]),
                                                     after=translate(row["status_after"]))


def _changes(before: dict, after: dict, event: PreviousEvent) -> str:
    table = diff_layers(before, after)
    when, name = date_text(event.date.isoformat()), event.local_name()
    if not len(table):
        return _("Since the previous event ({date}: {event}), nothing in the shown layers has changed.").format(
            date=when, event=name)
    names = {}  # (layer, id) -> the feature's name in the current language (the later state's, else the earlier's)
    for built in (before, after):
        for layer_id, frame in built.items():
            names.update({(layer_id, row["id"]): local_name(row) for row in frame.to_dict("records")})
    parts = []
    for change, wording in CHANGES:
        rows = table[table["change"] == change].to_dict("records")
        if rows:
            parts.append(_(wording).format(names=_listed([_change_name(r, names) for r in rows[:MAX_NAMES]],
                                                          len(rows))))
    head = _("Since the previous event ({date}: {event}), changes in the shown layers: {n}.").format(
        date=when, event=name, n=len(table))
    return head + " " + " ".join(sentence(p) for p in parts)


def describe(as_of: dt.date, built: dict, event: PreviousEvent | None = None, before: dict | None = None) -> Description:
    """The description of the layers ``built`` ({layer id: frame}, in the map's order) at ``as_of``, in the
    current language (:mod:`shieldmap.i18n`); with the previous ``event`` and the layers built at
    :func:`before_previous` (``before``: the same layer ids), what changed since it."""
    shown = {i: areas(frame) if has_holders(i) else frame for i, frame in built.items()}  # the bands aside
    counts = {i: len(frame) for i, frame in shown.items()}
    total = sum(counts.values())
    title, date = _(TITLE), long_date(as_of)
    if not built:
        summary = _("The map ({title}) as of {date} shows no layer, only the countries' borders.").format(
            title=title, date=date)
    else:
        listed = ", ".join(f"{layer_title(i)} ({n})" for i, n in counts.items())
        summary = _("The map ({title}) as of {date} shows these layers (features: {total}): {layers}.").format(
            title=title, date=date, total=total, layers=listed)
    paragraphs = []
    for layer_id, frame in built.items():
        if has_holders(layer_id):
            text = _sectors(frame)
            if text:
                paragraphs.append(text)
        elif len(frame):
            paragraphs.append(sentence(f"{layer_title(layer_id)}: {_names(frame)}"))
        else:
            paragraphs.append(_("{layer}: none at this date.").format(layer=layer_title(layer_id)))
    if event is not None and before is not None and built:
        paragraphs.append(_changes({i: areas(before[i]) if has_holders(i) else before[i] for i in built if i in before},
                                   shown, event))
    elif built:
        paragraphs.append(_("No event of the timeline comes before this date."))
    return Description(summary, tuple(paragraphs))


def describe_view(as_of: dt.date, built: dict, events, layers_at) -> Description:
    """:func:`describe` of ``built`` at ``as_of`` with what changed since the previous event of ``events`` (the
    seeds' events table); ``layers_at(day)`` gives the layers built at a day (a dict holding ``built``'s ids,
    with the same options). The app's page and the HTML export both describe a view through it."""
    event = previous_event(events, as_of)
    before = layers_at(before_previous(event)) if event is not None else None
    return describe(as_of, built, event, {i: before[i] for i in built} if before is not None else None)
