"""Issue 23, point 3's measure in ``make bench`` (bench/play_steps.py): Play's step times and the time the
caption, the map and the slider disagree, from the page's log of what each showed and when."""

import pytest

from bench import play_steps

# [ms, map date, slider, caption date]: the caption first, then the map, then the slider, as measured.
LOG = [
    [0, "2010-03-01", "2010-03-01", "1 March 2010"],
    [500, "2010-03-01", "2010-03-01", "1 April 2010"],
    [600, "2010-04-01", "2010-03-01", "1 April 2010"],
    [650, "2010-04-01", "2010-04-01", "1 April 2010"],
    [1200, "2010-04-01", "2010-04-01", "4 May 2010"],
    [1300, "2010-05-04", "2010-04-01", "4 May 2010"],
    [1320, "2010-05-04", "2010-05-04", "4 May 2010"],
    [2600, "2010-06-01", "2010-06-01", "1 June 2010"],
]


def test_step_times_and_out_of_step():
    figures = play_steps.figures_of(LOG, events={"2010-05-04"})
    assert figures["dates"] == ["2010-03-01", "2010-04-01", "2010-05-04", "2010-06-01"]
    assert figures["steps"] == 3
    assert figures["step_median_s"] == 0.7 and figures["step_max_s"] == 1.3  # 0.6, 0.7, 1.3 s
    assert figures["plain_step_median_s"] == pytest.approx(0.65)  # the step from the event (1.3 s) left out
    assert figures["out_of_step_s"] == 0.27  # 0.15 + 0.12 s
    assert figures["timed_s"] == 2.6


def test_report_rows(monkeypatch):
    figures = play_steps.figures_of(LOG, events={"2010-05-04"})
    rows = dict(play_steps.rows({"Fast": figures}))
    assert rows["Play, Fast (set 0.5 s): a step in the browser, median (max) over 3 steps; a monthly step's "
                "median"] == "0.70 s (1.30 s); 0.65 s"
    assert rows["Play, Fast: heading, slider and map out of step"] == "0.27 s of 2.6 s"
