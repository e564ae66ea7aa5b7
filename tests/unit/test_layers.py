"""Facts from the reports and the research notes, checked on the built layers."""

import datetime as dt

import pytest
import shapely

from geo.features import COMMON_COLUMNS
from layers.registry import LAYER_IDS, build_layers

D = dt.date


def layer(seeds, layer_id, day):
    return build_layers(seeds, [layer_id], day)[layer_id]


@pytest.mark.parametrize("layer_id", LAYER_IDS)
def test_every_feature_has_common_columns_and_sources(seeds, layer_id):
    frame = layer(seeds, layer_id, D(2016, 6, 1))
    assert len(frame) > 0
    assert list(frame.columns[: len(COMMON_COLUMNS)]) == COMMON_COLUMNS
    assert frame.crs.to_epsg() == 4326
    assert frame["id"].is_unique
    assert (frame["layer"] == layer_id).all()
    for sources, citations in zip(frame["sources"], frame["citations"]):
        assert sources and citations
        for sid in sources.split(";"):
            assert sid in seeds.sources.index
    assert frame.geometry.is_valid.all()
    points = frame.geom_type == "Point"
    assert frame.loc[points, "precision_km"].gt(0).all()


def _members(seeds, layer_id, day):
    return set(layer(seeds, layer_id, day)["name"])


@pytest.mark.parametrize("day,inside,outside", [
    (D(2005, 1, 1), {"Russia", "Belarus", "Kazakhstan", "Armenia"}, {"Uzbekistan", "Georgia"}),
    (D(1995, 1, 1), {"Georgia", "Azerbaijan", "Uzbekistan"}, set()),
    (D(2010, 1, 1), {"Uzbekistan", "Tajikistan", "Kyrgyzstan"}, {"Georgia", "Azerbaijan"}),
    (D(2013, 10, 31), {"Belarus", "Kazakhstan", "Russia"}, {"Uzbekistan"}),
])
def test_csto_membership_at_dates(seeds, day, inside, outside):
    members = _members(seeds, "csto", day)
    assert inside <= members
    assert not (outside & members)


CAPITALS = {"Minsk": (27.5615, 53.9045), "Tashkent": (69.2401, 41.2995), "Tbilisi": (44.7930, 41.7151),
            "Vilnius": (25.2797, 54.6872), "Tirana": (19.8187, 41.3275), "Kyiv": (30.5234, 50.4501)}


@pytest.mark.parametrize("layer_id,capital,day,expected", [
    ("csto", "Minsk", D(2013, 10, 31), True),
    ("csto", "Tashkent", D(2010, 6, 1), True),
    ("csto", "Tashkent", D(2012, 7, 1), False),
    ("csto", "Tbilisi", D(1998, 1, 1), True),
    ("csto", "Tbilisi", D(2013, 10, 31), False),
    ("nato", "Vilnius", D(2003, 1, 1), False),
    ("nato", "Vilnius", D(2004, 3, 29), True),
    ("nato", "Tirana", D(2009, 3, 31), False),
    ("nato", "Tirana", D(2009, 4, 1), True),
    ("nato", "Kyiv", D(2013, 10, 31), False),
])
def test_capitals_inside_member_polygons(seeds, layer_id, capital, day, expected):
    union = layer(seeds, layer_id, day).union_all()
    assert union.contains(shapely.Point(CAPITALS[capital])) is expected


def test_nato_has_28_states_in_2013(seeds):
    members = _members(seeds, "nato", D(2013, 10, 31)) - {"Greenland", "Faeroe Is."}
    assert len(members) == 28


def test_s300_announcement_appears_on_its_date(seeds):
    assert "s300-2013-announced" not in set(layer(seeds, "s300_belarus", D(2013, 10, 28))["id"])
    frame = layer(seeds, "s300_belarus", D(2013, 10, 29)).set_index("id")
    assert frame.at["s300-2013-announced", "status"] == "announced"
    assert frame.at["s300-2013-announced", "stands_for"] == "region"
    assert "gsn-2013-10-31" in frame.at["s300-2013-announced", "sources"]


