"""A feature's popup, read top-down (issue 34.9): its name, its status at the date shown, its dates, what it
is, then its sources, each as a bibliography gives it (title, outlet, date), those published after the date
shown marked as later. Every text is escaped; links are kept only for ``http``/``https`` URLs.

:func:`fields` is also the "Selected feature" table under the map: one list of what a reader is shown.
"""

from __future__ import annotations

import datetime as dt
import html

from geo import features
from geo.features import COMMON_COLUMNS
from shieldmap import i18n, seed_texts
from shieldmap.i18n import N_, _
from shieldmap.web import mapkey, support_html
from layers import style


def fields(row: dict, layer_title) -> list[tuple[str, object]]:
    """(label, value) pairs in reading order: the status at the date shown (the row's), the dates, what the feature is, its
    layer's own fields, where it is, the interpretation and the note. Empty values are left out."""
    status = row.get("status")
    found = [(_("Status"), _(status) if isinstance(status, str) else status),
             (_("From"), seed_texts.day(row.get("start"))), (_("Until"), seed_texts.day(row.get("end"))),
             (_("Kind"), seed_texts.kind(row)), (_("Layer"), layer_title(row["layer"])),
             (_("System"), seed_texts.local(row, "system")),
             (_("Unit"), seed_texts.local(row, "unit")), (_("Details"), seed_texts.local(row, "details"))]
    found += [(_(label), seed_texts.claim(row) if column == "claim" else mapkey.popup_value(column, row.get(column), row))
              for label, column in style.POPUP_FIELDS.get(str(row.get("layer")), ())]
    if row.get("precision_km") == row.get("precision_km") and row.get("precision_km") is not None:
        found.append((_("Location"), _("{stands_for}, uncertain by ±{km} km").format(
            stands_for=_(row.get("stands_for") or N_("point")), km=i18n.number(row['precision_km'], None))))
    found += [(_("Distance to borders"), row.get("distances")), (_("Interpretation"), seed_texts.interpretation(row)),
              (_("Note"), seed_texts.note(row))]
    if str(row.get("layer", "")).startswith("user_"):  # an upload: show its own properties, escaped
        found += [(key, value) for key, value in row.items() if key not in COMMON_COLUMNS and key != "geometry"]
    return [(label, value) for label, value in found if value is not None and value == value and value != ""]


def source_text(source: dict, as_of: dt.date | None = None) -> str:
    """``Title (Outlet, date)``, with "published later" when the source is dated after ``as_of``."""
    date = seed_texts.day(source.get("date"))
    text = f"{source['title']} ({source['outlet']}{', ' + date if date else ''})"
    if features.published_later(source.get("date"), as_of):
        text += " " + later_mark()
    return text


def later_mark() -> str:
    """"published later", in the current language."""
    return _("[published later]")


def popup_html(row: dict, citations: list[dict], layer_title=str, as_of: dt.date | None = None) -> str:
    """The popup: name, the :func:`fields` as a table, then the clickable sources from the earliest, all escaped.

    Each dated source carries its first day (``data-published``) and a "published later" mark, shown when it is
    after ``as_of`` (class ``shieldmap-later``); the app's map, whose popups are made once per change day, sets
    that class again for the date it shows (``map.js``)."""
    e = html.escape
    cells = "".join(f"<tr><th>{e(str(k))}</th><td>{e(str(v))}</td></tr>" for k, v in fields(row, layer_title))
    support = tuple(row.get("support") or ())  # the words of each source (issue 33.1)
    cited = {source.get("id") for source in citations}
    quoted = {item["source"]: {**item, "id": item["source"]} for item in support  # a status's source, say
              if item.get("source") and item["source"] not in cited}
    ordered = sorted([*citations, *quoted.values()], key=lambda s: features.first_day(s.get("date")) or dt.date.min)
    links = []
    for source in ordered:
        day = features.first_day(source.get("date"))
        attributes = (f' data-published="{day.isoformat()}"' + (' class="shieldmap-later"' if as_of and day > as_of else "")
                      if day else "")
        label = e(source_text(source))
        url = source.get("url") or ""
        if url.startswith(("https://", "http://")):
            label = f'<a href="{e(url, quote=True)}" target="_blank" rel="noopener noreferrer">{label}</a>'
        mark = f' <span class="shieldmap-later-mark">{e(later_mark())}</span>' if day else ""
        said = support_html.said(i for i in support if i.get("source") == source.get("id"))
        links.append(f"<li{attributes}>{label}{mark}{said}</li>")
    inferred = [item for item in support if item.get("inferred")]
    if inferred:
        links.append(f"<li>{support_html.said(inferred)}</li>")
    sources = e(_("Sources:")) if links else ""
    return (f'<div class="shieldmap-popup"><div class="shieldmap-popup-title">{e(str(mapkey.local_name(row)))}</div>'
            f'<table>{cells}</table><div class="shieldmap-popup-sources-title">{sources}</div>'
            f'<ul class="shieldmap-popup-sources">{"".join(links)}</ul></div>')
