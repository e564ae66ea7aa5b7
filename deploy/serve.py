"""The single-host recipe (deploy/systemd/), run here for tests, the bench and a local try-out.

    python -m deploy.serve --apps 2 --port 8080 [--keep]      # until Ctrl-C
    python -m deploy.serve --render /etc/shieldmap/nginx.conf --port 0.0.0.0:80 \
        --prefix /var/lib/shieldmap-nginx --backends 127.0.0.1:8501,127.0.0.1:8502

Each app is started with the command line of ``systemd/shieldmap@.service``
(its ``ExecStart``, ``%i`` = a free loopback port, this interpreter for the
venv's ``streamlit``); nginx with that of ``systemd/shieldmap-nginx.service``
and nginx.conf.template rendered by ``--render``, under a temporary prefix, in
the foreground. So the test of this (tests/browser/test_deploy.py) runs the
recipe's own commands. Loopback only.
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

from deploy import harness
from deploy.harness import App, free_port, stop, wait_healthy

DEPLOY = Path(__file__).resolve().parent
TEMPLATE = DEPLOY / "nginx.conf.template"
APP_UNIT = DEPLOY / "systemd" / "shieldmap@.service"
NGINX_UNIT = DEPLOY / "systemd" / "shieldmap-nginx.service"
INSTALL_DIR = "/opt/shieldmap"
STICKY_COOKIE = "shieldmap_sticky"
UPSTREAM_HEADER = "X-Shieldmap-Upstream"


def nginx_path() -> str | None:
    for candidate in (os.environ.get("NGINX"), shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def unit_command(unit: Path, replacements: dict[str, str]) -> list[str]:
    """The ``ExecStart`` of a systemd unit, split, with the given words replaced."""
    line = next(line for line in unit.read_text().splitlines() if line.startswith("ExecStart="))
    words = line.removeprefix("ExecStart=").split()
    return [replacements.get(word, word) for word in words]


def app_command(script: str, port: int) -> list[str]:
    """shieldmap@.service's command for instance ``port`` (``script`` must be its app.py)."""
    words = unit_command(APP_UNIT, {f"{INSTALL_DIR}/.venv/bin/streamlit": "streamlit", "%i": str(port)})
    if words[:3] != ["streamlit", "run", script]:
        raise ValueError(f"{APP_UNIT.name} runs {words[:3]}, not streamlit run {script}")
    return [sys.executable, "-m", *words]


@contextlib.contextmanager
def apps(count: int, folder: Path, timeout: float = 120):
    """``count`` app processes started as shieldmap@PORT.service starts them."""
    with harness.apps(count, folder, "app.py", timeout, command=app_command) as started:
        yield started


def render_conf(prefix: Path, port: int | str, backends: list[str], upstream_header: bool = False) -> str:
    """nginx.conf for ``backends`` (host:port); ``port`` is a loopback port or a full listen address. With
    ``upstream_header``, every response names its backend in :data:`UPSTREAM_HEADER` (the backend's internal
    address: for tests and debugging on loopback, never for public traffic)."""
    if os.geteuid() == 0:  # workers drop root; the Debian build's default group does not exist
        nobody = pwd.getpwnam("nobody")
        user = f"user nobody {grp.getgrgid(nobody.pw_gid).gr_name};"
    else:
        user = "# (not root: workers run as the current user)"
    servers = "\n".join(f"        server {address} max_fails=0;" for address in backends)
    header = f"            add_header {UPSTREAM_HEADER} $upstream_addr always;" if upstream_header else ""
    return (TEMPLATE.read_text().replace("@USER@", user).replace("@PREFIX@", str(prefix))
            .replace("@LISTEN@", f"127.0.0.1:{port}" if str(port).isdigit() else str(port)).replace("@SERVERS@", servers)
            .replace("@UPSTREAM_HEADER@\n", header + "\n" if header else ""))


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
        (e.g. ``GET /_stcore/stream HTTP/1.1``), ``status``, ``upstream`` (host:port, ``-`` when nginx
        answered from its cache), ``sticky`` and ``cache`` (``HIT``, ``MISS`` or ``-``)."""
        if not self.access_log.exists():
            return []
        return [match.groupdict() for match in map(_LOG_LINE.search, self.access_log.read_text().splitlines())
                if match]


_LOG_LINE = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d+) \d+ upstream=(?P<upstream>\S+) sticky=(?P<sticky>\S*)'
                       r' cache=(?P<cache>\S*)')


@contextlib.contextmanager
def nginx(backends: list[str], port: int | None = None, keep: bool = False, timeout: float = 30):
    """nginx in the foreground in front of ``backends`` (host:port); stopped gracefully (SIGQUIT). On
    loopback only, so its responses name their backend (:data:`UPSTREAM_HEADER`: :func:`sticky_keys` reads it).

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
    conf.write_text(render_conf(prefix, port, backends, upstream_header=True))
    command = unit_command(NGINX_UNIT, {"/usr/sbin/nginx": binary, "/etc/shieldmap/nginx.conf": str(conf)})
    command = [word.replace("/var/lib/shieldmap-nginx", str(prefix)) for word in command]
    with open(prefix / "nginx.out", "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
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
    parser.add_argument("--port", default="8080",
                        help="nginx port on 127.0.0.1 (default 8080); with --render also ADDRESS:PORT")
    parser.add_argument("--keep", action="store_true", help="keep the log folders after stopping")
    parser.add_argument("--render", metavar="FILE", help="only write nginx.conf for --prefix and --backends, and exit")
    parser.add_argument("--prefix", default="/var/lib/shieldmap-nginx", help="nginx's prefix folder (with --render)")
    parser.add_argument("--upstream-header", action="store_true",
                        help=f"send {UPSTREAM_HEADER} (each backend's internal address) with every response "
                             "(with --render; off by default: not for public traffic)")
    parser.add_argument("--backends", default="127.0.0.1:8501,127.0.0.1:8502",
                        help="the app processes, host:port,... (with --render)")
    args = parser.parse_args(argv)
    if args.render:
        Path(args.render).write_text(render_conf(Path(args.prefix), args.port, args.backends.split(","),
                                                 args.upstream_header))
        print(f"wrote {args.render}: listen {args.port}, prefix {args.prefix}, backends {args.backends}")
        return 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # run the clean-up below
    with serving(args.apps, int(args.port), keep=args.keep) as deployment:
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
