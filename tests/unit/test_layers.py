"""Facts from the reports and the research notes, checked on the built layers."""

import datetime as dt

import pandas as pd
import pytest
import shapely

from geo import borders
from geo.features import COMMON_COLUMNS
from geo.sector_edges import areas
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
    unsourced = frame["unsourced"].eq("yes") if "unsourced" in frame.columns else [False] * len(frame)
    for sources, citations, none in zip(frame["sources"], frame["citations"], unsourced):
        assert (sources and citations) or none  # an unsourced range figure is flagged, never silent
        for sid in filter(None, sources.split(";")):
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


@pytest.mark.parametrize("day,count", [
    (D(2013, 10, 31), 28), (D(2017, 6, 4), 28), (D(2017, 6, 5), 29), (D(2020, 3, 26), 29), (D(2020, 3, 27), 30),
    (D(2023, 4, 3), 30), (D(2023, 4, 4), 31), (D(2024, 3, 6), 31), (D(2024, 3, 7), 32),
])
def test_nato_features_count_members(seeds, day, count):
    frame = layer(seeds, "nato", day)
    assert len(frame) == count and frame["name"].is_unique


def test_denmark_is_one_feature_with_greenland_and_the_faroes(seeds):
    frame = layer(seeds, "nato", D(2013, 10, 31)).set_index("name")
    assert "Greenland" not in frame.index and "Faeroe Is." not in frame.index
    denmark = frame.loc["Denmark"]
    assert denmark["countries"] == "Denmark;Greenland;Faeroe Is."
    for part in borders.country_shapes(["Denmark", "Greenland", "Faeroe Is."]).geometry:
        assert denmark.geometry.contains(part.representative_point())


@pytest.mark.parametrize("country,joined", [
    ("Montenegro", D(2017, 6, 5)), ("Macedonia", D(2020, 3, 27)), ("Finland", D(2023, 4, 4)), ("Sweden", D(2024, 3, 7)),
])
def test_nato_accessions_after_2009(seeds, country, joined):
    assert country not in _members(seeds, "nato", joined - dt.timedelta(days=1))
    assert country in _members(seeds, "nato", joined)


@pytest.mark.parametrize("day,count,uzbekistan", [
    (D(1999, 4, 19), 9, True), (D(1999, 4, 20), 9, True), (D(1999, 4, 21), 6, False),
    (D(2006, 8, 15), 6, False), (D(2006, 8, 16), 7, True),
    (D(2012, 6, 1), 7, True), (D(2012, 6, 27), 7, True), (D(2012, 6, 28), 6, False), (D(2012, 7, 1), 6, False),
])
def test_csto_lapse_return_and_suspension(seeds, day, count, uzbekistan):
    members = _members(seeds, "csto", day)
    assert len(members) == count
    assert ("Uzbekistan" in members) is uzbekistan
    assert ("Georgia" in members) is (day < D(1999, 4, 21))


@pytest.mark.parametrize("day,status", [(D(2024, 2, 21), "member"), (D(2024, 2, 22), "frozen"), (D(2024, 6, 1), "frozen")])
def test_armenia_frozen_is_a_status_not_an_exit(seeds, day, status):
    frame = layer(seeds, "csto", day).set_index("name")
    assert len(frame) == 6 and "Armenia" in frame.index
    assert frame.at["Armenia", "status"] == status
    assert frame.at["Armenia", "id"] == "csto-armenia"


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
    assert grodno["precision_km"] == 190  # the Grodno region reaches ~190 km from the city
    assert frame.at["s300-brest", "precision_km"] == 220


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
    ("kurecik", D(2012, 1, 15), "site chosen"), ("kurecik", D(2012, 1, 16), "operational"),
    ("rota", D(2011, 10, 5), "announced"),
    ("rota", D(2014, 2, 11), "operational"), ("redzikowo", D(2016, 5, 13), "under construction"),
    ("ramstein", D(2012, 5, 20), "operational"),
])
def test_epaa_statuses(seeds, site, day, status):
    assert layer(seeds, "epaa", day).set_index("id").at[site, "status"] == status


def sectors_layer(seeds, day, model=None):
    if model is None:
        return layer(seeds, "european_sectors", day)
    return build_layers(seeds, ["european_sectors"], day, sectors_model=model)["european_sectors"]


