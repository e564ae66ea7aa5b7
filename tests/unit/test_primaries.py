"""Issue 33 (truth audit 3), the primaries where mirrors were cited: each record cites the primary where one was
opened, with its words; a mirror kept says whose words it carries and where the original should be."""

from __future__ import annotations

import pytest

from geo.engagement_seeds import load_engagement


def _quotes(seeds, table, key):
    return seeds.quotes[(seeds.quotes["table"] == table) & (seeds.quotes["key"] == key)]


@pytest.mark.parametrize("source,url", [
    ("rg-2011-06-10-sectors", "https://rg.ru/2011/06/10/pro.html"),
    ("kremlin-2010-11-20-lisbon", "https://www.voltairenet.org/article167705.html"),
    ("rbcua-2010-11-21", "https://rbc.ua/ukr/news/rossiya-predlozhila-nato-sozdat-sektoralnuyu-sistemu-pro-21112010023600"),
    ("ukdj-2024-07-redzikowo", "https://ukdefencejournal.org.uk/nato-missile-defence-base-in-poland-now-ready"),
    ("afn-2012-tor-m2", "https://news.afnfn.com/news/i/163999"),
    ("wikipedia-kurecik", "https://en.wikipedia.org/wiki/K%C3%BCrecik_Radar_Station"),
])
def test_the_primaries_are_sources_that_were_opened(seeds, source, url):
    assert seeds.sources.at[source, "url"] == url
    assert seeds.sources.at[source, "checked"] == "opened 2026-12-07"


def test_the_8_june_2011_event_cites_rossiyskaya_gazeta_on_the_sectors(seeds):
    event = seeds.events.set_index("id").loc["event-2011-06-08-nrc-no"]
    assert "rg-2011-06-10-sectors" in event["sources"]
    said = _quotes(seeds, "events", "event-2011-06-08-nrc-no")
    rg = said[said["source"] == "rg-2011-06-10-sectors"].iloc[0]
    assert "разделить его на сектора ответственности" in rg["quote"]
    assert "divide it into sectors of responsibility" in rg["translation"]


def test_the_lisbon_event_cites_the_kremlin_transcript_and_the_press_conference_report(seeds):
    event = seeds.events.set_index("id").loc["event-2010-11-20-lisbon"]
    assert {"kremlin-2010-11-20-lisbon", "rbcua-2010-11-21"} <= set(event["sources"])
    said = _quotes(seeds, "events", "event-2010-11-20-lisbon").set_index("source")
    assert "en.kremlin.ru" in said.at["kremlin-2010-11-20-lisbon", "copy"]  # a repost: where the original should be
    assert "\"секторальну\" систему ПРО" in said.at["rbcua-2010-11-21", "quote"]
    assert "Lisbon" in said.at["rbcua-2010-11-21", "translation"]


def test_redzikowo_mission_ready_cites_natos_words(seeds):
    statuses = seeds.statuses.set_index(["feature", "status"])
    assert statuses.loc[("redzikowo", "operational"), "sources"][0] == "ukdj-2024-07-redzikowo"
    event = seeds.events.set_index("id").loc["event-2024-07-10-redzikowo-ready"]
    assert event["sources"][0] == "ukdj-2024-07-redzikowo"
    for table, key in (("statuses", "redzikowo|operational|2024-07-10"), ("events", "event-2024-07-10-redzikowo-ready")):
        row = _quotes(seeds, table, key).set_index("source").loc["ukdj-2024-07-redzikowo"]
        assert "Enhanced Operational Capability" in row["quote"] and "nato.int" in row["copy"]


def test_the_kurecik_height_cites_the_article_beside_its_translation(seeds):
    radars = load_engagement(seeds=seeds).radars.set_index("id")
    assert list(radars.at["kurecik-hill-2085", "sources"]) == ["wikipedia-kurecik", "wikial-kurecik"]
    said = _quotes(seeds, "radars", "kurecik-hill-2085").set_index("source")
    assert "Çat Tepe" in said.at["wikipedia-kurecik", "quote"] and "2.085 m" in said.at["wikial-kurecik", "quote"]


def test_the_first_tor_m2_battery_is_cited_in_russian(seeds):
    status = seeds.statuses.set_index(["feature", "status"]).loc[("by-120bde-baranovichi", "delivered")]
    assert status["sources"][0] == "afn-2012-tor-m2"
    said = _quotes(seeds, "statuses", "by-120bde-baranovichi|delivered|2011-12-31").set_index("source")
    assert "Первая батарея была поставлена" in said.at["afn-2012-tor-m2", "quote"]


@pytest.mark.parametrize("source,original", [
    ("ap-2009-09-17", "apnews.com"), ("reuters-2010-05-24", "reuters.com"),
    ("seapower-2015-04-30", "seapowermagazine.org"), ("nns-2011-04-03", "navy.mil"),
    ("riadefenseblog-2011-04-21", "sputnikglobe.com"), ("businessweek-2013-12", "businessweek.com"),
    ("masress-260392", "belta.by"), ("topwar-2012-tor-m2", "topwar.ru"), ("rbth-2016-10-08", "rbth.com"),
    ("newsaz-2024-07-11", "ukdj-2024-07-redzikowo"), ("wikial-kurecik", "wikipedia-kurecik"),
])
def test_a_mirror_kept_says_where_the_original_should_be(seeds, source, original):
    note = seeds.sources.at[source, "note"]
    assert original in note
