"""The shared harness of tests, bench and scripts: start the app (or any Streamlit
script) on a free loopback port with the production settings, wait for it, stop
it; Chromium's path and launch arguments; keep a browser page offline.

Imported as ``deploy.harness`` from the repo root (``python -m bench.run``,
``python -m scripts.screenshot``, pytest's ``pythonpath``): no ``sys.path`` edits.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_HOSTS = ("127.0.0.1", "localhost")
#: The map's iframe in the app's page (streamlit-folium's component: the page's only one). Not by its title:
#: the map gives its frame a title naming what it shows (shieldmap/web/static/a11y.js).
MAP_IFRAME = "iframe[data-testid=stCustomComponentV1]"

# In the map frame: features per layer (``layer:uncertainty`` for the precision circles), or null.
COUNT_JS = """() => {
  const counts = {};
  if (!window.map) return null;
  window.map.eachLayer(l => {
    if (l.feature && l.feature.properties && l.feature.properties.layer) {
      const k = l.feature.properties.layer + (String(l.feature.properties.id).endsWith('-uncertainty') ? ':uncertainty' : '');
      counts[k] = (counts[k] || 0) + 1;
    }
  });
  return counts;
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def is_local(url: str) -> bool:
    """Whether a browser request stays on this machine (loopback, or no network at all)."""
    return url.startswith(("data:", "blob:", "about:")) or urlsplit(url).hostname in LOCAL_HOSTS


def block_outside(page, blocked: list[str]) -> None:
    """Abort every request of ``page``'s context (Playwright, sync) that would leave the machine; list them."""
    def handle(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()
    page.context.route("**/*", handle)


async def block_outside_async(context, blocked: list[str]) -> None:
    """The same for an async Playwright browser context."""
    async def handle(route):
        if is_local(route.request.url):
            await route.continue_()
        else:
            blocked.append(route.request.url)
            await route.abort()
    await context.route("**/*", handle)


def wait_healthy(url: str, process: subprocess.Popen, timeout: float, what: str) -> None:
    """Poll ``url`` until it answers 200; fail early if ``process`` exits."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start (exit code {process.poll()})")
        time.sleep(0.1)


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 10) -> None:
    """Signal one process we started, wait, and kill it only if it does not exit."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def streamlit_command(script: str, port: int, address: str = "127.0.0.1") -> list[str]:
    """``streamlit run`` as in production: the settings are .streamlit/config.toml's (cwd = repo root)."""
    return [sys.executable, "-m", "streamlit", "run", script, "--server.address", address, "--server.port", str(port)]


@dataclass
class App:
    url: str
    process: subprocess.Popen
    log: Path

    @property
    def address(self) -> str:
        return self.url.removeprefix("http://")


def start_app(folder: Path, script: str = "app.py", port: int | None = None, env: dict | None = None,
              command=streamlit_command) -> App:
    """``streamlit run`` on a 127.0.0.1 port, from the repo root (for .streamlit/config.toml);
    its output goes to ``folder/<script>-<port>.log``. ``command(script, port)`` makes the command line."""
    port = port or free_port()
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"{Path(script).stem}-{port}.log"
    with open(log, "w") as out:
        process = subprocess.Popen(command(script, port), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})})
    return App(f"http://127.0.0.1:{port}", process, log)


@contextlib.contextmanager
def apps(count: int, folder: Path, script: str = "app.py", timeout: float = 120, env: dict | None = None,
         command=streamlit_command):
    """``count`` processes of ``script``, started together; yields them once all are healthy.

    A port found free can be taken by another process before the server binds it: a server that
    exits before it is healthy is started again on another port (three tries), and a timeout fails.
    """
    started = []
    try:
        started = [start_app(folder, script, env=env, command=command) for _ in range(count)]
        for index in range(count):
            for attempt in range(3):
                app = started[index]
                try:
                    wait_healthy(f"{app.url}/_stcore/health", app.process, timeout, f"{script} (see {app.log})")
                    break
                except RuntimeError:
                    if app.process.poll() is None or attempt == 2:  # still running: a timeout, not a port race
                        raise
                    started[index] = start_app(folder, script, env=env, command=command)
        yield started
    finally:
        for app in started:
            stop(app.process)


@contextlib.contextmanager
def running_app(script: str = "app.py", folder: Path | None = None, env: dict | None = None, timeout: float = 180):
    """One ``script`` server; yields its base URL once /_stcore/health answers (logs in ``folder``,
    default ``test-artifacts/``)."""
    with apps(1, folder or ROOT / "test-artifacts", script, timeout, env) as (app,):
        yield app.url
