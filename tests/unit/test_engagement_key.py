"""The web map's key explains the engagement's colours, in the reader's language, only while a path is drawn."""

from __future__ import annotations

from geo.intercept import VERDICTS
from layers import style
from shieldmap import i18n
from shieldmap.web import engagement_map, mapkey


def test_the_key_section_names_every_colour_the_engagement_draws():
    with i18n.language("en"):
        english = mapkey.engagement_key()
    with i18n.language("ru"):
        russian = mapkey.engagement_key()
    for verdict in VERDICTS:
        colour = style.ENGAGEMENT_STYLES["reach"][verdict]
        assert f'fill="{colour}"' in english and f'fill="{colour}"' in russian
        assert f"interceptor&#x27;s reach: {verdict}" in english
    assert f'fill="{style.ENGAGEMENT_STYLES["horizon"]["color"]}"' in english and "radar horizon" in english
    assert "Перехват (полёт перехватчика с учётом тяготения)" in russian and "трасса полёта угрозы" in russian
    assert "reach" not in russian and "horizon" not in russian


def test_the_section_rides_with_the_paths_group_only():
    path = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {
        "type": "LineString", "coordinates": [[51.4, 35.7], [30.0, 50.0]]}, "properties": {
        "kind": "path", "launch": "tehran", "target": "washington", "range_km": 10198.0, "flight_min": 32.6,
        "apogee_km": 1300.0, "trajectory": "minimum-energy"}}]}
    with i18n.language("en"):
        drawn = engagement_map.feature_group([path])
        empty = engagement_map.feature_group([{"type": "FeatureCollection", "features": []}])
    assert [type(c).__name__ for c in drawn._children.values()].count("KeySection") == 1
    assert "KeySection" not in [type(c).__name__ for c in empty._children.values()]
