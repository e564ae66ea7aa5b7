"""The analysis as pictures: Altair charts of coverage, sector shares and the timeline.

Pure functions (no Streamlit): tables in, :class:`altair.Chart` out, so they are
tested directly. The timeline's rows are the statuses of ``statuses.csv`` (each
from its ``from`` date to the next status of the same feature) and the events
of ``events.csv``; a click on either selects its ``day`` (``YYYY-MM-DD``), which
the app turns into the map's date.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from geo import what_if
from geo.seed_terms import membership_feature_id
from layers import style
from shieldmap import i18n, seed_texts
from shieldmap.i18n import N_, _, translate
from shieldmap.statuses import holder_text, status_group
from shieldmap.ui import chart_words as words
from shieldmap.ui.chart_words import DESCRIPTION
from shieldmap.view import data_span

PICK_STATUS, PICK_EVENT = "pick_status", "pick_event"
GROUPS = (N_("in place"), N_("planned"), N_("rejected"), N_("other"))
#: A status group's colour on the timeline (:data:`layers.style.STATUS_COLORS`).
GROUP_COLORS = {group: style.STATUS_COLORS[group] for group in GROUPS}
EVENTS_ROW = N_("Events (summits, agreements, announcements)")


def local_names(frame: pd.DataFrame, column: str = "name") -> pd.Series:
    """A seed table's names in the current language (its ``name_ru`` where it has one, in Russian)."""
    names = frame[column]
    other = f"{column}_{i18n.current()}"
    if i18n.current() == i18n.DEFAULT or other not in frame.columns:
        return names
    return frame[other].where(frame[other].map(lambda v: isinstance(v, str) and bool(v)), names)


def site_names(seeds, what_ifs=()) -> dict[str, str]:
    """Site id -> its name: the seeds' sites, and each hypothetical site (``what-if-N``, in the order of
    ``what_ifs``, the view's specs) by the name its user gave, marked hypothetical."""
    return {**local_names(seeds.sites).to_dict(), **what_if_names(what_ifs)}


def what_if_names(what_ifs) -> dict[str, str]:
    """``what-if-N`` -> ``NAME (hypothetical)``, NAME as its user gave it (the view's specs, in order)."""
    names = {}
    for index, spec in enumerate(what_ifs, start=1):
        try:
            names[f"what-if-{index}"] = _("{name} (hypothetical)").format(name=what_if.parse(spec).name)
        except ValueError:
            names[f"what-if-{index}"] = _("hypothetical site {n}").format(n=index)
    return names


def possessive(name: str) -> str:
    """``Russia`` -> ``Russia's``; ``United States`` -> ``the United States'`` (a plural name takes the article)."""
    name = f"the {name}" if name.startswith(("United ", "Netherlands")) else name
    return name + ("'" if name.endswith("s") else "'s")


def sector_title(holder, model: str | None = None) -> str:
    """A sector's name in a legend or table: ``the United States' sector``; the land no sector holds by what
    the model says of it (never ``null``)."""
    if isinstance(holder, str) and holder:
        return f"{possessive(holder)} sector" if i18n.current() == i18n.DEFAULT else _("{holder}'s sector").format(
            holder=translate(holder))
    return _("no sector: undescribed by the evidence") if model == "russian_depiction" else _("no sector (in neither alliance)")


def ring_labels(coverage: pd.DataFrame, seeds, what_ifs=()) -> pd.Series:
    """``Site name: 200 km`` for each row of the coverage table (a hypothetical site by its given name)."""
    names = site_names(seeds, what_ifs)
    return pd.Series([_("{site}: {km} km").format(site=names.get(site, site), km=i18n.number(radius, None)) for site, radius
                      in zip(coverage["site_id"], coverage["radius_km"])], index=coverage.index, dtype=object)


