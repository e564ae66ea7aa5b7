"""Serve shieldmap from N app processes behind nginx, all on loopback.

    python deploy/serve.py --apps 2 --port 8080 [--keep]    # until Ctrl-C

Each app is ``streamlit run app.py`` on its own 127.0.0.1 port; nginx (run in
the foreground, every file under a temporary prefix) listens on 127.0.0.1 and
routes each browser to one app by a sticky cookie (see nginx.conf.template).
The same pieces are used by ``tests/test_deploy.py`` and ``bench/run.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import grp
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from deploy.harness import App, apps, free_port, stop, wait_healthy

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
STICKY_COOKIE = "shieldmap_sticky"
UPSTREAM_HEADER = "X-Shieldmap-Upstream"


def nginx_path() -> str | None:
    for candidate in (os.environ.get("NGINX"), shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def render_conf(prefix: Path, port: int, backends: list[str]) -> str:
    if os.geteuid() == 0:  # workers drop root; the Debian build's default group does not exist
        nobody = pwd.getpwnam("nobody")
        user = f"user nobody {grp.getgrgid(nobody.pw_gid).gr_name};"
    else:
        user = "# (not root: workers run as the current user)"
    servers = "\n".join(f"        server {address} max_fails=0;" for address in backends)
    return (TEMPLATE.read_text().replace("@USER@", user).replace("@PREFIX@", str(prefix))
            .replace("@PORT@", str(port)).replace("@SERVERS@", servers))


@dataclass
class Nginx:
    url: str
    process: subprocess.Popen
    prefix: Path
    access_log: Path = field(init=False)

    def __post_init__(self):
        self.access_log = self.prefix / "access.log"

    def log_entries(self) -> list[dict]:
        """Each request logged so far (a websocket is logged when it closes): ``request``
        (e.g. ``GET /_stcore/stream HTTP/1.1``), ``status``, ``upstream`` (host:port) and ``sticky``."""
        if not self.access_log.exists():
            return []
        return [match.groupdict() for match in map(_LOG_LINE.search, self.access_log.read_text().splitlines())
                if match]


_LOG_LINE = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d+) \d+ upstream=(?P<upstream>\S+) sticky=(?P<sticky>\S*)')


@contextlib.contextmanager
def nginx(backends: list[str], port: int | None = None, keep: bool = False, timeout: float = 30):
    """nginx in the foreground in front of ``backends`` (host:port); stopped gracefully (SIGQUIT).

    Its prefix (config, logs, temp files) is a fresh folder under the system
    temp dir, readable by the workers (``nobody`` when started as root), and
    removed afterwards unless ``keep``.
    """
    binary = nginx_path()
    if binary is None:
        raise FileNotFoundError("nginx not found (apt-get install nginx)")
    port = port or free_port()
    prefix = Path(tempfile.mkdtemp(prefix="shieldmap-nginx-"))
    prefix.chmod(0o755)
    (prefix / "tmp").mkdir()
    conf = prefix / "nginx.conf"
    conf.write_text(render_conf(prefix, port, backends))
    with open(prefix / "nginx.out", "w") as out:
        process = subprocess.Popen([binary, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
                                   stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{url}/_stcore/health", process, timeout, f"nginx (see {prefix}/error.log)")
        yield Nginx(url, process, prefix)
    finally:
        stop(process, signal.SIGQUIT)
        if not keep:
            shutil.rmtree(prefix, ignore_errors=True)


@dataclass
class Deployment:
    url: str
    apps: list[App]
    proxy: Nginx


def sticky_keys(url: str, backends: list[str], tries: int = 64) -> dict[str, str]:
    """A sticky cookie value for each backend (host:port), found by asking which upstream answers."""
    found: dict[str, str] = {}
    for n in range(tries):
        key = f"probe-{n}"
        request = urllib.request.Request(f"{url}/_stcore/health", headers={"Cookie": f"{STICKY_COOKIE}={key}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            found.setdefault(response.headers[UPSTREAM_HEADER], key)
        if set(found) >= set(backends):
            return {backend: found[backend] for backend in backends}
    raise RuntimeError(f"no sticky key reached every backend in {tries} tries: {found}")


@contextlib.contextmanager
def serving(count: int = 2, port: int | None = None, folder: Path | None = None, keep: bool = False):
    """``count`` apps behind nginx. App logs go to ``folder`` (default: a temp folder,
    removed afterwards unless ``keep``); nginx keeps its own prefix (see :func:`nginx`)."""
    own = folder is None
    folder = Path(tempfile.mkdtemp(prefix="shieldmap-deploy-")) if own else folder
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with apps(count, folder) as started, nginx([a.address for a in started], port, keep) as proxy:
            yield Deployment(proxy.url, started, proxy)
    finally:
        if own and not keep:
            shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=2, help="number of app processes (default 2)")
    parser.add_argument("--port", type=int, default=8080, help="nginx port on 127.0.0.1 (default 8080)")
    parser.add_argument("--keep", action="store_true", help="keep the log folders after stopping")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # run the clean-up below
    with serving(args.apps, args.port, keep=args.keep) as deployment:
        print(f"shieldmap on {deployment.url} ({args.apps} apps: {', '.join(a.url for a in deployment.apps)}); "
              f"logs in {deployment.apps[0].log.parent} and {deployment.proxy.prefix}. Ctrl-C stops.", flush=True)
        try:
            while all(a.process.poll() is None for a in deployment.apps) and deployment.proxy.process.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
