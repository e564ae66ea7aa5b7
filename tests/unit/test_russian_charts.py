"""Issue 34.3, the charts: each chart's spec built in Russian says everything a reader (or a screen reader) meets in
Russian: its title and description, every axis, legend and field title, and every mark's description, which Vega
would otherwise write in English from the fields' names ("X-axis titled ...", "start: Jan 01, 2011"); numbers in the
Russian notation (decimal comma); no source by its id; no ISO date."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from geo import analysis
from geo.engagement_seeds import load_engagement
from latin_words import allowed_words, foreign
from layers import what_if
from layers.registry import analysis_layers
from shieldmap import engagement, i18n
from shieldmap.ui import charts
from shieldmap.ui.chart_words import DESCRIPTION
from shieldmap.ui.engage_chart import needed_chart
from shieldmap.view import LayerOptions, View

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SHOWN_KEYS = {"title", "description", "text"}
WHAT_IF = "Тест@54.5,19.5,500"


def _specs(seeds) -> dict[str, dict]:
    """Each chart of the app, built in Russian, as the Vega-Lite spec Streamlit sends."""
    with i18n.language("ru"):
        on_duty = dt.date(2016, 6, 1)
        hypothetical = what_if.build(seeds, [WHAT_IF], on_duty)
        tables = analysis.analysis_tables(seeds, analysis_layers(seeds, on_duty, what_if=hypothetical))
        engaged = load_engagement(seeds=seeds)
        request = View(as_of=dt.date(2009, 1, 1), path="kozelsk>new-york", delay_s=180,
                       options=LayerOptions(planned=True))
        return {"timeline": charts.timeline_chart(seeds, dt.date(2013, 10, 31)).to_dict(),
                "coverage": charts.coverage_chart(tables["coverage"], seeds, (WHAT_IF,)).to_dict(),
                "sectors": charts.sectors_chart(tables["sectors"]).to_dict(),
                "needed": needed_chart(engagement.engagement(engaged, request)[1], engaged).to_dict()}


def _units(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _shown(spec: dict) -> list[str]:
    """Every text a reader meets: titles, descriptions, legend and axis words, scale domains (legend labels), and the
    values of the data's shown columns (tooltips, marks' descriptions, axis labels)."""
    texts: list[str] = []

    def walk(node, key=None):
        if isinstance(node, dict):
            for name, value in node.items():
                if name not in ("datasets", "locale", "data", "params"):
                    walk(value, name)
        elif isinstance(node, list):
            for value in node:
                walk(value, key)
        elif isinstance(node, str) and key in SHOWN_KEYS:
            texts.append(node)
    walk(spec)
    nominal = [channel for unit in _units(spec) for channel in unit["encoding"].values()
               for channel in (channel if isinstance(channel, list) else [channel])
               if isinstance(channel, dict) and channel.get("type") == "nominal"]
    for channel in nominal:  # a legend's labels, an axis's order
        texts += [str(value) for value in [*channel.get("scale", {}).get("domain", []),
                                           *(channel["sort"] if isinstance(channel.get("sort"), list) else [])]]
    fields = {channel["field"] for channel in nominal}
    texts += [str(row[field]) for rows in spec["datasets"].values() for row in rows for field in fields
              if row.get(field) is not None]
    return texts


@pytest.fixture(scope="module")
def specs(seeds):
    return _specs(seeds)


@pytest.mark.parametrize("name", ["timeline", "coverage", "sectors", "needed"])
def test_a_russian_chart_says_nothing_in_latin_letters(specs, seeds, name):
    texts = _shown(specs[name])
    assert any(re.search("[а-я]", text) for text in texts)
    assert foreign(texts, allowed_words(seeds)) == {}
    assert [text for text in texts if ISO_DATE.search(text)] == []


@pytest.mark.parametrize("name", ["timeline", "coverage", "sectors", "needed"])
def test_no_source_by_its_id(specs, seeds, name):
    text = json.dumps(specs[name], ensure_ascii=False)
    assert [source for source in seeds.sources.index if source in text] == []


@pytest.mark.parametrize("name", ["timeline", "coverage", "sectors", "needed"])
def test_vega_writes_no_description_of_its_own(specs, name):
    """The chart, each axis, each legend and each mark described by us (in the reader's language), so Vega generates
    none from the fields' names; its title mark silent (Vega calls it "Title text"), the chart's description says it."""
    spec = specs[name]
    assert spec["title"]["aria"] is False and spec["description"].startswith(spec["title"]["text"] + ". ")
    units = _units(spec)
    for unit in units:
        assert unit["encoding"]["description"] == {"field": DESCRIPTION, "type": "nominal"}
        rows = spec["datasets"][unit["data"]["name"]] if "data" in unit else spec["datasets"][spec["data"]["name"]]
        assert rows and all(row[DESCRIPTION] for row in rows)
    for channel, part in (("x", "axis"), ("y", "axis"), ("color", "legend"), ("shape", "legend")):
        used = [unit["encoding"][channel] for unit in units if "field" in unit["encoding"].get(channel, {})]
        assert not used or any(encoding.get(part, {}).get("description") for encoding in used), (channel, part)


def test_numbers_in_the_russian_notation(specs):
    assert specs["coverage"]["config"]["locale"]["number"]["decimal"] == ","  # tooltips' numbers, formatted by Vega
    assert specs["timeline"]["config"]["locale"]["time"]["months"][0] == "января"
    rows = next(iter(specs["coverage"]["datasets"].values()))
    described = [row[DESCRIPTION] for row in rows]
    assert all(re.search(r"доля: \d+(,\d)?\xa0%", text) for text in described), described[:3]
    assert not any(re.search(r"\d\.\d", text.split("Девеселу")[-1]) for text in described)
    needed = [row["text"] for rows in specs["needed"]["datasets"].values() for row in rows]
    assert any(re.fullmatch(r"нужная скорость: \d+,\d\d км/с", text) for text in needed), needed


def test_english_stays_as_it_was(seeds):
    spec = charts.timeline_chart(seeds, dt.date(2013, 10, 31)).to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == "."
    rows = spec["datasets"][spec["layer"][0]["data"]["name"]]
    deveselu = [row[DESCRIPTION] for row in rows if row["day"] == "2011-05-03"]
    assert deveselu and deveselu[0].startswith("feature: ") and "from: 3 May 2011; until: 13 Sep 2011" in deveselu[0]


def test_the_russian_analysis_tables_say_nothing_in_latin_letters(seeds):
    """The Analysis tab's tables as shown in Russian (Streamlit draws them on a canvas, which the browser walk cannot
    read): names, words and sources in Russian (sources by outlet and date, not id), no ISO date, no decimal point."""
    from shieldmap.ui import analysis_tab

    with i18n.language("ru"):
        on_duty = dt.date(2016, 6, 1)
        hypothetical = what_if.build(seeds, [WHAT_IF], on_duty)
        tables = analysis.analysis_tables(seeds, analysis_layers(seeds, on_duty, what_if=hypothetical))
        shown = {name: analysis_tab.shown_numbers(analysis_tab.display_table(name, tables[name], seeds, (WHAT_IF,)))
                 for name in analysis_tab.TABLES}
    for name, frame in shown.items():
        texts = [v for column in frame.columns for v in frame[column] if isinstance(v, str) and v]
        assert texts, name
        assert foreign(texts, allowed_words(seeds)) == {}, name
        assert [text for text in texts if ISO_DATE.search(text) or re.search(r"\d\.\d", text)] == [], name
        assert [source for source in seeds.sources.index if any(source in text for text in texts)] == [], name
    assert str(shown["proposals"]["date_proposed"].dtype).startswith("datetime64")  # a date column, sortable
