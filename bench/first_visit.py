"""The first visitor after a start against a warm visit (issue 34.10): a fresh ``streamlit run app.py`` (its
caches warmed before it reports healthy: ``shieldmap/ui/warm.py``), then new visitors one after the other,
each speaking Streamlit's protocol and fetching the page's files (bench/protocol.py's ``visit``). The first
visit's wait over the median of the next ones is the ratio ``make bench`` reports (budget <= 1.5x);
``python -m bench.first_visit`` measures it alone.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

from bench import protocol
from deploy import harness

RESULTS = Path(__file__).resolve().parent / "results"
WARM_VISITS = 5


def measure(visits: int = WARM_VISITS) -> dict:
    """Seconds from the start to healthy, the first visit's wait, the warm visits' median, and their ratio."""
    RESULTS.mkdir(exist_ok=True)
    started = time.monotonic()
    app = harness.start_app(RESULTS, "app.py")
    try:
        harness.wait_healthy(f"{app.url}/_stcore/health", app.process, 180, f"server (see {app.log})")
        healthy = time.monotonic() - started
        runs = [asyncio.run(protocol.visit(app.url, files=True)) for _ in range(visits + 1)]
    finally:
        harness.stop(app.process)
    failures = [r["failure"] for r in runs if r["failure"]]
    first, warm = runs[0]["wait_s"], statistics.median(r["wait_s"] for r in runs[1:])
    return {"start_to_healthy_s": healthy, "first_s": first, "warm_median_s": warm, "ratio": first / warm,
            "warm_s": [r["wait_s"] for r in runs[1:]], "failures": failures}


if __name__ == "__main__":
    figures = measure()
    print(json.dumps(figures, indent=1))
    sys.exit(0 if not figures["failures"] else 1)
