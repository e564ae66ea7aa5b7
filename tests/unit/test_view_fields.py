"""Issue 35.1: every field of the view is declared once (shieldmap/view_fields.py) and the URL, the command line,
the command shown under the map and the session all derive from that declaration, so a field cannot be half-wired:
each declared field round-trips URL -> View -> URL and CLI -> View -> CLI command -> View, and a bound is one number
wherever the value is read."""

import dataclasses
import datetime as dt
import shlex

import pytest

from shieldmap import view_fields
from shieldmap.cli.main import _parser, main
from shieldmap.ui import session
from shieldmap.view import LayerOptions, View, from_args, from_query
from shieldmap.view_fields import FIELDS, Field, declared

SPAN = (dt.date(2000, 1, 1), dt.date(2025, 12, 31))
STEPS = 16
SAMPLE = {  # a value other than its default for every declared field (a new field must add one here)
    "layers": ("csto", "nato"),
    "as_of": dt.date(2012, 5, 20),
    "basemap": "positron",
    "figures": (("S-300PS", "s300ps-90"),),
    "sectors": "wedges",
    "planned": True,
    "what_if": ("Iskander@54.71,20.51,400", "Radar@60.5,25,500,NATO"),
    "story": 3,
    "compare": dt.date(2010, 1, 1),
    "path": ("tehran>washington", "35.7,51.4>new-york"),
    "footprint": "semnan",
    "interceptor": "SM-3 Block IIB",
    "target_altitude_km": 250.5,
    "burnout_angle_deg": 30.0,
    "boost_s": 150.0,
    "delay_s": 0.0,
    "burnout_kms": 5.5,
    "stations": ("North Sea@56.5,3", "Barents@71,30:SM-3 Block IIA"),
    "lang": "ru",
    "embed": True,
}


def sample_view(**changes) -> View:
    values = {**SAMPLE, **changes}
    options = LayerOptions(**{item.name: values.pop(item.name) for item in FIELDS if item.option})
    values["path"] = ";".join(values["path"]) if isinstance(values["path"], tuple) else values["path"]
    return View(options=options, **values)


def test_every_field_of_the_view_is_declared_once_and_sampled_here():
    names = [item.name for item in FIELDS]
    assert len(names) == len(set(names))
    held = {f.name for f in dataclasses.fields(View)} - {"options"} | {f.name for f in dataclasses.fields(LayerOptions)}
    assert set(names) == held == set(SAMPLE)
    view = sample_view()
    for item in FIELDS:
        assert item.get(view) == SAMPLE[item.name] != item.default, item.name
        assert item.raw(View()) == item.default, item.name


def test_every_declared_url_field_round_trips_url_view_url():
    view = sample_view()
    query = view.to_query()
    assert set(query) == {item.url for item in FIELDS if item.url}  # every field is written ...
    again, warnings = from_query(query, SPAN, STEPS)
    assert warnings == () and again == view  # ... and read back as it was
    assert again.to_query() == query
    assert query["target_altitude"] == "250.5" and query["burnout_angle"] == "30" and query["delay"] == "0"
    assert query["path"] == "tehran>washington;35.7,51.4>new-york" and query["sites"].count(";") == 1


def _commands() -> set[str]:
    return {command for item in FIELDS for command in item.commands}


@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_flag_round_trips_cli_view_command_view(command):
    """The command line a view shows for each command parses (with the real ``shieldmap`` parser) back to the
    same values of every field that command takes; that command line, shown again, is the same."""
    view = sample_view(path="tehran>washington") if command == "engage" else sample_view()
    taken = [item for item in FIELDS if item.flag and command in item.commands]
    args = view.cli_args(command)
    for item in taken:
        assert item.switch or item.flag in args, (command, item.flag)
    out = None if command in ("cite", "layers") else "out file.csv"  # (these two print)
    parsed = from_args(_parser().parse_args([command, *args, *(["--out", out] if out else [])]))
    for item in taken:
        assert item.get(parsed) == item.get(view), (command, item.name)
    assert parsed.cli_args(command) == args
    argv = shlex.split(view.command(command, out))
    assert argv[:2] == ["shieldmap", command] and argv[2:len(args) + 2] == args
    assert from_args(_parser().parse_args(argv[1:])).cli_args(command) == args


