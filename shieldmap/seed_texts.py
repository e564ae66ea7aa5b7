"""Texts from the seeds as a reader sees them (popups, tables), in the current language.

Free text (a site's details, a note, a range figure's label, a proposal's description) has a Russian column in
its seed file (``details_ru``, ``note_ru``, ``label_ru``, ``description_ru``: translations by shieldmap, see
``seeds/CHANGES.md``), carried into the built layers under the same names; it is shown in Russian when filled,
the English otherwise. Words of a fixed vocabulary (a site's or an event's ``kind``, statuses, claim words) and
the texts the code writes (a sector model's rule, the land no sector holds, a range ring's note) go through the
catalogue. The data and every export keep their columns and values: only what is shown changes.
"""

from __future__ import annotations

import datetime as dt

from geo import sectors
from geo.analysis_seeds import load_analysis_seeds
from geo.seed_terms import INFERRED_PREFIX
from shieldmap import i18n
from shieldmap.i18n import _, translate


def local(row, column: str):
    """``row[column]`` in the current language: its ``column_ru`` where filled, else the value itself, through the
    catalogue (a text the code marked, such as a sector model's note on the land no sector holds)."""
    value = row.get(column)
    if i18n.current() == i18n.DEFAULT:
        return value
    other = row.get(f"{column}_{i18n.current()}")
    if isinstance(other, str) and other:
        return other
    return translate(value)


def system_name(seeds, system: str) -> str:
    """A system's name (``sites.csv``'s ``system``, ``ranges.csv``'s ``systems``) in the current language: its
    ``system_ru`` in Russian (one per system: the seed check), as it is where none is written."""
    if i18n.current() == i18n.DEFAULT or "system_ru" not in seeds.sites.columns:
        return system
    names = seeds.sites.loc[seeds.sites["system"] == system, "system_ru"].dropna()
    return str(names.iloc[0]) if len(names) else system


def capitals(names, seeds) -> str:
    """A ``;``-joined list of capitals (the coverage table's ``capitals_inside``) as a reader reads it: ``, ``-joined,
    each in the current language (``capitals.csv``'s ``name_ru``); "none" for none."""
    if not isinstance(names, str) or not names:
        return _("none")
    table = load_analysis_seeds(seeds).capitals
    russian = i18n.current() != i18n.DEFAULT and "name_ru" in table.columns
    return ", ".join(str(table.at[n, "name_ru"]) if russian and n in table.index and isinstance(table.at[n, "name_ru"], str)
                     else n for n in names.split(";"))


def kind(row):
    """A feature's ``kind`` (a word of the seeds' vocabularies, :mod:`geo.seed_terms`) in the current language."""
    return translate(row.get("kind"))


def interpretation(row):
    """A sector feature's ``interpretation`` (its model's rule) in the current language."""
    value = row.get("interpretation")
    model = sectors.MODELS.get(row.get("model")) if isinstance(row.get("model"), str) else None
    if model is None or i18n.current() == i18n.DEFAULT or not isinstance(value, str):
        return value
    return sectors.staged(row.get("model"), value).describe(_, i18n.date_long)  # as the date drew it (before or
    # after the slide)


def _is_ring(row) -> bool:
    return "capability" in row and "claim_kind" in row and "figure" in row


def claim(row):
    """A range ring's ``claim`` (missile; who claims it, how; how many sources; in service or not) in the current
    language, from the ring's own columns."""
    if i18n.current() == i18n.DEFAULT or not _is_ring(row):
        return row.get("claim")
    count = len([s for s in str(row.get("sources") or "").split(";") if s])
    sources = (_("UNSOURCED") if not count else _("single source") if count == 1 else
               i18n.ngettext("{count} source", "{count} sources", count).format(count=count))
    text = _("{claimant} {kind}; {sources}").format(claimant=translate(row.get("claimant")),
                                                     kind=translate(row.get("claim_kind")), sources=sources)
    if isinstance(row.get("missile"), str) and row.get("missile"):
        text = _("missile: {missile}; {claim}").format(missile=row["missile"], claim=text)
    return text + (_("; NOT in service at this date") if row.get("in_service") == "no" else "")


