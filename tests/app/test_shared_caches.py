"""No visitor clears what every visitor shares (issue 36.5), against a real server at the protocol level:
after another visitor sends ``clear_cache``, a rerun of a warm view computes nothing again (Streamlit's own
counters of each cache's misses, ``/_stcore/metrics``)."""

from __future__ import annotations

import asyncio
import urllib.request

import pytest

from bench import upload_protocol
from deploy.harness import ROOT, apps

THREE_PATHS = "path=tehran>washington;semnan>berlin;kozelsk>london"


@pytest.fixture(scope="module")
def app_server():
    with apps(1, ROOT / "test-artifacts") as (app,):
        yield app.url


def misses(base_url: str) -> dict[str, int]:
    """Each Streamlit cache's misses so far (a miss computes the value)."""
    with urllib.request.urlopen(base_url + "/_stcore/metrics?families=cache_lookups", timeout=60) as response:
        text = response.read().decode()
    found = {}
    for line in text.splitlines():
        if line.startswith("cache_lookups_total{") and 'result="miss"' in line:
            labels, _, value = line.rpartition(" ")
            found[labels.split('cache="', 1)[1].split('"', 1)[0]] = int(float(value))
    return found


def test_a_visitors_clear_cache_clears_nothing_others_share(app_server):
    async def go():
        async with upload_protocol.Session(app_server, query=THREE_PATHS) as other:
            await other.run()
            warm = misses(app_server)
            await other.run()
            rerun = misses(app_server)
            async with upload_protocol.Session(app_server) as visitor:
                before = misses(app_server)
                for _ in range(3):
                    await visitor.clear_cache()
                after_clear = misses(app_server)
                result = await other.run()
            return warm, rerun, before, after_clear, misses(app_server), result

    warm, rerun, before, after_clear, after, result = asyncio.run(go())
    assert sum(warm.values()) > 0 and "shieldmap.ui.engage_panel.computed" in warm  # the counters count
    assert rerun == warm  # a warm view's rerun computes nothing: the yardstick
    assert after_clear == before
    assert result["errors"] == []
    assert after == before, {k: after[k] - before.get(k, 0) for k in after if after[k] != before.get(k, 0)}
