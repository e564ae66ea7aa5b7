"""Shown numbers follow the reader's language: ``10,198`` reads as ten point one nine eight in Russian."""

from __future__ import annotations

import pytest

from shieldmap import i18n
from shieldmap.web import engagement_map

NBSP = "\xa0"


@pytest.mark.parametrize(("lang", "value", "digits", "shown"), [
    ("en", 10198.46, 0, "10,198"), ("ru", 10198.46, 0, f"10{NBSP}198"),
    ("en", 12.34, 1, "12.3"), ("ru", 12.34, 1, "12,3"),
    ("en", 3.0, 2, "3.00"), ("ru", 3.0, 2, "3,00"),
    ("en", 1.5, None, "1.5"), ("ru", 1.5, None, "1,5"),
    ("en", 150.0, None, "150"), ("ru", 1250.0, None, f"1{NBSP}250"),
])
def test_a_number_in_each_language(lang, value, digits, shown):
    with i18n.language(lang):
        assert i18n.number(value, digits) == shown


PATH = {"kind": "path", "launch": "tehran", "target": "washington", "launch_name": "Tehran", "launch_name_ru": "Тегеран",
        "target_name": "Washington, D.C.", "target_name_ru": "Вашингтон", "range_km": 10198.4, "flight_min": 36.25,
        "apogee_km": 1320.0, "trajectory": "minimum-energy"}


def test_the_engagement_tooltip_writes_numbers_as_its_reader_does():
    with i18n.language("en"):
        english = engagement_map.tip(PATH)
    with i18n.language("ru"):
        russian = engagement_map.tip(PATH)
    assert "10,198 km" in english and "36.2 min" in english and "1,320 km" in english
    assert f"10{NBSP}198 км" in russian and "36,2 мин" in russian and f"1{NBSP}320 км" in russian
    assert "10,198" not in russian


@pytest.mark.parametrize(("lang", "share", "shown"), [("en", 0.58815, "58.8%"), ("ru", 0.58815, f"58,8{NBSP}%"),
                                                    ("en", 1.0, "100%"), ("ru", 0.0671588134766, f"6,7{NBSP}%")])
def test_a_percentage_in_each_language(lang, share, shown):
    with i18n.language(lang):
        assert i18n.percent(share) == shown


def test_the_analysis_tables_numbers_in_the_readers_notation(seeds):
    """Issue 34.3: the Analysis tab's shares and kilometres in Russian as Russian writes them (decimal comma, spaces
    between thousands), not Streamlit's printf notation (``58.8%``, ``10198``); English keeps numbers that sort."""
    import datetime as dt

    from geo import analysis
    from layers.registry import analysis_layers
    from shieldmap.ui import analysis_tab

    tables = analysis.analysis_tables(seeds, analysis_layers(seeds, dt.date(2016, 6, 1)))
    for lang in ("en", "ru"):
        with i18n.language(lang):
            shown = analysis_tab.shown_numbers(analysis_tab.display_table("coverage", tables["coverage"], seeds))
            config = analysis_tab._column_config(shown)
        row = shown[shown["country"] == ("Albania" if lang == "en" else "Албания")].iloc[0]
        if lang == "en":
            assert row["share"] == 58.8 and config["share"]["type_config"]["format"] == "%.1f%%"
        else:
            assert (row["share"], row["covered_km2"], row["radius_km"]) == (f"58,8{NBSP}%", f"16{NBSP}696", "500")
            assert config["share"]["alignment"] == "right" and config["share"]["type_config"]["type"] == "text"
            assert not any("." in text for column in ("share", "covered_km2") for text in shown[column])
