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
from shieldmap import engagement, i18n, seed_texts
from shieldmap.i18n import N_, _
from shieldmap.ui import chart_words as words
from shieldmap.ui.chart_words import DESCRIPTION

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
                     "text": (_("speed needed: {speed} km/s").format(speed=i18n.number(needed, 2)) if needed is not None else
                              _("no speed up to {most} km/s opens the window").format(
                                  most=i18n.number(MAX_BURNOUT_KMS, None)))})
        name = _interceptor(row)
        if name is None or name not in seeds.interceptor_names():
            continue
        for _id, claim in seeds.claims(name).iterrows():
            who = (_("stated value, no source") if claim["claimed_by"] == STATED
                   else str(seed_texts.local(claim, "claimed_by")))
            clears = needed is not None and float(claim["burnout_kms"]) >= needed
            rows.append({"kind": CLAIM, "site": site, "speed": float(claim["burnout_kms"]),
                         "claimed_by": f"{name}: {who}", "clears": _(CLEARS[clears]),
                         "text": _("{who}: {speed} km/s, {result}").format(who=who, speed=i18n.number(claim["burnout_kms"], None),
                                                                          result=_(CLEARS[clears]))})
    frame = pd.DataFrame(rows, columns=["kind", "site", "speed", "claimed_by", "clears", "text"])
    frame[DESCRIPTION] = [words.pairs((_("site"), site), *([(_("claim"), text)] if kind == CLAIM else []))
                          + ("; " + text if kind == NEEDED else "")  # the text of a bar says "speed needed: ..."
                          for kind, site, text in zip(frame["kind"], frame["site"], frame["text"])]
    return frame


def needed_chart(table: pd.DataFrame, seeds: EngagementSeeds) -> alt.LayerChart | None:
    """A bar per site from 0 to the speed needed, each claim a mark on it coloured by whether it opens the window
    and named (tooltip and legend) by who claims it; ``None`` when no interceptor site was screened."""
    frame = chart_frame(table, seeds)
    if frame.empty:
        return None
    speed = alt.X("speed:Q", title=_("burnout speed (km/s)"), scale=alt.Scale(domain=[0, MAX_BURNOUT_KMS]),
                  axis=words.axis("x", _("burnout speed (km/s)")))
    site = alt.Y("site:N", title=None, sort=None, axis=words.axis("y", _("site"), labelLimit=360))
    bars = alt.Chart(frame[frame["kind"] == NEEDED]).mark_bar(color=BAR_COLOUR, height=14).encode(
        x=speed, y=site, description=words.marks(),
        tooltip=[alt.Tooltip("site:N", title=_("site")), alt.Tooltip("text:N", title=_("speed needed"))])
    claims = frame[frame["kind"] == CLAIM]
    colours = alt.Scale(domain=[_(CLEARS[True]), _(CLEARS[False])], range=[REACH_COLORS["yes"], REACH_COLORS["no"]])
    marks = alt.Chart(claims).mark_point(filled=True, size=110, opacity=0.9).encode(
        x=speed, y=site, description=words.marks(),
        color=alt.Color("clears:N", scale=colours, title=_("the claimed speed"),
                        legend=words.legend(_("the claimed speed"), colours.domain)),
        shape=alt.Shape("claimed_by:N", title=_("claimed by"), legend=words.legend(
            _("claimed by"), list(dict.fromkeys(claims["claimed_by"])), labelLimit=640, orient="bottom", columns=1)),
        tooltip=[alt.Tooltip("site:N", title=_("site")), alt.Tooltip("text:N", title=_("claim"))])
    return words.finish(alt.LayerChart(layer=[bars, marks]).properties(height=alt.Step(34)),
                        _("Burnout speed needed to open the window"),
                        _("A bar per interceptor site up to the burnout speed needed; each claimed speed of its "
                          "interceptor a mark on it."))