def test_every_flag_is_on_some_command_and_every_default_stays_off_the_command_line():
    assert all(item.commands for item in FIELDS if item.flag)
    for command in _commands() - {"engage", "diff"}:
        assert View().cli_args(command) == (["--layers", "s300_belarus,romania_interceptor,csto,european_sectors"]
                                            if "layers" in [i.name for i in FIELDS if command in i.commands] else []) + (
            ["--as-of", "2013-10-31"] if command in declared("as_of").commands else [])


@pytest.mark.parametrize("name, good, bad", [
    ("target_altitude_km", ["2000", "0.5"], ["2000.5", "0", "-5", "nan", "km"]),
    ("burnout_angle_deg", ["89.9", "1"], ["90", "0"]),
    ("boost_s", ["0", "3600"], ["3600.1", "-1"]),
    ("delay_s", ["0", "3600"], ["3601"]),
    ("burnout_kms", ["11", "0.1"], ["11.01", "0"]),
])
def test_a_bound_is_one_number_in_the_url_and_on_every_command(name, good, bad, capsys):
    """The URL ignores exactly the values every command refuses, with the same words (shieldmap engage once had
    its own limit of 5,000 km for the target altitude, the URL and shieldmap figure 2,000 km)."""
    item = declared(name)
    for text in good + bad:
        view, warnings = from_query({"path": "tehran>washington", item.url: text}, SPAN)
        for command in item.commands:
            route = ["--from", "tehran", "--to", "washington"] if command == "engage" else ["--path", "tehran>washington"]
            out = [] if command == "cite" else ["--out", "/nonexistent-folder/x.csv"]
            code = main([command, *route, item.flag, text, *out])
            err = capsys.readouterr().err
            if text in good:  # read: the command goes on (to the missing output folder; cite prints)
                assert warnings == () and item.get(view) == float(text)
                assert code == (0 if command == "cite" else 2) and "argument" not in err, (command, text, err)
            else:
                assert item.get(view) == item.default and len(warnings) == 1
                problem = warnings[0].split("ignored: ", 1)[1]
                assert code == 2 and err.strip().endswith(f"argument {item.flag}: {problem}"), (command, text, err)
                assert str(item.bounds) in problem or "not a number" in problem


def test_a_declared_field_without_a_parser_or_serialiser_fails():
    with pytest.raises(TypeError, match="needs a parser and a serialiser"):
        Field("new_one", 0.0, "a new value", None, str, url="new_one")
    with pytest.raises(TypeError, match="needs a parser and a serialiser"):
        Field("new_one", 0.0, "a new value", float, None, flag="--new-one", commands=("figure",))
    with pytest.raises(TypeError, match="names no command"):
        Field("new_one", 0.0, "a new value", float, str, flag="--new-one")
    assert Field("kept", 0.0, "held only in the view", None, None).url is None  # neither in the URL nor a flag


def test_the_session_keys_and_the_engagement_options_come_from_the_declarations():
    assert session.KEYS == {item.name: item.state for item in FIELDS if item.state}
    assert session.ENGAGE_ALTITUDE == declared("target_altitude_km").state == "engage_altitude_km"
    assert set(view_fields.ENGAGEMENT) == {"interceptor", "target_altitude_km", "burnout_angle_deg", "boost_s",
                                           "delay_s", "burnout_kms", "stations"}


def test_the_engagement_needs_a_path_and_the_timeline_a_path_or_a_footprint():
    assert View(target_altitude_km=300, boost_s=10, interceptor="GBI") == View()
    footprint = View(footprint="semnan", boost_s=10, interceptor="GBI", target_altitude_km=300)
    assert (footprint.boost_s, footprint.interceptor, footprint.target_altitude_km) == (10, "GBI", 100.0)
    assert from_query({"target_altitude": "300", "boost": "10"}, SPAN) == (View(), ())


def test_old_links_still_open_the_same_view():
    old = {"layers": "csto", "as_of": "2012-05-20", "basemap": "osm", "sectors": "borders",
           "figures": "S-300PS:s300ps-90", "planned": "1", "path": "tehran>washington", "target_altitude": "250",
           "embed": "true"}
    view, warnings = from_query(old, SPAN)
    assert warnings == ()
    assert (view.options.sectors, view.options.figures, view.target_altitude_km, view.embed) == (
        "alliance_borders", (("S-300PS", "s300ps-90"),), 250.0, True)
    assert from_query(view.to_query(), SPAN) == (view, ())
