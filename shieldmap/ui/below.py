"""The three tabs under the map, of which only the open one runs: *About this map*, *Shown features*
(the table of the shown features, and the details and sources of the selected one) and *Analysis*."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from shieldmap import seed_texts
from shieldmap.i18n import N_, _
from shieldmap.ui import analysis_tab, cache, tables
from shieldmap.ui.below_state import BelowState
from shieldmap.ui.text import literal
from shieldmap.ui.run_state import Run
from shieldmap.web import citations, mapkey, popups, webmap

ABOUT = N_("""Built from two news reports: Global Security Newswire, 31 Oct 2013 (four S-300 complexes for
Belarus, the Deveselu groundbreaking, the end of the Kremlin's missile-defence working group) and Kommersant,
July 2011 (NATO rejects the "sectoral" missile defence; Rogozin's four sectors: Russia east, the United States
south, Germany north, France west), with dated, sourced facts from public records. Every feature's popup and
table row cites its sources and says how precise its location is: no public source gives a site-level
coordinate for the Belarusian S-300 units, so they stand at towns or regions with a circle of their
uncertainty. The four sectors have no geometry in the source: the map shows an interpretation chosen under
**Sectors** (by default following the Russia/NATO borders, as the source's rule says; or geodesic wedges about the
IGN centre of Europe). Range rings show capability in place at the date; **Show planned capability** adds the
rings of systems announced or being built, labelled planned. Borders are Natural Earth 1:50m as recognised in
2009-2016 (Crimea in Ukraine). Select **Shown features** for the table and details, **Analysis** for coverage,
distances and sectors.""")
COLUMNS = ["layer", "name", "status", "start", "end", "precision_km", "sources"]


def sources_table(seeds, feature: pd.Series) -> pd.DataFrame:
    """The selected feature's sources (its cited ones, then any other quoted for its records) with what each says
    in the current language (``says``); our inferences last, as rows of their own."""
    support = feature.get("support")
    support = support if isinstance(support, tuple) else ()
    records = citations.resolve(seeds, feature["sources"])
    cited = {record["id"] for record in records}
    records += [{**item, "id": item["source"]} for item in {i["source"]: i for i in support if i.get("source")}.values()
                if item["source"] not in cited]
    rows = [{**{k: record.get(k) for k in ("title", "outlet", "date", "url", "report")},
             "says": " ".join(line for item in support if item.get("source") == record["id"]
                              for line in seed_texts.says(item)) or None} for record in records]
    rows += [{"says": line} for item in support if item.get("inferred") for line in seed_texts.says(item)]
    sources = pd.DataFrame(rows, columns=["title", "outlet", "date", "url", "report", "says"])
    sources["url"] = sources["url"].map(lambda u: u if isinstance(u, str) and u.startswith(("http://", "https://")) else None)
    return sources


def _selected(seeds, feature: pd.Series) -> None:
    """The selected feature as its popup reads (:func:`shieldmap.web.popups.fields`), then its sources, each with
    what it says (:func:`sources_table`)."""
    row = feature.to_dict()
    st.markdown("**" + _("Selected feature") + ":** " + literal(str(mapkey.local_name(row))))
    details = popups.fields(row, lambda i: webmap.title(i) if i in webmap.ALL_LAYERS else str(i))
    properties = pd.DataFrame({"property": [k for k, _v in details], "value": [str(v) for _k, v in details]})
    st.dataframe(properties, hide_index=True, width="stretch", column_config=tables.headings(properties))
    sources = sources_table(seeds, feature)
    sources["date"] = sources["date"].map(lambda d: seed_texts.day(d) or "")
    st.dataframe(sources[["title", "outlet", "date", "url", "says"]], hide_index=True, width="stretch",
                 column_config=tables.headings(sources[["title", "outlet", "date", "says"]],
                                               url=st.column_config.LinkColumn(_("link"))))


def features_table(seeds, exported: dict) -> None:
    """The shown features, and the details and sources of the selected one (all shown as text)."""
    table = pd.concat([frame.drop(columns="geometry") for frame in exported.values()] or [pd.DataFrame()],
                      ignore_index=True)
    if not len(table):
        st.caption(_("No feature is shown."))
        return
    shown = tables.shown(table[[*COLUMNS, *(["name_ru"] if "name_ru" in table.columns else [])]],
                         cite=lambda ids: citations.resolve(seeds, ids))[COLUMNS]
    selection = st.dataframe(shown, hide_index=True, on_select="rerun", selection_mode="single-row",
                             key=BelowState.features.name, width="stretch", column_config=tables.headings(shown))
    rows = selection.selection.rows if selection else []
    if not rows:
        st.caption(_("Select a row to see the feature's details and sources."))
        return
    _selected(seeds, table.iloc[rows[0]])


def tabs(run: Run, exported: dict) -> None:
    """The tabs (``on_change="rerun"``: only the open one runs, so the page draws the map first and stays light)."""
    about_tab, features_tab, analysis = st.tabs(
        [_("About this map"), _("Shown features ({n})").format(n=sum(map(len, exported.values()))), _("Analysis")],
        key=BelowState.tabs.name, on_change="rerun")
    if about_tab.open:
        about_tab.markdown(_(ABOUT))
    if features_tab.open:
        with features_tab:
            features_table(run.seeds, exported)
    if analysis.open:
        with analysis:
            view = run.view
            tables = cache.analysis_tables(run.static, run.digest, run.day, view.options, view.what_if)
            analysis_tab.what_if_summary(tables, view.what_if, run.seeds)
            analysis_tab.render(run.seeds, tables, view)