def test_sectors_appear_at_lisbon_and_are_rejected_from_the_nrc_defence_ministers(seeds):
    assert len(layer(seeds, "european_sectors", D(2010, 11, 19))) == 0
    proposed = layer(seeds, "european_sectors", D(2010, 11, 20))
    assert set(proposed["status"]) == {"proposed"}
    assert set(layer(seeds, "european_sectors", D(2011, 6, 7))["status"]) == {"proposed"}
    rejected = layer(seeds, "european_sectors", D(2011, 6, 8))
    assert set(rejected["status"]) == {"rejected"}
    sector_rows = rejected[rejected["holder"].notna()]
    assert len(sector_rows) == 4
    assert rejected["interpretation"].str.contains("interpretation").all()  # says it is one (issue 34.1: no raw id)
    assert rejected["kind"].str.contains("interpretation").all()
    assert set(layer(seeds, "european_sectors", D(2013, 10, 31))["status"]) == {"rejected"}


def test_sector_status_sources_and_dating_note(seeds):
    rows = seeds.statuses[seeds.statuses["feature"].str.startswith("european-sector-")]
    rejected = rows[rows["status"] == "rejected"]
    assert set(rejected["from"]) == {D(2011, 6, 8)}
    assert all("nato-75261" in sources for sources in rejected["sources"])  # the NATO press conference, opened
    assert rejected["note"].str.contains("Sochi").all()
    proposed = rows[rows["status"] == "proposed"]
    assert set(proposed["from"]) == {D(2010, 11, 20)}
    assert proposed["note"].str.contains("autumn 2010").all()


@pytest.mark.parametrize("model,name", [(None, "russian_depiction"), ("alliance_borders", "alliance_borders"),
                                        ("borders", "alliance_borders"), ("wedges", "wedges")])
def test_every_sector_feature_names_its_model_and_rule(seeds, model, name):
    frame = sectors_layer(seeds, D(2013, 10, 31), model)  # "borders" is the old name, still accepted
    assert set(frame["model"]) == {name}
    assert frame["interpretation"].str.contains("interpretation").all()  # its rule, said to be an interpretation
    assert not frame["interpretation"].str.contains(f"'{name}'").any()  # for readers: no quoted model id (issue 34.1)


@pytest.mark.parametrize("city,lonlat,holder", [
    ("Minsk", (27.56, 53.90), "Russia"), ("Moscow", (37.62, 55.76), "Russia"),
    ("Warsaw", (21.01, 52.23), "Germany"), ("Vilnius", (25.28, 54.69), "Russia"), ("Riga", (24.11, 56.95), "Russia"),
    ("Berlin", (13.40, 52.52), "Germany"), ("Paris", (2.35, 48.86), "France"),
    ("Athens", (23.73, 37.98), "United States"), ("Madrid", (-3.70, 40.42), "France"),
    ("Rome", (12.50, 41.90), "United States"), ("London", (-0.13, 51.51), "France"),
    ("Tallinn", (24.75, 59.44), "Russia"), ("Ankara", (32.86, 39.93), "United States"),
    ("Helsinki", (24.94, 60.17), None), ("Oulu", (25.47, 65.01), "Russia"),  # 'most of ... Finland' (issue 33, 2.4)
    ("Umeå", (20.26, 63.83), "Russia"), ("Kautokeino", (23.04, 69.01), "Russia"),
    ("Białystok", (23.16, 53.13), "Russia"), ("Oslo", (10.75, 59.91), "Germany"), ("Bergen", (5.32, 60.39), "Germany"),
    ("Kyiv", (30.52, 50.45), None), ("Chisinau", (28.86, 47.01), None), ("Vienna", (16.37, 48.21), None),
])
@pytest.mark.parametrize("day", [D(2013, 10, 31), D(2024, 12, 31)])  # the alliances of 2010 at every date
def test_city_falls_in_sector_under_the_default_model(seeds, city, lonlat, holder, day):
    frame = areas(layer(seeds, "european_sectors", day))  # Russia's own depiction (General Staff slide, May 2012)
    hit = frame[frame.contains(shapely.Point(lonlat))]  # (the bands along the inferred edges aside)
    assert len(hit) == 1, city
    assert hit["holder"].iloc[0] == holder or (holder is None and hit["holder"].isna().iloc[0]), city
    if holder is None:
        assert hit["id"].iloc[0] == "european-sectors-not-covered"


def test_alliance_borders_model_stops_russias_sector_at_the_border(seeds):
    russia = sectors_layer(seeds, D(2013, 10, 31), "alliance_borders").set_index("id").geometry["european-sector-russia"]
    assert russia.contains(shapely.Point(27.56, 53.90)) and russia.contains(shapely.Point(37.62, 55.76))
    assert not russia.contains(shapely.Point(21.01, 52.23)) and not russia.contains(shapely.Point(25.28, 54.69))


