"""Read an upload in a worker process with CPU-time, memory and wall-clock limits.

No file can crash or stall the caller: the worker (forked from a ``forkserver`` that has the
readers loaded, so a read starts in milliseconds) sets ``RLIMIT_CPU`` and ``RLIMIT_AS`` on
itself, the caller waits at most :attr:`WorkerLimits.timeout` seconds, and a worker that is
killed or dies (SIGXCPU, ``std::bad_alloc``, a segfault) gives one line naming the file and
the limit. The worker also reports its peak memory growth (``VmHWM`` minus its start ``VmRSS``).
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
from dataclasses import dataclass

from geo.uploads.errors import UploadError, human_size
from geo.uploads.table import Limits


@dataclass(frozen=True)
class WorkerLimits:
    cpu_seconds: int = 8
    memory_bytes: int = 400 * 1024 * 1024
    timeout: float = 20.0


_context = None


def _get_context():
    global _context
    if _context is None:
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        _context = multiprocessing.get_context(method)
        if method == "forkserver":
            _context.set_forkserver_preload(["geo.uploads"])
    return _context


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


def _work(conn, filename: str, data: bytes, limits: Limits, worker: WorkerLimits) -> None:
    start = _status_kb("VmRSS")
    try:
        _limit_self(worker)
        from geo.uploads import read_upload

        outcome = ("ok", read_upload(filename, data, limits))
    except UploadError as error:  # GDAL words a failed allocation as its own error
        memory = any(word in error.reason.lower() for word in ("malloc", "out of memory", "bad_alloc", "memoryerror"))
        outcome = ("memory", None) if memory else ("error", str(error))
    except MemoryError:
        outcome = ("memory", None)
    except Exception as error:  # a safety net: one line, never a traceback
        outcome = ("crash", type(error).__name__)
    peak = max(_status_kb("VmHWM") - start, 0) * 1024
    try:
        conn.send((*outcome, peak))
    except MemoryError:
        conn.send(("memory", None, peak))
    conn.close()


def read_in_worker(name: str, filename: str, data: bytes, limits: Limits,
                   worker: WorkerLimits = WorkerLimits()) -> tuple[object, int | None]:
    """``(UploadResult, peak bytes)``; :class:`UploadError` for a bad file or a worker over a limit."""
    context = _get_context()
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_work, args=(send, filename, data, limits, worker), daemon=True)
    process.start()
    send.close()
    message = None
    try:
        if receive.poll(worker.timeout):
            try:
                message = receive.recv()
            except (EOFError, OSError):
                message = None
        else:
            process.kill()
            raise UploadError(name, f"reading it took longer than the {worker.timeout:g} s limit")
    finally:
        if process.is_alive() and message is None:
            process.kill()
        process.join(5)
        receive.close()
    if message is None:
        raise UploadError(name, _death(process.exitcode, worker))
    status, value, peak = message
    if status == "ok":
        return value, peak
    if status == "error":
        error = UploadError(name, value.split(": ", 1)[1] if value.startswith(name + ": ") else value)
        error.peak = peak  # the worker's peak memory growth, for tests and benchmarks
        raise error
    if status == "memory":
        raise UploadError(name, f"reading it needed more than the {human_size(worker.memory_bytes)} memory limit")
    raise UploadError(name, f"could not be read ({value})")


def _death(exitcode: int | None, worker: WorkerLimits) -> str:
    """Why a worker ended without an answer, in one line."""
    if exitcode == -signal.SIGXCPU:
        return f"reading it took more than the {worker.cpu_seconds} s CPU-time limit"
    if exitcode in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGKILL, -signal.SIGBUS):
        return (f"the reader stopped (signal {signal.Signals(-exitcode).name}), most likely over the "
                f"{human_size(worker.memory_bytes)} memory limit")
    return f"the reader stopped unexpectedly (exit status {exitcode})"


__all__ = ["WorkerLimits", "read_in_worker"]
