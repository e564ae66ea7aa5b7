"""Read an upload in a worker process with CPU-time, memory and wall-clock limits.

No file can crash or stall the caller: each file is read in a child of the readers' own fork
server (:mod:`geo.uploads.forkserver`, a ``python -m`` program that imports only the readers, so
a read starts in milliseconds and never runs the caller's ``__main__``: under ``streamlit run``
that is app.py). The child sets ``RLIMIT_CPU`` and ``RLIMIT_AS`` on itself and exits after the
one file, so its memory goes back to the system; the caller waits at most
:attr:`WorkerLimits.timeout` seconds, and a child that is killed or dies (SIGXCPU,
``std::bad_alloc``, a segfault) gives one line naming the file and the limit. The child also
reports its peak memory growth (``VmHWM`` minus its start ``VmRSS``).

:func:`prestart` starts the server ahead of the first file (app.py does, as the server starts). A wall-clock
timeout or a lost server is marked ``transient`` on the :class:`UploadError`: it says how busy the
machine was, not what the file is, so callers must not cache it.
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.texts import N_, Nn_, Text
from geo.uploads.pool import QueueTimeout, shared
from geo.uploads.errors import UploadError, human_size
from geo.uploads.wire import recv_frame, send_frame
from geo.uploads.table import Limits

START_TIMEOUT = 120.0
"""Seconds to wait for the fork server to answer a new job (its start, on a busy machine, included)."""


@dataclass(frozen=True)
class WorkerLimits:
    cpu_seconds: int = 8
    memory_bytes: int = 400 * 1024 * 1024
    timeout: float = 20.0


class _Server:
    """The fork server process and the caller's end of its control channel."""

    def __init__(self):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        root = str(Path(__file__).resolve().parents[2])  # the folder holding geo/
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        self.process = subprocess.Popen([sys.executable, "-m", "geo.uploads.forkserver", str(theirs.fileno())],
                                        pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=env, cwd=root)
        theirs.close()
        self.control = ours
        self.lock = threading.Lock()

    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, message: bytes, fds: Sequence[int] = ()) -> None:
        with self.lock:
            socket.send_fds(self.control, [message], list(fds))


_server: _Server | None = None
_server_lock = threading.Lock()


def prestart() -> None:
    """Start the fork server now (it imports the readers in the background), if not running."""
    _get_server()


def _get_server() -> _Server:
    global _server
    with _server_lock:
        if _server is None or not _server.alive():
            if _server is not None:
                _server.control.close()
            _server = _Server()
        return _server


# --- in the child -------------------------------------------------------------------------------


def _status_kb(field: str) -> int:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _limit_self(worker: WorkerLimits) -> None:
    soft = max(1, int(worker.cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 1))
    size = _status_kb("VmSize") * 1024
    if size:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = size + worker.memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


def work(filename: str, data: bytes, limits: Limits, worker: WorkerLimits, read: Callable[..., object]) -> tuple:
    """In the child: ``(status, value, peak bytes)`` of ``read(filename, data, limits)`` (the fork server passes
    :func:`geo.uploads.read_upload`, so this module never imports the package that imports it), status ``ok``,
    ``error``, ``memory`` or ``crash``."""
    start = _status_kb("VmRSS")
    try:
        _limit_self(worker)
        outcome = ("ok", read(filename, data, limits))
    except UploadError as error:  # GDAL words a failed allocation as its own error
        memory = any(word in error.reason.lower() for word in ("malloc", "out of memory", "bad_alloc", "memoryerror"))
        outcome = ("memory", None) if memory else ("error", error.reason)  # a Text: its template and values
    except MemoryError:
        outcome = ("memory", None)
    except Exception as error:  # a safety net: one line, never a traceback
        outcome = ("crash", type(error).__name__)
    return (*outcome, max(_status_kb("VmHWM") - start, 0) * 1024)


# --- in the caller ------------------------------------------------------------------------------


def _transient(name: str, reason: Text) -> UploadError:
    error = UploadError(name, reason)
    error.transient = True
    return error