def test_default_model_is_labelled_russias_depiction_with_its_evidence(seeds):
    frame = layer(seeds, "european_sectors", D(2013, 10, 31))
    assert set(frame["model"]) == {"russian_depiction"}
    text = frame["interpretation"].iloc[0]
    for words in ("Russia's own depiction", "approximate", "Molotov-Ribbentrop", "Podvig", "alliances of the proposal's time"):
        assert words in text
    assert all("podvig-2012-05" in s and "kommersant-2011-07-15" in s for s in frame["sources"])
    gap = frame.set_index("id").loc["european-sectors-not-covered"]
    assert gap["name"].startswith("Undescribed") and pd.isna(gap["holder"])


def test_default_sectors_do_not_overlap_and_follow_membership(seeds):
    frame = areas(layer(seeds, "european_sectors", D(2013, 10, 31))).set_index("id")
    shapes = list(frame.geometry)
    for i, a in enumerate(shapes):
        for b in shapes[i + 1:]:
            assert a.intersection(b).area < 1e-6
    assert "Belarus" in frame.at["european-sector-russia", "states"]
    assert "Poland west of 22°E" in frame.at["european-sector-germany", "states"]
    assert "Poland east of 22°E" in frame.at["european-sector-russia", "states"]
    assert "Greece" in frame.at["european-sector-usa", "states"]
    assert "France" in frame.at["european-sector-france", "states"]


@pytest.mark.parametrize("city,lonlat,holder", [
    ("Moscow", (37.62, 55.76), "Russia"), ("Madrid", (-3.70, 40.42), "France"),
    ("Athens", (23.73, 37.98), "United States"), ("Helsinki", (24.94, 60.17), "Germany"),
    ("Rome", (12.50, 41.90), "United States"), ("London", (-0.13, 51.51), "France"),
    ("Oslo", (10.75, 59.91), "France"), ("Kyiv", (30.52, 50.45), "United States"),
    ("Berlin", (13.40, 52.52), "France"),
])
def test_city_falls_in_sector_under_the_wedges_model(seeds, city, lonlat, holder):
    frame = sectors_layer(seeds, D(2011, 1, 1), "wedges")
    hit = frame[frame.contains(shapely.Point(lonlat))]
    assert list(hit["holder"]) == [holder], city


def test_the_models_differ_on_berlin(seeds):
    berlin = shapely.Point(13.40, 52.52)
    default = layer(seeds, "european_sectors", D(2013, 10, 31))
    wedges = sectors_layer(seeds, D(2013, 10, 31), "wedges")
    assert list(default[default.contains(berlin)]["holder"]) == ["Germany"]
    assert list(wedges[wedges.contains(berlin)]["holder"]) == ["France"]


def test_unknown_sector_model_is_named(seeds):
    with pytest.raises(ValueError, match=r"unknown sector model 'cones' \(known: russian_depiction, alliance_borders, wedges"):
        build_layers(seeds, ["nato"], D(2013, 10, 31), sectors_model="cones")


# --- range rings: only capability in place, planned on request ---------------------------------

def rings(seeds, day, planned=False):
    return build_layers(seeds, ["engagement_ranges"], day, planned=planned)["engagement_ranges"].set_index("site")


def test_no_ring_for_capability_not_in_place_by_default(seeds):
    frame = rings(seeds, D(2013, 10, 31))
    assert "s300-2013-announced" not in frame.index
    assert "deveselu" not in frame.index  # SM-3 not in place before 2015-12-18
    assert set(frame["capability"]) == {"in place"}


def test_planned_rings_on_request_are_labelled_planned(seeds):
    frame = rings(seeds, D(2013, 10, 31), planned=True)
    for site in ("s300-2013-announced", "deveselu"):
        assert frame.at[site, "capability"] == "planned"
        assert "(planned)" in frame.at[site, "name"]
        assert frame.at[site, "note"].startswith("Planned capability")
    assert frame.at["s300-2006-grodno", "capability"] == "in place"


@pytest.mark.parametrize("day,in_place", [(D(2015, 12, 17), False), (D(2015, 12, 18), True), (D(2016, 6, 1), True)])
def test_deveselu_ring_in_place_from_technical_capability(seeds, day, in_place):
    frame = rings(seeds, day)
    assert ("deveselu" in frame.index) is in_place
    if in_place:
        assert frame.at["deveselu", "capability"] == "in place"


def test_planned_battalions_ring_only_on_request(seeds):
    assert "s300-grodno" not in rings(seeds, D(2015, 6, 1)).index
    assert rings(seeds, D(2015, 6, 1), planned=True).at["s300-grodno", "capability"] == "planned"
    assert rings(seeds, D(2016, 5, 6)).at["s300-grodno", "capability"] == "in place"


