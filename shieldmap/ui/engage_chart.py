"""The dispute in one picture: for one path, the least burnout speed at which each interceptor site's window
opens, against every claimed burnout speed of its interceptor and who claims it (issue "Engagement 2").

Pure functions (no Streamlit): the engagement table (:func:`shieldmap.engagement.engagement`) and the
seeds in, a frame or an :class:`altair.Chart` out, so they are tested directly.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from geo.engagement_seeds import STATED, EngagementSeeds
from geo.flyout import MAX_BURNOUT_KMS
from layers.style import CHART_BAR_COLOR, REACH_COLORS
from shieldmap import engagement, seed_texts
from shieldmap.i18n import N_, _

NEEDED, CLAIM = "needed", "claim"
BAR_COLOUR = CHART_BAR_COLOR
CLEARS = {True: N_("opens the window"), False: N_("too slow")}


def _interceptor(row: dict) -> str | None:
    """The interceptor whose claims a site's bar is measured against: the one screened, or (a hypothetical speed)
    the site's own."""
    for key in ("interceptor", "system"):
        if isinstance(row.get(key), str) and row[key]:
            return row[key]
    return None


def chart_frame(table: pd.DataFrame, seeds: EngagementSeeds) -> pd.DataFrame:
    """One row per screened interceptor site (``kind`` needed: ``speed`` the speed needed, or none when no speed
    opens the window) and one per claim of its interceptor (``kind`` claim: its speed, who claims it and whether
    it clears the speed needed); site names and claimants in the current language. Sites not screened (not in
    place at the date) are left out."""
    if "needed_kms" not in table:
        return pd.DataFrame(columns=["kind", "site", "speed", "claimed_by", "clears", "text"])
    rows = []
    for row in table.to_dict("records"):
        if not isinstance(row.get("verdict"), str):
            continue
        site, needed = engagement.local_name(row), row.get("needed_kms")
        needed = None if pd.isna(needed) else float(needed)
        rows.append({"kind": NEEDED, "site": site, "speed": needed if needed is not None else MAX_BURNOUT_KMS,
                     "claimed_by": "", "clears": None,
                     "text": (_("speed needed: {speed} km/s").format(speed=f"{needed:.2f}") if needed is not None else
                              _("no speed up to {most} km/s opens the window").format(most=f"{MAX_BURNOUT_KMS:g}"))})
        name = _interceptor(row)
        if name is None or name not in seeds.interceptor_names():
            continue
        for _id, claim in seeds.claims(name).iterrows():
            who = (_("stated value, no source") if claim["claimed_by"] == STATED
                   else str(seed_texts.local(claim, "claimed_by")))
            clears = needed is not None and float(claim["burnout_kms"]) >= needed
            rows.append({"kind": CLAIM, "site": site, "speed": float(claim["burnout_kms"]),
                         "claimed_by": f"{name}: {who}", "clears": _(CLEARS[clears]),
                         "text": _("{who}: {speed} km/s, {result}").format(who=who, speed=f"{claim['burnout_kms']:g}",
                                                                          result=_(CLEARS[clears]))})
    return pd.DataFrame(rows)


def needed_chart(table: pd.DataFrame, seeds: EngagementSeeds) -> alt.LayerChart | None:
    """A bar per site from 0 to the speed needed, each claim a mark on it coloured by whether it opens the window
    and named (tooltip and legend) by who claims it; ``None`` when no interceptor site was screened."""
    frame = chart_frame(table, seeds)
    if frame.empty:
        return None
    speed = alt.X("speed:Q", title=_("burnout speed (km/s)"), scale=alt.Scale(domain=[0, MAX_BURNOUT_KMS]))
    site = alt.Y("site:N", title=None, sort=None, axis=alt.Axis(labelLimit=360))
    bars = alt.Chart(frame[frame["kind"] == NEEDED]).mark_bar(color=BAR_COLOUR, height=14).encode(
        x=speed, y=site, tooltip=[alt.Tooltip("site:N", title=_("site")), alt.Tooltip("text:N", title=_("speed needed"))])
    claims = frame[frame["kind"] == CLAIM]
    colours = alt.Scale(domain=[_(CLEARS[True]), _(CLEARS[False])], range=[REACH_COLORS["yes"], REACH_COLORS["no"]])
    marks = alt.Chart(claims).mark_point(filled=True, size=110, opacity=0.9).encode(
        x=speed, y=site, color=alt.Color("clears:N", scale=colours, title=_("the claimed speed")),
        shape=alt.Shape("claimed_by:N", title=_("claimed by"), legend=alt.Legend(labelLimit=640, orient="bottom",
                                                                                  columns=1)),
        tooltip=[alt.Tooltip("site:N", title=_("site")), alt.Tooltip("text:N", title=_("claim"))])
    return alt.LayerChart(layer=[bars, marks]).properties(height=alt.Step(34), title=_("Burnout speed needed to open the window"))
