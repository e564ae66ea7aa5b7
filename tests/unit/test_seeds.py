"""The seed loader validates every file and names the file, line and column."""

import datetime as dt
import re

import pandas as pd
import pytest

from geo.seeds import IN_PLACE_STATUSES, SCHEMAS, STATUSES, SeedError, load_seeds


def test_shipped_seeds_validate(seeds):
    assert len(seeds.sources) >= 40
    assert set(seeds.sites["layer"]) == {"s300_belarus", "romania_interceptor", "epaa", "russian_sites", "nato_sites"}
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
    ("sources.csv", "nato-68876,", "nato-126152,", "sources.csv:40: duplicate id 'nato-126152' (first on line 19)"),
    ("events.csv", "2012-05-20,Chicago", "2012-5-20,Chicago", "events.csv:18: column 'date': '2012-5-20' is not a date"),
    ("sites.csv", ",53.667,23.833,region,190,2014-12-19", ",53.667,23.833,region,10,2014-12-19",
     "sites.csv:7: a region point needs precision_km >= 20"),
    ("ranges.csv", ",,,,unsourced,claim,low,no,", ",,,,unsourced,claim,low,yes,",
     "ranges.csv:5: a second default figure for 'S-300PS' in service at the same dates (line 3)"),
    ("ranges.csv", "40N6,2018-10-01,,mt-2012-04-09;b92-2012-04-07;rmx-2023-05;twz-2019-02-40n6,press,claim,medium,no",
     "40N6,2018-10-01,,mt-2012-04-09;b92-2012-04-07;rmx-2023-05;twz-2019-02-40n6,press,claim,medium,yes",
     "ranges.csv:11: a second default figure for 'S-400' in service at the same dates (line 10)"),
    ("ranges.csv", ",,,,unsourced,claim,low,no,", ",,,,press,claim,low,no,", "ranges.csv:5: a figure cites a source"),
    ("memberships.csv", "Greenland;Faeroe Is.", "Greenland;Faroe Islands", "country 'Faroe Islands' is not a Natural Earth name"),
    ("statuses.csv", "csto-armenia,frozen", "csto-armenya,frozen", "unknown feature 'csto-armenya'"),
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
        f.write("CSTO,Uzbekistan,,2010-01-01,,tass-678014,dup\n")
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
    assert seeds.ranges.at["s300-belarus-150", "default"] is False  # a claim about the family (issue 33, 2.1)
    assert seeds.ranges.at["s300ps-80", "default"] is True
    assert seeds.ranges.at["s300-family-200", "default"] is False
    assert seeds.memberships.set_index("country").at["Denmark", "territories"] == ("Greenland", "Faeroe Is.")


# --- the audit is repeatable: every source is cited, every citation exists ---


def test_every_source_is_cited_and_every_citation_exists(seeds):
    from geo.source_use import citations

    cited = citations(seeds)
    assert set(seeds.sources.index) - set(cited) == set(), "sources no record cites"
    assert set(cited) - set(seeds.sources.index) == set(), "citations of unknown sources"


def test_shieldmap_sources_counts_and_catches_an_uncited_source(seed_copy, capsys, tmp_path):
    from shieldmap.cli.main import main

    assert main(["sources", "--seeds", str(seed_copy)]) == 0
    listing = capsys.readouterr().out
    assert re.search(r"^kommersant-2011-07-15 +\d+ ", listing, re.M)
    assert main(["sources", "--seeds", str(seed_copy), "--out", str(tmp_path / "s.csv")]) == 0
    assert "kommersant-2011-07-15" not in capsys.readouterr().out  # --out: the file, not the list
    table = pd.read_csv(tmp_path / "s.csv")
    assert (table["records"] > 0).all() and "sector model wedges" in table.set_index("id").at["ign-1989", "cited_by"]
    with (seed_copy / "sources.csv").open("a") as f:
        f.write("orphan-2013,An orphan source,nowhere,2013,,,,\n")
    assert main(["sources", "--seeds", str(seed_copy)]) == 1  # the loader accepts it; the audit does not
    assert "source orphan-2013 is cited by no record" in capsys.readouterr().err


def test_sources_with_root_only_urls_say_so(seeds):
    """A URL that is only a site root is not a citation of a page: its note must say so."""
    import re
    for sid, row in seeds.sources.iterrows():
        if row["url"] and re.fullmatch(r"https?://[^/]+/?", row["url"]) and sid != "naturalearth-4.1":
            assert "site root" in (row["note"] or ""), sid


# --- the status vocabulary separates capability in place from talk and plans ---


def test_in_place_statuses_are_a_subset_of_the_vocabulary():
    assert IN_PLACE_STATUSES == {"delivered", "on duty", "technical capability", "operational", "deployed",
                                 "experimental duty", "NATO command"}
    assert IN_PLACE_STATUSES < STATUSES
    for not_yet in ("announced", "planned", "site chosen", "agreement signed", "agreement in force",
                    "under construction", "threatened", "reported", "denied", "rotations", "exercise",
                    "cancelled", "offline", "facility delivered", "accepted", "proposed"):
        assert not_yet in STATUSES and not_yet not in IN_PLACE_STATUSES


def test_a_default_range_figure_per_variant(seeds):
    defaults = {}
    for _, row in seeds.ranges.iterrows():
        for system in row["systems"]:
            defaults.setdefault(system, []).extend([row["id"]] if row["default"] else [])
    assert all(len(ids) <= 1 for system, ids in defaults.items() if system != "S-400"), defaults
    assert all(len(ids) <= 1 for ids in defaults.values()), defaults
    assert defaults["S-400"] == ["s400-250"]  # the 40N6's 400 km is a claim about the missile (issue 33, 2.3)
    assert defaults["S-300PS"] == ["s300ps-80"] and defaults["S-300"] == ["s300ps-80"]  # issue 33, 2.1
    assert defaults["SM-3 Block IIA"] == []  # no default: drawn only on request
    table = seeds.ranges
    assert table.at["s300-belarus-150", "radius_km"] == 150
    assert {"S-300", "S-300PS"} <= set(table.at["s300-family-200", "systems"])  # still selectable
    assert "S-300PS" in table.at["s300ps-90", "systems"]
    assert table.at["iskander-m-500", "radius_km"] == 500 and table.at["iskander-m-500", "default"]


def test_region_points_cover_their_region(seeds):
    sites = seeds.sites
    assert sites.at["s300-grodno", "precision_km"] >= 190
    assert sites.at["s300-brest", "precision_km"] >= 220
    assert sites.at["s300-2006-grodno", "precision_km"] >= 190
    assert sites.at["s300-2006-brest", "precision_km"] >= 220
    regions = sites[sites["stands_for"] == "region"]
    assert (regions["precision_km"] >= 20).all()
    assert sites.at["aegis-med", "precision_km"] >= 500  # a ship at sea: region-wide