def read_in_worker(name: str, filename: str, data: bytes, limits: Limits,
                   worker: WorkerLimits = WorkerLimits(), waiting=None) -> tuple[Any, int | None]:
    """``(UploadResult, peak bytes)`` (as unpickled: this module does not import the package's types);
    :class:`UploadError` for a bad file or a worker over a limit.

    The read waits its turn in the process's one pool of readers (:mod:`geo.uploads.pool`): ``waiting(place)``
    is called while it waits (and may raise to give up: nothing is read); a wait over
    :data:`geo.uploads.pool.QUEUE_WAIT_S` is a ``transient`` error."""
    try:
        with shared(worker.memory_bytes).slot(waiting):
            return _read(name, filename, data, limits, worker)
    except QueueTimeout as busy:
        raise _transient(name, Nn_("the reader is busy ({n} file before this one for over {seconds:g} s); try again",
                                   "the reader is busy ({n} files before this one for over {seconds:g} s); try again",
                                   busy.ahead, seconds=busy.seconds)) from None


def _read(name: str, filename: str, data: bytes, limits: Limits, worker: WorkerLimits) -> tuple[Any, int | None]:
    server = _get_server()
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    pid = message = exitcode = None
    try:
        try:
            server.send(b"job", [theirs.fileno()])
        finally:
            theirs.close()
        ours.settimeout(START_TIMEOUT)
        kind, pid = recv_frame(ours)
        if kind != "pid":
            raise EOFError(f"the server said {kind!r}")
        send_frame(ours, (filename, data, limits, worker))
        deadline = time.monotonic() + worker.timeout
        while True:
            ours.settimeout(max(deadline - time.monotonic(), 0.001) if message is None else 5.0)
            frame = recv_frame(ours)
            if frame[0] == "exit":
                exitcode = frame[1]
                break
            message = frame
    except TimeoutError:
        if pid is None:
            raise _transient(name, Text(N_("the reader did not start within {seconds:g} s (the server is busy)"),
                                        seconds=START_TIMEOUT)) from None
        if message is None:
            server.send(f"kill {pid}".encode())
            _await_exit(ours)  # the reader is gone before its place in the pool is given to the next
            raise _transient(name, Text(N_("reading it took longer than the {seconds:g} s limit"),
                                        seconds=worker.timeout)) from None
    except (EOFError, OSError):
        if message is None and not server.alive():
            raise _transient(name, Text(N_("the reader stopped (its server ended); try again"))) from None
    finally:
        ours.close()
    return _answer(name, message, exitcode, worker)


def _answer(name: str, message, exitcode: int | None, worker: WorkerLimits) -> tuple[Any, int | None]:
    """The reader's answer (``message``, None if it sent none before its ``exitcode``) as a result or an error."""
    if message is None:
        if exitcode == -signal.SIGKILL:  # not one of our limits: killed from outside (the system's OOM killer)
            raise _transient(name, Text(N_("the reader was stopped from outside (signal SIGKILL); try again")))
        raise UploadError(name, _death(exitcode, worker))
    status, value, peak = message
    if status == "ok":
        return value, peak
    if status == "error":
        error = UploadError(name, value)
        error.peak = peak  # the worker's peak memory growth, for tests and benchmarks
        raise error
    if status == "memory":
        raise UploadError(name, Text(N_("reading it needed more than the {limit} memory limit"),
                                     limit=human_size(worker.memory_bytes)))
    raise UploadError(name, Text(N_("could not be read ({error})"), error=value))


def _await_exit(ours: socket.socket, seconds: float = 5.0) -> None:
    """Wait (at most ``seconds``) for the server's word that the child has ended."""
    ours.settimeout(seconds)
    try:
        while recv_frame(ours)[0] != "exit":
            pass
    except (TimeoutError, EOFError, OSError):
        pass


def _death(exitcode: int | None, worker: WorkerLimits) -> Text:
    """Why a worker ended without an answer, in one line."""
    if exitcode == -signal.SIGXCPU:
        return Text(N_("reading it took more than the {seconds} s CPU-time limit"), seconds=worker.cpu_seconds)
    if exitcode in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS):
        return Text(N_("the reader stopped (signal {signal}), most likely over the {limit} memory limit"),
                    signal=signal.Signals(-exitcode).name, limit=human_size(worker.memory_bytes))
    return Text(N_("the reader stopped unexpectedly (exit status {status})"), status=str(exitcode))


__all__ = ["WorkerLimits", "prestart", "read_in_worker", "work"]
