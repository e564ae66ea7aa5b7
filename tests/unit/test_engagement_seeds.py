"""The engagement seed files (places, interceptors, radars) validate like every seed file, every figure
names who claims it, and each default is the most conservative claim."""

import pytest

from geo.engagement_seeds import SCHEMAS, load_engagement, parse_point
from geo.seeds import SeedError
from geo.source_use import source_table


@pytest.fixture(scope="module")
def engagement():
    return load_engagement()


def test_shipped_files_validate_and_every_figure_is_claimed(engagement):
    assert {"tehran", "washington", "semnan", "kozelsk"} <= set(engagement.places.index)
    assert set(engagement.interceptor_names()) == {"SM-3 Block IA", "SM-3 Block IB", "SM-3 Block IIA", "SM-3 Block IIB", "GBI"}
    for frame in (engagement.interceptors, engagement.radars):
        assert frame["claimed_by"].map(bool).all()
        unsourced = frame[frame["sources"].isna()]
        assert (unsourced["claimed_by"] == "stated").all() and (unsourced["confidence"] == "low").all()


def test_defaults_are_the_most_conservative_claims(engagement):
    for name in engagement.interceptor_names():
        claims = engagement.interceptors[engagement.interceptors["interceptor"] == name]
        assert engagement.interceptor_figure(name)["burnout_kms"] == claims["burnout_kms"].min()
    assert engagement.interceptor_figure("GBI")["burnout_kms"] == 5.4  # MDA slides (Postol's account); 6.3, 7.7, 9 selectable
    assert engagement.interceptor_figure("GBI", "gbi-postol-9")["claimed_by"] == "Theodore Postol (MIT)"
    assert engagement.interceptor_figure("SM-3 Block IIB")["sources"] == ("umd-2013-missile-defense-iran",)
    assert engagement.radar_figure("voronezh-dm-kaliningrad", "range_km")["value"] == 4000  # of 4,000, 4,500, 6,000
    assert engagement.radar_figure("kurecik", "antenna_m")["value"] == 2085  # of 2,085 and 2,100
    assert engagement.radar_figure("volga-hantsavichy", "range_km") is None  # no range claim found
    with pytest.raises(ValueError, match="unknown interceptor 'SM-4'"):
        engagement.interceptor_figure("SM-4")


def test_every_new_source_is_cited(seeds):
    table = source_table(seeds)
    assert table.loc[table["id"] == "umd-2013-missile-defense-iran", "cited_by"].item() == "interceptors.csv:5"
    assert (table["records"] > 0).all() and table["title"].notna().all()


def _edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("file, old, new, message", [
    ("interceptors.csv", "gbi-mda-slides-5.4,GBI,5.4", "gbi-mda-slides-5.4,GBI,8.4",
     "interceptors.csv:6: the default for GBI must be the most conservative (lowest) figure, 6.3"),
    ("interceptors.csv", "gbi-mda-6.3,GBI,6.3,\"Missile Defense Agency, as quoted by Postol\",afp-2008-postol,medium,no",
     "gbi-mda-6.3,GBI,6.3,\"Missile Defense Agency, as quoted by Postol\",afp-2008-postol,medium,yes",
     "GBI has 2 default figures"),
    ("radars.csv", "gabala-height-120,gabala-radar", "gabala-height-120,gabala", "radars.csv:13: unknown site 'gabala'"),
    ("radars.csv", ",mt-2007-07-gabala,medium,yes,\"'Has", ",,medium,yes,\"'Has",
     "radars.csv:14: a figure without sources must be claimed_by 'stated' with confidence low"),
    ("places.csv", "35.2347,53.9208", "95.2347,53.9208", "places.csv:3: column 'lat': 95.2347 is outside [-90, 90]"),
    ("places.csv", "tass-2022-12-15,low", "tass-2099-12-15,low", "places.csv:4: cites unknown source 'tass-2099-12-15'"),
    ("timeline.csv", "boost-liquid-nrc-240,boost,liquid-fuel ICBM,240", "boost-liquid-nrc-240,boost,liquid-fuel ICBM,4000",
     "timeline.csv:3: column 'value_s': 4000 is outside [0, 3600]"),
    ("timeline.csv", "wired-2012-09-11-nrc-boost,medium,no", "wired-2012-09-11-nrc-boost,medium,yes",
     "timeline.csv:2: boost has 2 default figures; exactly one is the default"),
    ("timeline.csv", "boost,solid-fuel ICBM", "cruise,solid-fuel ICBM", "timeline.csv:2: column 'stage'"),
    ("intercept_limits.csv", "gbi-floor-stated-100,GBI,min_altitude_km", "gbi-floor-stated-100,GBI,max_range_km",
     "interceptors.csv:6: GBI has no min_altitude_km in intercept_limits.csv"),
    ("intercept_limits.csv", ",asiae-2020-11-18-sm3-iia,medium,yes,\"'A maximum interception",
     ",,medium,yes,\"'A maximum interception",
     "intercept_limits.csv:7: a figure without sources must be claimed_by 'stated' with confidence low"),
])
def test_bad_engagement_seeds_name_file_and_line(seed_copy, file, old, new, message):
    _edit(seed_copy / file, old, new)
    with pytest.raises(SeedError) as error:
        load_engagement(seed_copy)
    assert message in str(error.value)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_a_missing_engagement_file_is_named(seed_copy, name):
    (seed_copy / SCHEMAS[name].file).unlink()
    with pytest.raises(SeedError, match=f"{SCHEMAS[name].file}: file missing"):
        load_engagement(seed_copy)


def test_points_are_lat_lon_or_a_place(engagement):
    assert parse_point("35.689, 51.389") == ("35.689,51.389", 51.389, 35.689)
    assert parse_point("Washington, D.C.", engagement.places) == ("washington", -77.037, 38.907)
    assert parse_point("tehran", engagement.places)[0] == "tehran"
    with pytest.raises(ValueError, match="outside latitude"):
        parse_point("95,10")
    with pytest.raises(ValueError, match="bad point 'Atlantis': expected LAT,LON or a place: tehran"):
        parse_point("Atlantis", engagement.places)
