"""The engagement's timeline, speed and sites of one's own in the view: the URL and the command line carry
them both ways, bounded, with a one-line warning for a bad value (shieldmap/view.py)."""

import pytest

from layers.registry import DEFAULT_AS_OF
from shieldmap.cli.args import Parser, engagement_parent, view_parent
from shieldmap.view import from_args, from_query

SPAN = (DEFAULT_AS_OF.replace(year=2000), DEFAULT_AS_OF.replace(year=2025))
QUERY = {"path": "tehran>washington", "boost": "150", "delay": "0", "burnout": "5.5",
         "sites": "North Sea@56.5,3;Barents@71,30:SM-3 Block IIA"}


def test_timeline_speed_and_sites_round_trip_through_the_url_and_the_command_line():
    view, warnings = from_query(QUERY, SPAN)
    assert not warnings
    assert (view.boost_s, view.delay_s, view.burnout_kms) == (150.0, 0.0, 5.5)
    assert view.stations == ("North Sea@56.5,3", "Barents@71,30:SM-3 Block IIA")
    query = view.to_query()
    assert {key: query[key] for key in QUERY} == QUERY
    again, warnings = from_query(query, SPAN)
    assert again == view and not warnings
    args = view.cli_args("figure")
    tail = args[args.index("--path"):]
    assert tail == ["--path", "tehran>washington", "--boost", "150", "--delay", "0", "--burnout", "5.5",
                    "--site", "North Sea@56.5,3", "--site", "Barents@71,30:SM-3 Block IIA"]
    parsed = from_args(Parser(parents=[view_parent(layers="x"), engagement_parent()]).parse_args(args))
    assert (parsed.boost_s, parsed.delay_s, parsed.burnout_kms, parsed.stations) == (
        view.boost_s, view.delay_s, view.burnout_kms, view.stations)
    engage = view.cli_args("engage")  # the same options on shieldmap engage's command line
    assert engage[:4] == ["--from", "tehran", "--to", "washington"] and engage[-len(tail) + 2:] == tail[2:]


@pytest.mark.parametrize("key, value, words", [
    ("boost", "-1", "URL boost value ignored: '-1' is outside [0, 3600]"),
    ("delay", "soon", "URL delay value ignored: 'soon' is not a number"),
    ("burnout", "12", "URL burnout value ignored: '12' is outside (0, 11]"),
    ("burnout", "0", "URL burnout value ignored: '0' is outside (0, 11]"),
    ("sites", "Nowhere@95,0", "URL site ignored: site 'Nowhere': 95,0 is outside latitude [-90, 90] or longitude"),
    ("sites", "<b>x</b>", "URL site ignored: bad site '<b>x</b>': expected NAME@LAT,LON[:INTERCEPTOR]"),
])
def test_bad_values_are_ignored_with_one_line(key, value, words):
    view, warnings = from_query({"path": "tehran>washington", key: value}, SPAN)
    assert len(warnings) == 1 and warnings[0].startswith(words)
    assert (view.boost_s, view.delay_s, view.burnout_kms, view.stations) == (None, None, None, ())


def test_at_most_five_sites_of_ones_own():
    sites = ";".join(f"S{n}@50,{n}" for n in range(7))
    view, warnings = from_query({"path": "tehran>washington", "sites": sites}, SPAN)
    assert len(view.stations) == 5 and warnings == ("URL sites: 2 ignored past the first 5",)
