"""Issue 36, point 4, against a real server (bench/downloads.py: a websocket client that presses download
buttons as a browser does): while six visitors ask for animations of distinct views, another visitor's CSV
arrives in under 2 s (before: 63.7 s, every download thread held by an animation waiting for the figure
lock); the animations beyond the one being drawn are refused at once."""

from __future__ import annotations

import asyncio
import json

import pytest

from bench import downloads
from deploy.harness import ROOT, apps


@pytest.fixture(scope="module")
def app_server():
    with apps(1, ROOT / "test-artifacts") as (app,):
        yield app.url


def test_six_animations_do_not_stall_another_visitors_csv(app_server):
    result = asyncio.run(downloads.animations_and_a_csv(app_server, animations=6))
    print(json.dumps(result))
    assert result["csv_error"] is None and result["csv_bytes"] > 100_000
    assert result["csv_s"] < 2.0, result
    assert result["animations_made"] == 1 and result["animations_refused"] == 5, result
    assert result["refused_within_s"] < 1.0, result