def test_events_accumulate_on_the_timeline(seeds):
    assert set(layer(seeds, "events", D(2010, 11, 20))["id"]) == {
        "event-2007-01-20-us-request", "event-2007-06-07-gabala-offer", "event-2008-11-05-iskander-announced",
        "event-2009-02-03-ru-by-air-defence",
        "event-2009-09-17-plan-cancelled", "event-2009-09-25-iskander-withdrawn", "event-2010-02-04-romania-host",
        "event-2010-11-20-lisbon"}
    assert len(layer(seeds, "events", D(2024, 12, 31))) == len(seeds.events)


# --- corrections of issue 10, pinned before and after ---


@pytest.mark.parametrize("day", [D(2000, 1, 1), D(2006, 5, 1), D(2011, 1, 1), D(2013, 10, 31), D(2016, 6, 1), D(2024, 12, 31)])
def test_baranovichi_is_never_in_the_s300_layer(seeds, day):
    frame = layer(seeds, "s300_belarus", day)
    assert not frame["name"].str.contains("Baranovichi").any()
    assert not frame["id"].str.contains("baranovichi").any()
    assert not layer(seeds, "engagement_ranges", day)["id"].str.contains("baranovichi").any()


def test_baranovichi_brigade_is_shown_as_tor_m2_from_its_sourced_date(seeds):
    assert "by-120bde-baranovichi" not in set(layer(seeds, "russian_sites", D(2011, 12, 30))["id"])
    row = layer(seeds, "russian_sites", D(2013, 10, 31)).set_index("id").loc["by-120bde-baranovichi"]
    assert row["system"] == "Tor-M2" and "S-300" not in row["name"]


@pytest.mark.parametrize("site,day,status", [
    ("s300-2006-brest", D(2006, 4, 29), None), ("s300-2006-brest", D(2006, 4, 30), "delivered"),
    ("s300-2006-grodno", D(2006, 10, 26), None), ("s300-2006-grodno", D(2006, 10, 27), "planned"),
    ("s300-2006-grodno", D(2006, 11, 30), "planned"), ("s300-2006-grodno", D(2006, 12, 1), "on duty"),
])
def test_the_2006_transfer_brest_in_april_grodno_by_december(seeds, site, day, status):
    frame = layer(seeds, "s300_belarus", day).set_index("id")
    if status is None:
        assert site not in frame.index
    else:
        assert frame.at[site, "status"] == status


@pytest.mark.parametrize("day,radius", [(D(2013, 10, 31), 80.0), (D(2016, 6, 1), 80.0)])
def test_s300ps_default_ring_is_the_s300ps_figure(seeds, day, radius):
    rings = layer(seeds, "engagement_ranges", day)
    s300 = rings[rings["system"].isin(["S-300", "S-300PS"])]
    assert len(s300) and set(s300["radius_km"]) == {radius}
    assert set(s300["figure"]) == {"s300ps-80"}  # issue 33, 2.1: the family's 150 km is not these units'


def test_s300_family_150_km_stays_selectable_as_a_family_claim(seeds):
    rings = build_layers(seeds, ["engagement_ranges"], D(2016, 6, 1), {"S-300PS": "s300-belarus-150"})["engagement_ranges"]
    assert set(rings.loc[rings["system"] == "S-300PS", "radius_km"]) == {150.0}
    assert "family" in seeds.ranges.at["s300-belarus-150", "label"]


def test_s300_family_200_km_stays_selectable(seeds):
    rings = build_layers(seeds, ["engagement_ranges"], D(2016, 6, 1), {"S-300PS": "s300-family-200"})["engagement_ranges"]
    assert set(rings.loc[rings["system"] == "S-300PS", "radius_km"]) == {200.0}


@pytest.mark.parametrize("day,status", [
    (D(2015, 12, 17), "under construction"), (D(2015, 12, 18), "technical capability"),
    (D(2016, 5, 11), "technical capability"), (D(2016, 5, 12), "operational"),
])
def test_deveselu_capability_dates(seeds, day, status):
    assert layer(seeds, "romania_interceptor", day).set_index("id").at["deveselu", "status"] == status


