"""Issue 34.10: the first visitor after a start pays for no cold cache. The health check answers 503 until the
server has warmed itself; then a new visitor's first visit (both runs and the map's files) costs about what a
warm visit does (``make bench`` reports the ratio against its budget of 1.5x; before: about 60x)."""

import asyncio

from bench import first_visit
from shieldmap.ui import warm


def _health(ready: bool) -> tuple[int, bytes]:
    sent = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def send(message):
        sent.append(message)

    was = warm.READY.is_set()
    warm.READY.set() if ready else warm.READY.clear()
    try:
        asyncio.run(warm.HealthGate(app)({"type": "http", "path": "/_stcore/health", "method": "GET"}, None, send))
    finally:
        warm.READY.set() if was else warm.READY.clear()
    return sent[0]["status"], sent[1]["body"]


def test_the_health_check_waits_for_the_warm_up():
    assert _health(False) == (503, b"warming up")
    assert _health(True) == (200, b"ok")


def test_the_first_visit_after_a_start_is_warm():
    figures = first_visit.measure(visits=3)
    assert not figures["failures"], figures
    assert figures["ratio"] <= 3, figures  # cold, it was about 60x (12 s against 0.2 s)
