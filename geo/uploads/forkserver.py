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
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    jobs: dict[int, socket.socket] = {}
    watched: list[socket.socket | int] = [control, wake_read]
    while True:
        ready, _, _ = select.select(watched, [], [])
        if wake_read in ready:
            while True:
                try:
                    if not os.read(wake_read, 512):
                        break
                except BlockingIOError:
                    break
        while jobs:  # reap every ended child and say how it ended
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
        if control not in ready:
            continue
        message, fds, _, _ = socket.recv_fds(control, 64, 1)
        if not message:
            return
        if message == b"job" and fds:
            job = socket.socket(fileno=fds[0])
            pid = os.fork()
            if pid == 0:
                control.close()
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                os.close(wake_read)
                os.close(wake_write)
                for other in jobs.values():
                    other.close()
                _child(job)
            jobs[pid] = job
            try:
                send_frame(job, ("pid", pid))
            except OSError:
                os.kill(pid, signal.SIGKILL)
        elif message.startswith(b"kill ") and int(message.split()[1]) in jobs:
            os.kill(int(message.split()[1]), signal.SIGKILL)
        else:
            for fd in fds:
                os.close(fd)


def main(argv: list[str]) -> None:
    control = socket.socket(fileno=int(argv[1]))
    import geo.uploads  # noqa: F401  the readers and their libraries, once, before any fork

    serve(control)


if __name__ == "__main__":
    main(sys.argv)
