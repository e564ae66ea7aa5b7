"""The seed loader validates every file and names the file, line and column."""

import datetime as dt

import pytest

from geo.seeds import SCHEMAS, SeedError, load_seeds


def test_shipped_seeds_validate(seeds):
    assert len(seeds.sources) >= 40
    assert set(seeds.sites["layer"]) == {"s300_belarus", "romania_interceptor", "epaa"}
    assert len(seeds.digest) == 64


def test_seed_reports_are_cited_by_id(seeds):
    reports = dict(zip(seeds.sources["report"].dropna(), seeds.sources["report"].dropna().index))
    assert reports == {"000_375afdc647c813d2.txt": "gsn-2013-10-31",
                       "002_64cad02679382ef6.txt": "kommersant-2011-07-15"}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_truncated_copy_of_each_file_is_rejected(seed_copy, name):
    path = seed_copy / SCHEMAS[name].file
    data = path.read_bytes()
    cut = int(len(data) * 0.6)
    while data[cut - 1:cut] in (b"\n", b","):
        cut += 1
    path.write_bytes(data[:cut])
    with pytest.raises(SeedError) as error:
        load_seeds(seed_copy)
    assert SCHEMAS[name].file in str(error.value)


def _edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("file,old,new,message", [
    ("sites.csv", ",44.08,24.39,", ",94.08,24.39,", "sites.csv:9: column 'lat': 94.08 is outside [-90, 90]"),
    ("sites.csv", "2011-05-03,,wikipedia-deveselu", "2011-02-30,,wikipedia-deveselu",
     "sites.csv:9: column 'start': '2011-02-30' is not a real calendar date"),
    ("sites.csv", "2013-10-29,2014-12-19", "2013-10-29,2012-12-19", "sites.csv:4: end 2012-12-19 is before start 2013-10-29"),
    ("sites.csv", ";nato-87593,", ";nato-99999,", "sites.csv:13: cites unknown source 'nato-99999'"),
    ("sites.csv", ",town,5,", ",village,5,", "sites.csv:9: column 'stands_for': 'village' is not one of"),
    ("memberships.csv", "NATO,Poland,", "NATO,Polska,", "memberships.csv"),
    ("statuses.csv", "deveselu,operational", "devesel,operational", "unknown feature 'devesel'"),
    ("sources.csv", "nato-68876,", "nato-126152,", "sources.csv:31: duplicate id 'nato-126152' (first on line 16)"),
    ("events.csv", "2012-05-20,Chicago", "2012-5-20,Chicago", "events.csv:9: column 'date': '2012-5-20' is not a date"),
])
def test_bad_values_are_named(seed_copy, file, old, new, message):
    _edit(seed_copy / file, old, new)
    with pytest.raises(SeedError) as error:
        load_seeds(seed_copy)
    assert message in str(error.value)


def test_missing_column_named(seed_copy):
    _edit(seed_copy / "ranges.csv", "radius_km,", "radius,")
    with pytest.raises(SeedError, match=r"ranges.csv:1: header: missing column\(s\) radius_km; unknown column\(s\) radius"):
        load_seeds(seed_copy)


def test_overlapping_membership_rejected(seed_copy):
    with (seed_copy / "memberships.csv").open("a") as f:
        f.write("CSTO,Uzbekistan,2010-01-01,,tass-678014,dup\n")
    with pytest.raises(SeedError, match="CSTO membership of Uzbekistan overlaps"):
        load_seeds(seed_copy)


def test_environment_variable_selects_seed_folder(seed_copy, monkeypatch):
    _edit(seed_copy / "sites.csv", "Ramstein Air Base (command and control)", "Ramstein (team copy)")
    monkeypatch.setenv("SHIELDMAP_SEEDS", str(seed_copy))
    assert load_seeds().sites.at["ramstein", "name"] == "Ramstein (team copy)"


def test_values_are_typed(seeds):
    site = seeds.sites.loc["deveselu"]
    assert site["start"] == dt.date(2011, 5, 3)
    assert site["end"] is None
    assert site["sources"][0] == "wikipedia-deveselu"
    assert seeds.ranges.at["s300-family-200", "default"] is True
