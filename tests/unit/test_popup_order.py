"""Issue 34.9: a popup reads top-down: the name, the status at the date shown, the dates, what the feature is,
then the sources, those published after the date shown last and marked as later (in both languages)."""

import datetime as dt
import re

import pytest

from layers.registry import build_layers
from shieldmap import i18n
from shieldmap.web import webmap

AS_OF = dt.date(2013, 10, 31)


def _popup(seeds, layer_id, feature_id, as_of=AS_OF):
    built = build_layers(seeds, [layer_id], as_of)
    display = webmap.layer_geojson(built[layer_id], lambda ids: seeds.source_records(ids.split(";")), as_of=as_of)
    return next(f["properties"]["popup"] for f in display["features"] if f["properties"]["id"] == feature_id)


def test_deveselu_reads_name_status_dates_what_then_sources(seeds):
    popup = _popup(seeds, "romania_interceptor", "deveselu")
    headings = re.findall(r"<th>([^<]+)</th>", popup)
    assert headings[:4] == ["Status", "From", "Kind", "Layer"]
    assert popup.index("Aegis Ashore Romania (Deveselu)") < popup.index("under construction") < popup.index("Sources:")
    assert popup.index("</table>") < popup.index("Sources:")
    assert "<td>3 May 2011</td>" in popup  # a date as a reader reads it, not 2011-05-03


def test_sources_after_the_date_are_marked_later_and_listed_last(seeds):
    popup = _popup(seeds, "romania_interceptor", "deveselu")
    items = re.findall(r"<li(?: data-published=\"[0-9-]+\")?( class=\"shieldmap-later\")?>(.*?)</li>", popup)
    later = [text for marked, text in items if marked]
    assert len(items) == popup.count("<li") and len(later) >= 5
    assert all('<span class="shieldmap-later-mark">[published later]</span>' in text for text in later)
    assert [bool(marked) for marked, _ in items] == sorted(bool(marked) for marked, _ in items)  # later ones last
    assert any("NATO, 12 May 2016" in text for text in later)
    assert any("ExecutiveGov, Nov 2013" in text for text in later)  # a month after the date: later
    assert not any("Global Security Newswire, 31 Oct 2013" in text for text in later)  # the date itself: not later
    after = _popup(seeds, "romania_interceptor", "deveselu", dt.date(2016, 6, 1))
    assert "NATO, 12 May 2016" in after and "[published later]" in after  # 2019's still later
    assert '<li data-published="2016-05-12"><a' in after and '<li data-published="2019-08-09" class="shieldmap-later">' in after


@pytest.mark.parametrize("lang", ["ru"])
def test_in_russian_too(seeds, lang):
    with i18n.language(lang):
        popup = _popup(seeds, "romania_interceptor", "deveselu")
    assert re.findall(r"<th>([^<]+)</th>", popup)[0] == "Статус"
    popup = popup.replace("\u202f", " ")
    assert "[опубликовано позже]" in popup and "<td>3 мая 2011 г.</td>" in popup
    assert "2011-05-03" not in re.sub(r"<[^>]+>", " ", popup)  # dates as a reader reads them
