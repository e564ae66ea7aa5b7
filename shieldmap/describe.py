"""The map in words: what a view shows at its date, for a screen reader (issue 24, point 2).

Made from the layers as built (never written by hand): the date; per shown layer its title, how many
features it has and their names (with a site's status at the date); the proposed sectors (the model,
each holder's direction and states, their status since when); and what changed in the shown layers
since the previous event (:func:`previous_event`), through :func:`geo.diff.diff_layers`, as
``shieldmap diff`` computes it. The app puts the text in the page and in the map's frame (a region the
map's container names with ``aria-describedby``); :func:`frame_title` names the map's frame.

Plain text: the caller escapes it wherever it meets HTML or Markdown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from geo.diff import diff_layers
from geo.sectors import MODELS
from layers.registry import LAYERS
from layers.style import has_holders, status_group
from shieldmap.statuses import date_text

TITLE = "Missile defence in Europe, 2010–2013"
MAX_NAMES = 12
"""Names listed per layer; the rest are counted."""


@dataclass(frozen=True)
class PreviousEvent:
    """The event before the shown date: its day and name."""

    date: dt.date
    name: str


@dataclass(frozen=True)
class Description:
    """``summary``: one sentence (counts); ``paragraphs``: the layers, the sectors, the changes."""

    summary: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join((self.summary, *self.paragraphs))


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def frame_title(as_of: dt.date, layer_ids) -> str:
    """The title of the map's frame: what it is, the date and the layers shown."""
    titles = [LAYERS[i].title for i in layer_ids if i in LAYERS]
    shown = "; ".join(titles) if titles else "no layer shown"
    return f"Map: {TITLE}, as of {long_date(as_of)} ({shown})"


def previous_event(events, as_of: dt.date) -> PreviousEvent | None:
    """The latest event dated before ``as_of`` (``events``: the seeds' events table); None before the first."""
    earlier = events[events["date"] < as_of]
    if not len(earlier):
        return None
    last = earlier.sort_values(["date", "id"]).iloc[-1]
    return PreviousEvent(last["date"], str(last["name"]))


def before_previous(event: PreviousEvent | None) -> dt.date | None:
    """The day whose layers the changes are counted from: the day before the previous event (so what that
    event changed is among them)."""
    return event.date - dt.timedelta(days=1) if event is not None else None


def _names(frame) -> str:
    rows = frame.to_dict("records")
    parts = []
    for row in rows[:MAX_NAMES]:
        name = str(row["name"])
        group = status_group(row.get("status"))
        parts.append(f"{name} ({row['status']})" if group is not None and not has_holders(row["layer"]) else name)
    more = f" and {len(rows) - MAX_NAMES} more" if len(rows) > MAX_NAMES else ""
    return "; ".join(parts) + more


def _sectors(frame) -> str | None:
    rows = [r for r in frame.to_dict("records") if isinstance(r.get("holder"), str)]
    if not rows:
        return None
    model = MODELS.get(rows[0].get("model"))
    model_title = model.title if model else str(rows[0].get("model"))
    parts = [f"{r['holder']} — {r['direction']}: {str(r['states']).replace('; ', ', ')}" if r.get("states") else
             f"{r['holder']} — {r['direction']}" for r in rows]
    statuses = sorted({f"{r['status']} {date_text(r.get('status_from'))}".strip() for r in rows if r.get("status")})
    status = f" Status: {', '.join(statuses)}." if statuses else ""
    gap = len(frame) - len(rows)
    rest = " The land in no sector is drawn grey." if gap else ""
    return (f"The {len(rows)} proposed sectors of responsibility, an interpretation ({model_title}). "
            + ". ".join(parts) + "." + status + rest)


def _changes(before: dict, after: dict, event: PreviousEvent) -> str:
    table = diff_layers(before, after)
    head = f"Since the previous event ({date_text(event.date.isoformat())}: {event.name})"
    if not len(table):
        return head + ", nothing in the shown layers has changed."
    parts = []
    for change, verb in (("added", "added"), ("removed", "removed"), ("status", "changed status")):
        rows = table[table["change"] == change].to_dict("records")
        if not rows:
            continue
        names = "; ".join(f"{r['name']} ({r['status_before']} to {r['status_after']})" if change == "status"
                          else r["name"] for r in rows[:MAX_NAMES])
        more = f" and {len(rows) - MAX_NAMES} more" if len(rows) > MAX_NAMES else ""
        parts.append(f"{verb}: {names}{more}")
    return head + f", changes in the shown layers: {len(table)}. " + ". ".join(
        p[0].upper() + p[1:] for p in parts) + "."


def describe(as_of: dt.date, built: dict, event: PreviousEvent | None = None, before: dict | None = None) -> Description:
    """The description of the layers ``built`` ({layer id: frame}, in the map's order) at ``as_of``;
    with the previous ``event`` and the layers built at :func:`before_previous` (``before``: the same
    layer ids), what changed since it."""
    counts = {i: len(frame) for i, frame in built.items()}
    total = sum(counts.values())
    if not built:
        summary = f"The map ({TITLE}) as of {long_date(as_of)} shows no layer, only the countries' borders."
    else:
        listed = ", ".join(f"{LAYERS[i].title if i in LAYERS else i} ({n})" for i, n in counts.items())
        summary = f"The map ({TITLE}) as of {long_date(as_of)} shows these layers (features: {total}): {listed}."
    paragraphs = []
    for layer_id, frame in built.items():
        title = LAYERS[layer_id].title if layer_id in LAYERS else layer_id
        if has_holders(layer_id):
            text = _sectors(frame)
            if text:
                paragraphs.append(text)
        elif len(frame):
            paragraphs.append(f"{title}: {_names(frame)}.")
        else:
            paragraphs.append(f"{title}: none at this date.")
    if event is not None and before is not None and built:
        paragraphs.append(_changes({i: before[i] for i in built if i in before}, built, event))
    elif built:
        paragraphs.append("No event of the timeline comes before this date.")
    return Description(summary, tuple(paragraphs))