def _what_if_note(row) -> str:
    """A hypothetical site's note (``layers/what_if.py`` writes it in English) from its own columns."""
    rule = str(row.get("side_rule") or "")
    where = rule.split("the point lies in ", 1)[1].split(",")[0] if "the point lies in " in rule else None
    side = translate(row.get("side"))
    said = (_("chosen") if rule == "chosen" else _("inferred: the point lies in no state (sea)") if where == "no state (sea)"
            else _("inferred: the point lies in {country}").format(country=i18n.country(where)) if where else rule)
    return " ".join((_("Hypothetical, not a recorded site: a ring of {radius} km about {lat}, {lon} (geodesic, "
                       "WGS84).").format(radius=i18n.number(row["radius_km"], None), lat=f"{row['lat']:g}",
                                          lon=f"{row['lon']:g}"),
                     _("Side: {side} ({rule}).").format(side=side, rule=said),
                     _("Input: {spec}").format(spec=row.get("inputs"))))


def note(row):
    """A feature's ``note`` in the current language (:func:`local`); a range ring's from its own columns: planned
    or not in service, the figure's label (``label_ru``), the claim and the confidence; a hypothetical site's too."""
    if i18n.current() != i18n.DEFAULT and row.get("hypothetical") is True:
        return _what_if_note(row)
    if i18n.current() == i18n.DEFAULT or not _is_ring(row):
        return local(row, "note")
    parts = []
    if row.get("capability") == "planned":
        parts.append(_("Planned capability: not in place at this date (status: {status}).").format(
            status=translate(row.get("status")) or _("none")))
    if row.get("in_service") == "no":
        parts.append(_("This figure's missile was not in service at this date."))
    label = row.get("label_ru")
    if not (isinstance(label, str) and label):
        return row.get("note")  # no translation of the figure's words: the English note whole
    parts.append(_("{label} ({claim}); confidence {confidence}.").format(
        label=label, claim=claim(row), confidence=translate(row.get("confidence"))))
    return " ".join(parts)


def shown(row) -> dict:
    """A feature's properties as shown (the app's "Selected feature"): its words and texts in the current
    language (:func:`kind`, :func:`local`, :func:`claim`, :func:`note`, :func:`interpretation`), the rest as
    they are; the property names stay the data's."""
    row = dict(row)
    if i18n.current() == i18n.DEFAULT:
        return row
    local_values = {"kind": kind(row), "details": local(row, "details"), "unit": local(row, "unit"),
                    "note": note(row), "claim": claim(row), "interpretation": interpretation(row),
                    "status": translate(row.get("status"))}
    return {key: local_values[key] if key in local_values else value for key, value in row.items()}


def says(item: dict) -> list[str]:
    """The lines that show one piece of a feature's support (:meth:`geo.seeds.Seeds.support`) in the current
    language: the source's words in their own language (with the English translation in English views), where the
    copy read came from, when it was read; or our inference and its reasoning."""
    if item.get("inferred"):
        reasoning = local({**item, "inferred": item["inferred"][len(INFERRED_PREFIX):]}, "inferred")
        return [_("No source states this; our inference: {reasoning}").format(reasoning=reasoning)]
    lines = [_("The source says: \u201c{quote}\u201d").format(quote=item["quote"])]
    if item.get("translation") and i18n.current() == i18n.DEFAULT:
        lines.append(_("In English: \u201c{translation}\u201d").format(translation=item["translation"]))
    if item.get("copy"):
        lines.append(_("Read in a copy: {copy}").format(copy=local(item, "copy")))
    lines.append(_("Read on {date}").format(date=i18n.date_long(dt.date.fromisoformat(item["accessed"]))))
    return lines


def day(value) -> str | None:
    """A date of the data as a reader reads it (``8 Jun 2011`` / ``8 июн. 2011 г.``), a month (``Nov 2013``), a year
    (a source's date) as it is; None for none."""
    text = str(value) if value is not None and value == value else ""
    try:
        if len(text) == 10:
            return i18n.date_short(dt.date.fromisoformat(text))
        if len(text) == 7:
            return i18n.month(dt.date.fromisoformat(text + "-01"))
    except ValueError:
        return text
    return text or None


def cited(source: dict) -> str:
    """``Outlet, date`` of a citation record, as captions and tables list sources."""
    return ", ".join(str(part) for part in (source.get("outlet"), day(source.get("date"))) if part)