def test_s300_battalions_reported_regions_and_duty(seeds):
    before = set(layer(seeds, "s300_belarus", D(2014, 12, 18))["id"])
    assert "s300-grodno" not in before
    frame = layer(seeds, "s300_belarus", D(2015, 6, 1)).set_index("id")
    assert {"s300-grodno", "s300-brest", "s300-polotsk-1", "s300-polotsk-2"} <= set(frame.index)
    assert "s300-2013-announced" not in frame.index
    assert frame.at["s300-grodno", "status"] == "planned"
    assert layer(seeds, "s300_belarus", D(2016, 5, 6)).set_index("id").at["s300-brest", "status"] == "on duty"
    grodno = frame.loc["s300-grodno"]
    assert (grodno.geometry.y, grodno.geometry.x) == (53.667, 23.833)
    assert grodno["precision_km"] == 100


@pytest.mark.parametrize("day,status", [
    (D(2011, 5, 2), None), (D(2011, 5, 3), "site chosen"), (D(2011, 9, 13), "agreement signed"),
    (D(2011, 12, 23), "agreement in force"), (D(2013, 10, 28), "under construction"),
    (D(2015, 12, 18), "technical capability"), (D(2016, 5, 12), "operational"),
])
def test_deveselu_status_by_date(seeds, day, status):
    frame = layer(seeds, "romania_interceptor", day)
    if status is None:
        assert len(frame) == 0
        return
    row = frame.set_index("id").loc["deveselu"]
    assert row["status"] == status
    assert (round(row.geometry.y, 2), round(row.geometry.x, 2)) == (44.08, 24.39)
    assert "24 SM-3 Block IB" in row["details"]


@pytest.mark.parametrize("site,day,status", [
    ("kurecik", D(2011, 12, 31), "announced"), ("kurecik", D(2012, 1, 1), "operational"),
    ("rota", D(2014, 2, 11), "operational"), ("redzikowo", D(2016, 5, 13), "under construction"),
    ("ramstein", D(2012, 5, 20), "operational"),
])
def test_epaa_statuses(seeds, site, day, status):
    assert layer(seeds, "epaa", day).set_index("id").at[site, "status"] == status


def test_sectors_appear_at_lisbon_and_are_rejected_after_sochi(seeds):
    assert len(layer(seeds, "european_sectors", D(2010, 11, 19))) == 0
    proposed = layer(seeds, "european_sectors", D(2010, 11, 20))
    assert set(proposed["status"]) == {"proposed"}
    rejected = layer(seeds, "european_sectors", D(2013, 10, 31))
    assert set(rejected["status"]) == {"rejected"} and len(rejected) == 4
    assert rejected["interpretation"].str.startswith("Interpretation").all()
    assert rejected["kind"].str.contains("interpretation").all()


@pytest.mark.parametrize("city,lonlat,holder", [
    ("Moscow", (37.62, 55.76), "Russia"), ("Madrid", (-3.70, 40.42), "France"),
    ("Athens", (23.73, 37.98), "United States"), ("Helsinki", (24.94, 60.17), "Germany"),
    ("Rome", (12.50, 41.90), "United States"), ("London", (-0.13, 51.51), "France"),
    ("Oslo", (10.75, 59.91), "France"), ("Kyiv", (30.52, 50.45), "United States"),
])
def test_city_falls_in_sector(seeds, city, lonlat, holder):
    frame = layer(seeds, "european_sectors", D(2011, 1, 1))
    hit = frame[frame.contains(shapely.Point(lonlat))]
    assert list(hit["holder"]) == [holder], city


def test_events_accumulate_on_the_timeline(seeds):
    assert set(layer(seeds, "events", D(2010, 11, 20))["id"]) == {
        "event-2009-02-03-ru-by-air-defence", "event-2010-11-20-lisbon"}
    assert len(layer(seeds, "events", D(2013, 10, 31))) == len(seeds.events)
