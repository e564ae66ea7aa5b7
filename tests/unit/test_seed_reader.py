"""The seed reader's steps (a file's text, its CSV rows, its header, each row and cell) and the checks across files
each name the file and the line, in the words and order they had before they were split into one function a step."""

import pytest

from geo.seeds import SCHEMAS, SeedError, _read, load_seeds


def _problems(folder, name) -> list[str]:
    problems: list = []
    _read(folder, SCHEMAS[name], problems)
    return [str(problem) for problem in problems]


def _lines(path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.mark.parametrize("data,expected", [
    (None, "sites.csv: file missing"),
    (b"id,\xff\n", "sites.csv: not UTF-8 text (byte 3)"),
    (b" \n\n", "sites.csv: file is empty (expected a header: id,layer,name,"),
    (b'id,layer\n"a,b\n', "sites.csv:2: malformed CSV: unexpected end of data"),
])
def test_a_file_that_cannot_be_read_is_one_problem_and_no_records(seed_copy, data, expected):
    path = seed_copy / "sites.csv"
    path.unlink() if data is None else path.write_bytes(data)
    problems: list = []
    frame = _read(seed_copy, SCHEMAS["sites"], problems)
    assert [str(p) for p in problems] == [str(problems[0])] and str(problems[0]).startswith(expected)
    assert frame.empty and list(frame.columns) == list(SCHEMAS["sites"].columns)


def test_a_last_line_without_its_newline_is_read_and_said_to_look_truncated(seed_copy):
    path = seed_copy / "sources.csv"
    lines = _lines(path)
    path.write_text("".join(lines).rstrip("\n"), encoding="utf-8")
    problems: list = []
    frame = _read(seed_copy, SCHEMAS["sources"], problems)
    assert [str(p) for p in problems] == [f"sources.csv:{len(lines)}: file does not end with a newline; it looks "
                                          "truncated (half-written)"]
    assert len(frame) == len(lines) - 1 and frame["_line"].iloc[-1] == len(lines)


def test_the_header_names_the_missing_and_the_unknown_columns(seed_copy):
    path = seed_copy / "story.csv"
    lines = _lines(path)
    path.write_text(lines[0].replace("caption,", "text,").replace("zoom,", ""), encoding="utf-8")
    assert _problems(seed_copy, "story") == ["story.csv:1: header: missing column(s) caption, zoom; unknown column(s) text"]
    path.write_text(lines[0].replace("zoom,", ""), encoding="utf-8")
    assert _problems(seed_copy, "story") == ["story.csv:1: header: missing column(s) zoom"]
    path.write_text(lines[0].rstrip("\n") + ",zoom_ru\n", encoding="utf-8")
    assert _problems(seed_copy, "story") == ["story.csv:1: header: unknown column(s) zoom_ru"]


def test_each_row_is_checked_on_its_physical_line_in_order(seed_copy):
    """A quoted newline spans two lines; blank rows are skipped; a row with a field too many or too few is one
    problem; the trailing translations may be left out; cells, then dates, then the key, each on its line."""
    path = seed_copy / "events.csv"
    header, first, second, *rest = _lines(path)
    cells = first.rstrip("\n").split(",")
    spanning = ",".join([cells[0], '"two\nlines"', *cells[2:]]) + "\n"  # lines 2-3
    short = ",".join(second.rstrip("\n").split(",")[:11]) + "\n"  # no name_ru, note_ru: read
    cut = ",".join(cells[:5]) + "\n"
    bad = ",".join([cells[0], "", cells[2], "2013-02-30", *cells[4:]]) + "\n"  # a duplicate id too
    path.write_text(header + spanning + " , \n" + short + cut + bad + "".join(rest), encoding="utf-8")
    problems: list = []
    frame = _read(seed_copy, SCHEMAS["events"], problems)
    assert [str(p) for p in problems] == [
        "events.csv:6: expected 13 fields, found 5 (truncated or an unquoted comma?)",
        "events.csv:7: column 'name' is empty",
        "events.csv:7: column 'date': '2013-02-30' is not a real calendar date",
        f"events.csv:7: duplicate id '{cells[0]}' (first on line 2)"]
    assert frame.loc[cells[0]].iloc[0]["name"] == "two\nlines"  # the first of the two rows of that id
    assert list(frame["_line"][:3]) == [2, 5, 7] and frame["name_ru"].iloc[1] is None


def test_a_row_that_ends_before_it_starts(seed_copy):
    path = seed_copy / "memberships.csv"
    lines = _lines(path)
    path.write_text("".join(lines) + "CSTO,Armenia,,2010-05-01,2009-01-01,wikipedia-csto,,\n", encoding="utf-8")
    assert _problems(seed_copy, "memberships") == [
        f"memberships.csv:{len(lines) + 1}: end 2009-01-01 is before start 2010-05-01"]


def _cross_problems(folder) -> list[str]:
    with pytest.raises(SeedError) as error:
        load_seeds(folder)
    return [str(problem) for problem in error.value.problems]


def test_the_checks_across_files_report_in_their_order(seed_copy):
    """Sources, features, countries, overlapping memberships, site layers, region precision, ..., the story: the
    order cross_check always had."""
    statuses, memberships, sites, story = (seed_copy / f"{name}.csv" for name in ("statuses", "memberships", "sites",
                                                                                    "story"))
    s_lines, m_lines, site_lines, st_lines = (_lines(p) for p in (statuses, memberships, sites, story))
    statuses.write_text("".join(s_lines) + "nosuch-feature,delivered,2006-04-30,nosuch-source,x\n", encoding="utf-8")
    memberships.write_text("".join(m_lines) + "CSTO,Narnia,Armenia;Oz,1992-05-15,,wikipedia-csto,,\n"
                           "CSTO,Armenia,,2000-05-15,2001-01-01,wikipedia-csto,,\n", encoding="utf-8")
    site = site_lines[1].replace(",s300_belarus,", ",no_layer,", 1).replace(",region,220,", ",region,1,", 1)
    sites.write_text(site_lines[0] + site + "".join(site_lines[2:]), encoding="utf-8")
    first, second = st_lines[1].split(",", 3), st_lines[2].split(",", 3)
    story.write_text(st_lines[0] + ",".join(["99", "event-nosuch", *first[2:]])
                     + ",".join(["2", second[1], "2007-06-08", second[3]]) + "".join(st_lines[3:]), encoding="utf-8")
    n, m = len(s_lines) + 1, len(m_lines) + 1
    assert _cross_problems(seed_copy) == [
        f"statuses.csv:{n}: cites unknown source 'nosuch-source'",
        f"statuses.csv:{n}: unknown feature 'nosuch-feature' (not in sites.csv or sectors.csv, nor a membership such "
        "as csto-armenia)",
        f"memberships.csv:{m}: country 'Narnia' is not a Natural Earth name in geo/data",
        f"memberships.csv:{m}: country 'Oz' is not a Natural Earth name in geo/data",
        f"memberships.csv:{m + 1}: CSTO membership of Armenia overlaps line 2",
        "sites.csv:2: layer 'no_layer' is not one of epaa, nato_sites, romania_interceptor, russian_sites, s300_belarus",
        "sites.csv:2: a region point needs precision_km >= 20 covering the region, found 1",
        "story.csv:2: step 99 out of order: steps are numbered 1, 2, ... in file order",
        "story.csv:2: unknown event 'event-nosuch' (not in events.csv)",
        f"story.csv:3: date 2007-06-08 is not the date of {second[1]} (2007-06-07)"]
