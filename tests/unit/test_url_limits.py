"""Issue 26: every URL value is parsed to a bounded type or refused in one short line, and a URL
cannot ask for more hypothetical sites than the limit (60,000 entries tied the server up for minutes)."""

import time

from geo import what_if
from geo.seeds import load_seeds
from layers import what_if as what_if_layer
from shieldmap.view import MAX_VALUE_CHARS, data_span, from_query

SPAN = data_span(load_seeds())


def test_overlong_values_are_refused_unread_in_one_line_each():
    view, warnings = from_query({"layers": "x," * 60_000, "as_of": "2" * 100_000, "what_if": "A@1,2,3;" * 60_000,
                                 "sectors": "s" * 5000, "basemap": "b" * 5000, "story": "1" * 100_000,
                                 "compare": "c" * 100_000}, SPAN, 16)
    assert view.what_if == () and view.as_of.isoformat() == "2013-10-31" and view.story is None
    assert len(warnings) == 7 and all(len(w) < 120 for w in warnings)
    assert all(f"over the {MAX_VALUE_CHARS:,} limit" in w for w in warnings)


def test_what_if_count_is_capped_and_refusals_summarised():
    many = ";".join(f"S{i}@50,{i % 180},100" for i in range(500))[:MAX_VALUE_CHARS]
    started = time.perf_counter()
    view, warnings = from_query({"what_if": many}, SPAN)
    assert time.perf_counter() - started < 0.5
    assert len(view.what_if) == what_if.MAX_SITES
    (summary,) = warnings
    assert summary.startswith("URL what_if value ignored: ") and "over the limit of 20 hypothetical sites" in summary


def test_bad_what_ifs_are_quoted_three_times_then_counted():
    good, messages = what_if.parse_many(";".join(["bad"] * 250_000 + ["Ok@1,2,3"]))
    assert [item.name for item in good] == ["Ok"]
    assert len(messages) == what_if.MAX_MESSAGES + 1 and messages[-1] == "249,997 more bad what-if values"


def test_command_line_caps_what_ifs_too():
    specs = [f"S{i}@50,10,100" for i in range(what_if.MAX_SITES + 1)]
    try:
        what_if_layer.parse_specs(specs)
    except ValueError as exc:
        assert "at most 20 hypothetical sites" in str(exc)
    else:
        raise AssertionError("21 what-ifs were accepted")
    assert len(what_if_layer.parse_specs(specs[:-1])) == what_if.MAX_SITES
