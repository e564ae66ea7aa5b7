"""A popup's sources with the words of each that support the feature (issue 33.1): every cited source as a link
(``http``/``https`` only), under it what that source says (:func:`shieldmap.seed_texts.says`); a source quoted
for one of the feature's records but not among its cited sources (a status's source) is listed too; our
inferences last. Every text is escaped as text."""

from __future__ import annotations

import html

from shieldmap import seed_texts


def _source_label(source: dict) -> str:
    return f"{source['title']} ({source['outlet']}{', ' + source['date'] if source.get('date') else ''})"


def _link(source: dict) -> str:
    e = html.escape
    label, url = e(_source_label(source)), source.get("url") or ""
    if url.startswith(("https://", "http://")):
        return f'<a href="{e(url, quote=True)}" target="_blank" rel="noopener noreferrer">{label}</a>'
    return label


def _said(items) -> str:
    """Each item's words (or our inference), then its notes (translation, copy read, date read) in smaller type."""
    return "".join(f'<div class="shieldmap-popup-{"quote" if n == 0 else "quote-note"}">{html.escape(line)}</div>'
                   for item in items for n, line in enumerate(seed_texts.says(item)))


def sources_html(citations: list[dict], support=()) -> str:
    """The ``<li>`` items of a popup's list of sources: ``citations`` (records with ``id``, ``title``, ``outlet``,
    ``date``, ``url``) and the feature's ``support`` (:meth:`geo.seeds.Seeds.support`'s records)."""
    support = tuple(support or ())
    cited = {source.get("id") for source in citations}
    extra = list({item["source"]: {**item, "id": item["source"]} for item in support
                  if item.get("source") and item["source"] not in cited}.values())
    items = [f"<li>{_link(source)}{_said(i for i in support if i.get('source') == source.get('id'))}</li>"
             for source in [*citations, *extra]]
    inferred = [item for item in support if item.get("inferred")]
    return "".join(items) + (f"<li>{_said(inferred)}</li>" if inferred else "")
