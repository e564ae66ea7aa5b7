"""The upload readers' fork server: ``python -m geo.uploads.forkserver FD``, started by :mod:`geo.uploads.worker`.

It imports the readers once (GDAL, pandas, shapely: about a second), then forks one child per
file, so a read starts in milliseconds. It is its own program on purpose: multiprocessing's
``forkserver`` and ``spawn`` children call ``spawn.prepare()``, which re-imports the parent's
``__main__`` by its path, and under ``streamlit run`` that is app.py, so every upload ran the
whole app first (96% of a worker's time, counted against its CPU limit). Here the only
``__main__`` is this module, and nothing of the caller's is imported.

Protocol. ``FD`` is a Unix socket to the caller (the control channel). For each file the caller
sends ``b"job"`` with one end of a fresh socket pair (``SCM_RIGHTS``); the server forks a child
for it and writes, on that socket, ``("pid", pid)``; the caller then writes the request
``(filename, data, Limits, WorkerLimits)``; the child reads it, limits itself, reads the file and
writes ``(status, value, peak)``; once the child has ended, the server writes ``("exit",
status)`` (a negative status is the signal that ended it) and closes its end. ``b"kill PID"``
kills a child that is still running (the caller's wall-clock limit). Each message is a pickle
after an 8-byte length. The server ends when the caller closes the control channel.
"""

from __future__ import annotations

import os
import select
import signal
import socket
import sys

from geo.uploads.wire import recv_frame, send_frame

NICENESS = 10
"""How much lower a reader's CPU priority is than the app's: visitors' reruns come first, a file's
read takes what is left (its CPU-time limit is unchanged; under no load it runs at full speed)."""


def _child(job: socket.socket) -> None:
    """Read one file as the request on ``job`` says, answer on ``job``; never returns."""
    try:
        os.nice(NICENESS)
        from geo.uploads import read_upload
        from geo.uploads.worker import work

        filename, data, limits, worker = recv_frame(job)
        send_frame(job, work(filename, data, limits, worker, read_upload))
    except BaseException:  # the server reports how the child ended; nothing more to say
        pass
    finally:
        os._exit(0)


def serve(control: socket.socket) -> None:
    """Fork a child per job until the caller closes ``control``."""
    wake = _wake_on_signals()
    jobs: dict[int, socket.socket] = {}
    watched: list[socket.socket | int] = [control, wake[0]]
    while True:
        ready, _, _ = select.select(watched, [], [])
        if wake[0] in ready:
            _drain(wake[0])
        _reap(jobs)
        if control not in ready:
            continue
        message, fds, _, _ = socket.recv_fds(control, 64, 1)
        if not message:
            return
        _answer(message, fds, control, jobs, wake)


def _wake_on_signals() -> tuple[int, int]:
    """A pipe (read end, write end) that a signal writes to, so that a child's end (``SIGCHLD``) wakes the
    server's ``select``."""
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    return wake_read, wake_write


def _drain(fd: int) -> None:
    """Read what the signals wrote to the wake pipe's read end ``fd`` (non-blocking)."""
    while True:
        try:
            if not os.read(fd, 512):
                break
        except BlockingIOError:
            break


def _reap(jobs: dict[int, socket.socket]) -> None:
    """Reap every ended child of ``jobs`` (pid -> its job's socket), say on its socket how it ended and close it."""
    while jobs:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            break
        job = jobs.pop(pid, None)
        if job is not None:
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            try:
                send_frame(job, ("exit", code))
            except OSError:
                pass
            job.close()


def _answer(message: bytes, fds: list[int], control: socket.socket, jobs: dict[int, socket.socket],
            wake: tuple[int, int]) -> None:
    """Do what the caller's ``message`` asks: ``job`` (with its socket in ``fds``) or ``kill PID``; anything else
    is ignored (its file descriptors closed)."""
    if message == b"job" and fds:
        _fork(socket.socket(fileno=fds[0]), control, jobs, wake)
    elif message.startswith(b"kill ") and int(message.split()[1]) in jobs:
        os.kill(int(message.split()[1]), signal.SIGKILL)
    else:
        for fd in fds:
            os.close(fd)


def _fork(job: socket.socket, control: socket.socket, jobs: dict[int, socket.socket], wake: tuple[int, int]) -> None:
    """Fork the child that serves ``job`` and tell the caller its pid (the child is killed if that fails)."""
    pid = os.fork()
    if pid == 0:
        _leave_server(control, jobs, wake)
        _child(job)
    jobs[pid] = job
    try:
        send_frame(job, ("pid", pid))
    except OSError:
        os.kill(pid, signal.SIGKILL)


def _leave_server(control: socket.socket, jobs: dict[int, socket.socket], wake: tuple[int, int]) -> None:
    """In a new child: let go of what is the server's (the control channel, the signal wake-up, the other jobs)."""
    control.close()
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.close(wake[0])
    os.close(wake[1])
    for other in jobs.values():
        other.close()


def main(argv: list[str]) -> None:
    control = socket.socket(fileno=int(argv[1]))
    import geo.uploads  # noqa: F401  the readers and their libraries, once, before any fork

    serve(control)


if __name__ == "__main__":
    main(sys.argv)
