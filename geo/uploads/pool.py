"""One pool of upload readers for the whole process, sized to the machine's memory, with a queue.

Each reader (a worker process, :mod:`geo.uploads.worker`) may use up to its memory limit; without a
pool, ten visitors ran ten at once (30 files of ~98 KB took the app and its workers to 5.48 GB). The
pool lets :func:`pool_size` readers run at once: :data:`MEMORY_SHARE` of the memory available when it
is made (the lower of the system's ``MemAvailable`` and what the cgroup's ``memory.max`` leaves) over
one reader's memory limit, at most one a CPU, at least one. The others wait in order (first come,
first read); while a file waits, ``waiting(place)`` is called with its place in the queue (1: next),
when it changes and every :data:`POLL_S` seconds, and may raise to give up its place (the visitor
left): nothing of it is read. A file that waits over :data:`QUEUE_WAIT_S` seconds is refused as
``transient`` (the machine was busy, not the file).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path

MEMORY_SHARE = 0.5
"""The share of the available memory the readers running at once may take, at their memory limit."""
POLL_S = 0.5
"""Seconds between two calls of a waiting file's ``waiting`` (the visitor's "waiting for the reader" state)."""
QUEUE_WAIT_S = 120.0
"""The longest a file waits for a reader before it is refused (``transient``: "try again")."""
CGROUP = Path("/sys/fs/cgroup")


class QueueTimeout(Exception):
    """A file waited over ``seconds`` for a reader; ``ahead`` files were before it at the end."""

    def __init__(self, ahead: int, seconds: float):
        super().__init__(ahead, seconds)
        self.ahead, self.seconds = ahead, seconds


class GaveUp(Exception):
    """What ``waiting`` raised (``error``): the file gave up its place; the reader's callers raise ``error`` itself."""

    def __init__(self, error: BaseException):
        super().__init__(error)
        self.error = error


def _meminfo_available() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _cgroup_available() -> int | None:
    """What the cgroup (v2) still allows: ``memory.max`` minus ``memory.current`` (None without a limit)."""
    try:
        limit = (CGROUP / "memory.max").read_text().strip()
        if limit == "max":
            return None
        return max(int(limit) - int((CGROUP / "memory.current").read_text().strip()), 0)
    except (OSError, ValueError):
        return None


def available_memory() -> int | None:
    """The memory available to this process's readers now (bytes), or None if it cannot be told."""
    found = [v for v in (_meminfo_available(), _cgroup_available()) if v is not None]
    return min(found) if found else None


def pool_size(memory_limit: int, available: int | None = None, cpus: int | None = None) -> int:
    """How many readers of ``memory_limit`` bytes may run at once: ``MEMORY_SHARE × available // memory_limit``,
    at most ``cpus`` (default: this machine's), at least 1."""
    available = available_memory() if available is None else available
    cpus = cpus or os.cpu_count() or 1
    by_memory = cpus if available is None else int(available * MEMORY_SHARE // max(memory_limit, 1))
    return max(1, min(cpus, by_memory))


class Pool:
    """``size`` slots; :meth:`slot` waits its turn in order, then holds one while the block runs."""

    def __init__(self, size: int):
        self.size = max(1, int(size))
        self.running = 0
        self._queue: deque = deque()
        self._changed = threading.Condition()

    def waiting(self) -> int:
        """How many files wait for a reader now."""
        with self._changed:
            return len(self._queue)

    def _take(self, ticket: object) -> int:
        """0 if ``ticket`` has its slot now (taken), else its place in the queue (1: next). Under the lock."""
        if self.running < self.size and self._queue[0] is ticket:
            self._queue.popleft()
            self.running += 1
            self._changed.notify_all()
            return 0
        return self._queue.index(ticket) + 1

    @contextlib.contextmanager
    def slot(self, waiting: Callable[[int], None] | None = None, timeout: float | None = None) -> Iterator[None]:
        """Wait for a free slot in order (at most ``timeout`` s, default :data:`QUEUE_WAIT_S`), then hold it."""
        timeout = QUEUE_WAIT_S if timeout is None else timeout
        ticket, deadline, told, told_at = object(), time.monotonic() + timeout, None, 0.0
        with self._changed:
            self._queue.append(ticket)
        try:
            while True:
                with self._changed:
                    place = self._take(ticket)
                    if place and time.monotonic() >= deadline:
                        raise QueueTimeout(place - 1 + self.running, timeout)
                    if place and place == told:
                        self._changed.wait(min(POLL_S, max(deadline - time.monotonic(), 0.001)))
                        place = self._take(ticket)
                if not place:
                    break
                if waiting is not None and (place != told or time.monotonic() - told_at >= POLL_S):
                    try:
                        waiting(place)  # outside the lock: the front end's words (and its "the visitor left")
                    except Exception as error:
                        raise GaveUp(error) from error
                    told_at = time.monotonic()
                told = place
        except BaseException:
            with self._changed:
                if ticket in self._queue:
                    self._queue.remove(ticket)
                    self._changed.notify_all()
            raise
        try:
            yield
        finally:
            with self._changed:
                self.running -= 1
                self._changed.notify_all()


_pool: Pool | None = None
_pool_lock = threading.Lock()


def shared(memory_limit: int) -> Pool:
    """The process's one pool, made at first use and sized by :func:`pool_size` for ``memory_limit``."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = Pool(pool_size(memory_limit))
        return _pool
