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


def test_the_analysis_tables_kilometres_are_never_comma_grouped_in_russian():
    from shieldmap.ui import analysis_tab

    with i18n.language("en"):
        assert analysis_tab.km_format() == "%,.0f"
    with i18n.language("ru"):
        assert analysis_tab.km_format() == "%.0f"
