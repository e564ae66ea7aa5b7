"""The needed-speed chart's data (shieldmap/ui/engage_chart.py): a bar per screened interceptor site to the speed
it needs, each claim of its interceptor with who claims it and whether it opens the window, in both languages."""

import datetime as dt

from geo.engagement_seeds import load_engagement
from shieldmap import engagement, i18n
from shieldmap.view import LayerOptions, View
from shieldmap.ui.engage_chart import CLAIM, NEEDED, chart_frame, needed_chart

GBI = "Planned US ground-based interceptor site (Redzikowo)"


def _table(seeds, **options):
    planned = LayerOptions(planned=options.pop("planned", False))
    request = View(as_of=dt.date(2009, 1, 1), path="kozelsk>new-york", options=planned, **options)
    return engagement.engagement(seeds, request)[1]


def test_a_bar_to_the_speed_needed_and_every_claim_against_it(seeds):
    engaged = load_engagement(seeds=seeds)
    table = _table(engaged, delay_s=180, planned=True)
    frame = chart_frame(table, engaged)
    needed = table.set_index("site").loc["redzikowo-gbi", "needed_kms"]
    (bar,) = frame[frame["kind"] == NEEDED].itertuples()
    assert (bar.site, bar.speed, bar.text) == (GBI, needed, f"speed needed: {needed:.2f} km/s")
    claims = frame[frame["kind"] == CLAIM].set_index("speed")
    assert list(claims.index) == [5.4, 6.3, 7.7, 9.0]  # every GBI claim of interceptors.csv, slowest first
    assert list(claims["clears"]) == ["too slow", "too slow", "opens the window", "opens the window"]
    assert claims.loc[9.0, "claimed_by"] == "GBI: Theodore Postol (MIT)"
    assert needed_chart(table, engaged).to_dict()["title"]["text"] == "Burnout speed needed to open the window"
    with i18n.language("ru"):
        russian = chart_frame(table, engaged)
        title = needed_chart(table, engaged).to_dict()["title"]["text"]
    assert title == "Скорость в конце активного участка, при которой окно открывается"
    assert "GBI: Теодор Постол (МТИ)" in set(russian["claimed_by"]) and "открывает окно" in set(russian["clears"])


def test_sites_not_in_place_are_left_out(seeds):
    engaged = load_engagement(seeds=seeds)
    table = _table(engaged)  # 2009 without planned capability: the GBI site is only agreed
    assert chart_frame(table, engaged).empty and needed_chart(table, engaged) is None