def coverage_chart(coverage: pd.DataFrame, seeds, what_ifs=()) -> alt.Chart:
    """Share of each country inside each range ring (one bar per ring and country)."""
    data = pd.DataFrame({"ring": ring_labels(coverage, seeds, what_ifs), "country": coverage["country"].map(i18n.country),
                         "side": coverage["side"].map(translate), "share": coverage["share"],
                         "covered_km2": coverage["covered_km2"].round(0)})
    data[DESCRIPTION] = [words.pairs((_("ring"), row.ring), (_("country"), row.country), (_("side"), row.side),
                                     (_("share"), i18n.percent(row.share)), (_("km² covered"), i18n.number(row.covered_km2)))
                         for row in data.itertuples()]
    rings = list(dict.fromkeys(data["ring"]))
    title = _("Share of each country inside each range ring")
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("share:Q", title=_("share of the country's area"), scale=alt.Scale(domain=[0, 1]),
                axis=words.axis("x", _("share of the country's area"), format="%")),
        y=alt.Y("country:N", title=None, sort=alt.EncodingSortField("share", op="max", order="descending"),
                axis=words.axis("y", _("country"), labelOverlap=False)),
        yOffset=alt.YOffset("ring:N", title=_("range ring")),
        color=alt.Color("ring:N", title=_("range ring"),
                        legend=words.legend(_("range ring"), rings, orient="bottom", columns=1, labelLimit=420)),
        tooltip=[alt.Tooltip("ring:N", title=_("ring")), alt.Tooltip("country:N", title=_("country")),
                 alt.Tooltip("side:N", title=_("side")), alt.Tooltip("share:Q", title=_("share"), format=".1%"),
                 alt.Tooltip("covered_km2:Q", title=_("km² covered"), format=",")],
        description=words.marks(),
    ).properties(height=alt.Step(max(4, 14 // max(1, len(rings)))))
    return words.finish(chart, title, _("One bar per range ring and country: the share of the country's area inside "
                                        "the ring."))


def sectors_chart(sectors: pd.DataFrame) -> alt.Chart:
    """Each state's area split among the proposed sectors (stacked to 100 %); states outside every sector left out."""
    data = sectors[sectors["share_of_country"] > 0][["holder", "model", "country", "side", "share_of_country",
                                                     "km2_in_sector"]].copy()
    data["sector"] = [sector_title(holder, model) for holder, model in zip(data["holder"], data["model"])]
    colours = dict(zip(data["sector"], (style.holder_color(h) if isinstance(h, str) and h else style.NOT_COVERED_COLOR
                                         for h in data["holder"])))  # each sector in its colour on the map
    data = data.drop(columns=["holder", "model"])
    data["side"] = data["side"].fillna(N_("neither alliance")).map(translate)
    data["country"] = data["country"].map(i18n.country)
    data["km2_in_sector"] = data["km2_in_sector"].round(0)
    data[DESCRIPTION] = [words.pairs((_("country"), row.country), (_("side"), row.side), (_("sector"), row.sector),
                                     (_("share"), i18n.percent(row.share_of_country)),
                                     (_("km² in the sector"), i18n.number(row.km2_in_sector))) for row in data.itertuples()]
    title = _("Each state's share in each proposed sector (interpretation)")
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("share_of_country:Q", title=_("share of the state's area"), stack="zero",
                axis=words.axis("x", _("share of the state's area"), format="%")),
        y=alt.Y("country:N", title=None, sort="ascending", axis=words.axis("y", _("country"), labelOverlap=False)),
        color=alt.Color("sector:N", title=_("sector"), scale=alt.Scale(domain=list(colours), range=list(colours.values())),
                        legend=words.legend(_("sector"), colours, orient="bottom", columns=2, labelLimit=300)),
        order=alt.Order("sector:N", title=_("sector")),
        description=words.marks(),
        tooltip=[alt.Tooltip("country:N", title=_("country")), alt.Tooltip("side:N", title=_("side")),
                 alt.Tooltip("sector:N", title=_("sector")),
                 alt.Tooltip("share_of_country:Q", title=_("share"), format=".1%"),
                 alt.Tooltip("km2_in_sector:Q", title=_("km² in the sector"), format=",")],
    ).properties(height=alt.Step(18))
    return words.finish(chart, title, _("For each state, its area split among the proposed sectors."))


def feature_names(seeds) -> dict[str, str]:
    """Human names of every feature that has statuses (sites, sectors and memberships: ``Armenia in the CSTO``)."""
    members = {membership_feature_id(row.org, row.country): _("{country} in the {org}").format(
        country=i18n.country(row.country), org=translate(row.org)) for row in seeds.memberships.itertuples()}
    sectors = seeds.sectors
    names = (sectors["name"] if i18n.current() == i18n.DEFAULT else
             pd.Series([_("Sector of responsibility: {holder}").format(holder=holder_text(row))
                        for row in sectors.to_dict("records")], index=sectors.index))
    return {**members, **local_names(seeds.sites).to_dict(), **names.to_dict()}


def timeline_span(seeds) -> tuple[dt.date, dt.date]:
    """The timeline's span: the seeds' own (:func:`shieldmap.view.data_span`, the slider's), from the first
    day of its first year to the last day of its last."""
    first, last = data_span(seeds)
    return dt.date(first.year, 1, 1), dt.date(last.year, 12, 31)


def timeline_frames(seeds) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(status bars, event points) over the seeds' span (:func:`timeline_span`), with human names and ISO
    ``day`` strings."""
    names = feature_names(seeds)
    start, end = (pd.Timestamp(d) for d in timeline_span(seeds))
    bars = []
    for feature, rows in seeds.statuses.groupby("feature", sort=False):
        rows = rows.sort_values("from", key=lambda s: s.map(lambda d: d or dt.date.min))
        froms = [pd.Timestamp(d) if d else start for d in rows["from"]]
        gone = seeds.sites["end"].get(feature) if feature in seeds.sites.index else None
        last = min(end, pd.Timestamp(gone)) if gone else end  # a site replaced (end date) stops there
        for index, row in enumerate(rows.itertuples()):
            begin, until = max(froms[index], start), min(froms[index + 1] if index + 1 < len(froms) else end, last)
            if begin >= last or until <= begin:
                continue
            bars.append({"feature": names.get(feature, feature), "status": _(row.status),
                         "group": _(status_group(row.status) or "other"), "start": begin, "end": until,
                         "day": begin.date().isoformat(), "sources": cited(seeds, row.sources)})
    events = seeds.events.sort_values("date")
    points = pd.DataFrame({"feature": _(EVENTS_ROW), "name": list(local_names(events)),
                           "kind": list(events["kind"].map(translate)), "date": [pd.Timestamp(d) for d in events["date"]],
                           "day": [d.isoformat() for d in events["date"]]})
    points = points[(points["date"] >= start) & (points["date"] <= end)]
    points[DESCRIPTION] = [words.pairs((_("date"), i18n.date_short(row.date.date())), (_("name"), row.name),
                                       (_("kind"), row.kind)) for row in points.itertuples()]
    bars = pd.DataFrame(bars, columns=["feature", "status", "group", "start", "end", "day", "sources"])
    bars[DESCRIPTION] = [words.pairs((_("feature"), row.feature), (_("status"), row.status),
                                     (_("from"), i18n.date_short(row.start.date())),
                                     (_("until"), i18n.date_short(row.end.date())), (_("sources"), row.sources))
                         for row in bars.itertuples()]
    return bars, points


def cited(seeds, ids) -> str:
    """A row's sources as a reader knows them (``Outlet, date; ...``), not by their ids."""
    return "; ".join(seed_texts.cited(seeds.sources.loc[i].to_dict()) if i in seeds.sources.index else i for i in ids)


def timeline_chart(seeds, as_of: dt.date) -> alt.LayerChart | alt.FacetChart:
    """A Gantt chart of statuses and events; a click selects a day (params ``pick_status``, ``pick_event``)."""
    bars, points = timeline_frames(seeds)
    day = "%d %b %Y" if i18n.current() == i18n.DEFAULT else "%d.%m.%Y"  # Vega's month names are English
    order = list(dict.fromkeys([_(EVENTS_ROW), *bars["feature"]]))
    y = alt.Y("feature:N", title=None, sort=order, axis=words.axis("y", _("feature"), labelLimit=320, labelOverlap=False))
    span = timeline_span(seeds)
    x_scale = alt.Scale(domain=[pd.Timestamp(span[0]).isoformat(), pd.Timestamp(span[1]).isoformat()])
    pick_status = alt.selection_point(name=PICK_STATUS, fields=["day"], on="click")
    pick_event = alt.selection_point(name=PICK_EVENT, fields=["day"], on="click")
    status = alt.Chart(bars).mark_bar(height=12, cursor="pointer").encode(
        x=alt.X("start:T", title=None, scale=x_scale, axis=words.axis("x", _("years"), format="%Y", tickCount="year")),
        x2=alt.X2("end:T", title=_("until")), y=y,
        color=alt.Color("group:N", title=_("status"), legend=words.legend(_("status"), [_(g) for g in GROUP_COLORS]),
                        scale=alt.Scale(domain=[_(g) for g in GROUP_COLORS], range=list(GROUP_COLORS.values()))),
        opacity=alt.condition(pick_status, alt.value(1.0), alt.value(0.55)), description=words.marks(),
        tooltip=[alt.Tooltip("feature:N", title=_("feature")), alt.Tooltip("status:N", title=_("status")),
                 alt.Tooltip("start:T", title=_("from"), format=day),
                 alt.Tooltip("end:T", title=_("until"), format=day), alt.Tooltip("sources:N", title=_("sources"))],
    ).add_params(pick_status)
    event = alt.Chart(points).mark_point(shape="diamond", size=110, filled=True, color=style.CHART_EVENT_COLOR,
                                         cursor="pointer").encode(
        x=alt.X("date:T", title=None), y=y, description=words.marks(),
        tooltip=[alt.Tooltip("date:T", title=_("date"), format=day), alt.Tooltip("name:N", title=_("name")),
                 alt.Tooltip("kind:N", title=_("kind"))],
    ).add_params(pick_event)
    now = alt.Chart(pd.DataFrame({"date": [pd.Timestamp(as_of)], DESCRIPTION: [words.pairs(
        (_("map date"), i18n.date_short(as_of)))]})).mark_rule(color=style.CHART_NOW_COLOR, strokeWidth=2).encode(
        x=alt.X("date:T", title=None), description=words.marks(),
        tooltip=[alt.Tooltip("date:T", title=_("map date"), format=day)])
    title = _("Statuses and events, {start}–{end} (click a bar or an event to set the map's date)").format(
        start=span[0].year, end=span[1].year)
    return words.finish(alt.layer(status, event, now).properties(height=alt.Step(22)), title, _(
        "One row per site, sector and membership: a bar for each of its statuses from its date to the next; "
        "the events as diamonds on their own row; a line at the map's date."))


def picked_day(selection: dict | None) -> dt.date | None:
    """The day a click on the timeline chose (from ``st.altair_chart``'s selection state), if any."""
    for name in (PICK_EVENT, PICK_STATUS):
        for point in (selection or {}).get(name) or []:
            day = point.get("day") if isinstance(point, dict) else None
            if isinstance(day, str):
                try:
                    return dt.date.fromisoformat(day[:10])
                except ValueError:
                    continue
    return None
