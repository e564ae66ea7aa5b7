"""Layers are piecewise constant in time: between two change days of the seeds every layer is the
same, so the app builds, caches and draws them per change day (issue 26: Play evicted its own cache)."""

import datetime as dt
import random

import pytest

from geo.features import change_dates
from geo.seeds import load_seeds
from layers.registry import LAYER_IDS, build_layers, coverage_changes, layer_date
from shieldmap.ui import cache
from shieldmap.ui.time_state import play_dates

SEEDS = load_seeds()


def _json(layers):
    return {i: frame.to_json(sort_keys=True) for i, frame in layers.items()}


def test_layer_date_is_the_last_change_day_on_or_before():
    days = change_dates(SEEDS)
    assert len(days) > 20 and list(days) == sorted(set(days))
    assert layer_date(SEEDS, dt.date(2013, 11, 15)) == dt.date(2013, 10, 31)  # no fact changes in between
    assert all(layer_date(SEEDS, day) == day for day in (*days, *coverage_changes()))
    assert layer_date(SEEDS, days[0] - dt.timedelta(days=400)) == days[0] - dt.timedelta(days=1)


@pytest.mark.parametrize("options", [{}, {"planned": True, "sectors_model": "wedges"}])
def test_every_date_shows_the_layers_of_its_layer_date(options):
    days = change_dates(SEEDS)
    rng = random.Random(26)
    asked = [d for d in (days[0] + dt.timedelta(days=rng.randrange((days[-1] - days[0]).days + 400))
                         for _ in range(12))]
    asked += [day - dt.timedelta(days=1) for day in rng.sample(days[1:], 6)]  # the last day before a change
    asked += [day + dt.timedelta(days=n) for day in coverage_changes() for n in (-1, 0, 40)]  # coverage notes start
    built = {}
    for day in asked:
        same = layer_date(SEEDS, day)
        if same not in built:
            built[same] = _json(build_layers(SEEDS, LAYER_IDS, same, **options))
        assert _json(build_layers(SEEDS, LAYER_IDS, day, **options)) == built[same], day


def test_play_fits_the_layer_cache():
    dates = play_dates(SEEDS.events["date"])
    distinct = {layer_date(SEEDS, day) for day in dates}
    assert len(distinct) < len(dates) and len(distinct) * 2 <= cache.LAYER_ENTRIES