@pytest.mark.parametrize("layer_id,site,before,on", [
    ("russian_sites", "s400-kaliningrad", D(2012, 4, 5), D(2012, 4, 6)),
    ("russian_sites", "voronezh-dm-kaliningrad", D(2011, 11, 28), D(2011, 11, 29)),
    ("russian_sites", "iskander-kaliningrad-2008", D(2008, 11, 4), D(2008, 11, 5)),
    ("nato_sites", "deveselu-thaad", D(2019, 4, 10), D(2019, 4, 11)),
    ("russian_sites", "s400-belarus-2022-drills", D(2022, 1, 20), D(2022, 1, 21)),
    ("russian_sites", "s400-belarus", D(2022, 12, 18), D(2022, 12, 19)),
    ("russian_sites", "iskander-belarus", D(2022, 6, 24), D(2022, 6, 25)),  # Putin's pledge (issue 33, 2.9)
    ("russian_sites", "iskander-belarus-2022-drills", D(2022, 2, 4), D(2022, 2, 5)),  # issue 33, 2.2
    ("russian_sites", "volga-hantsavichy", D(2003, 9, 30), D(2003, 10, 1)),
    ("russian_sites", "iskander-kaliningrad", D(2011, 11, 22), D(2011, 11, 23)),
    ("nato_sites", "morag-patriot", D(2010, 5, 22), D(2010, 5, 23)),
    ("nato_sites", "ustka-patriot", D(2011, 9, 14), D(2011, 9, 15)),  # each rotation place at its town (issue 33, 2.7)
    ("nato_sites", "torun-patriot", D(2011, 12, 31), D(2012, 1, 1)),
    ("nato_sites", "redzikowo-gbi", D(2008, 8, 19), D(2008, 8, 20)),  # not named in Jan 2007 (issue 33, 2.6)
    ("nato_sites", "brdy-radar", D(2007, 1, 19), D(2007, 1, 20)),
    ("nato_sites", "aegis-med", D(2011, 3, 31), D(2011, 4, 1)),
])
def test_context_sites_appear_on_their_date(seeds, layer_id, site, before, on):
    assert site not in set(layer(seeds, layer_id, before)["id"])
    assert site in set(layer(seeds, layer_id, on)["id"])


@pytest.mark.parametrize("layer_id,site,last,gone", [
    ("russian_sites", "gabala-radar", D(2012, 12, 9), D(2012, 12, 10)),
    ("russian_sites", "iskander-kaliningrad-2008", D(2009, 9, 24), D(2009, 9, 25)),
    ("nato_sites", "morag-patriot", D(2011, 9, 14), D(2011, 9, 15)),  # then Toruń and Ustka (issue 33, 2.7)
    ("nato_sites", "ustka-patriot", D(2012, 12, 31), D(2013, 1, 1)),  # the rotations ended in 2012
    ("nato_sites", "torun-patriot", D(2012, 12, 31), D(2013, 1, 1)),
    ("nato_sites", "deveselu-thaad", D(2019, 8, 9), D(2019, 8, 10)),
    ("russian_sites", "s400-belarus-2022-drills", D(2022, 12, 18), D(2022, 12, 19)),  # stayed after 20 Feb (33, 2.2)
    ("russian_sites", "iskander-belarus-2022-drills", D(2022, 12, 18), D(2022, 12, 19)),
])
def test_context_sites_end_on_their_date(seeds, layer_id, site, last, gone):
    assert site in set(layer(seeds, layer_id, last)["id"])
    assert site not in set(layer(seeds, layer_id, gone)["id"])


@pytest.mark.parametrize("day,status", [
    (D(2011, 11, 23), "threatened"), (D(2013, 12, 13), "threatened"), (D(2013, 12, 14), "reported"),
    (D(2013, 12, 19), "denied"), (D(2016, 10, 7), "denied"), (D(2016, 10, 8), "exercise"),
    (D(2018, 2, 4), "exercise"), (D(2018, 2, 5), "deployed"), (D(2023, 6, 1), "deployed"),
])
def test_iskander_timeline(seeds, day, status):
    assert layer(seeds, "russian_sites", day).set_index("id").at["iskander-kaliningrad", "status"] == status


def test_context_layers_carry_precision_and_sources(seeds):
    frame = layer(seeds, "russian_sites", D(2013, 10, 31)).set_index("id")
    assert frame.at["s400-kaliningrad", "stands_for"] == "region" and frame.at["s400-kaliningrad", "precision_km"] >= 150
    assert "mt-2012-04-09" in frame.at["s400-kaliningrad", "sources"]
    ships = layer(seeds, "nato_sites", D(2013, 10, 31)).set_index("id")
    assert ships.at["aegis-med", "stands_for"] == "region" and ships.at["aegis-med", "precision_km"] >= 500
    rings = layer(seeds, "engagement_ranges", D(2018, 2, 5)).set_index("site")
    assert rings.at["iskander-kaliningrad", "radius_km"] == 500 and rings.at["s400-kaliningrad", "radius_km"] == 250
