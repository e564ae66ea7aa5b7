"""What one visitor's session may hold of uploaded files on the server (issue 36.1).

Streamlit keeps every file PUT to ``/_stcore/upload_file/<session>/<file id>`` in memory (its
``MemoryUploadedFileManager``) until the session ends, under any file id the client makes up, with a
size check per request only: 200 PUTs of 5 MiB took a server from 487 MB to 1.5 GB. This module keeps
Streamlit's store and bounds it:

- :class:`HeldUploads`, a subclass of Streamlit's ``MemoryUploadedFileManager``, is the runtime's
  uploaded-file manager once :func:`install` has run at start-up (``shieldmap/web/server.py``'s
  lifespan: the runtime, its sessions and the upload route already share the manager Streamlit made,
  so :func:`install` gives that one object this class). It holds a file only under an id it issued to
  that session (``get_upload_urls``: the browser's uploader asks for one per file, through the
  websocket, before it uploads), and only within :data:`geo.uploads.MAX_FILES` files and
  :data:`SESSION_BYTES` a session and :data:`SERVER_BYTES` for all sessions, uploads in flight counted.
  :meth:`HeldUploads.forget` frees the files a session's uploader no longer names (each script run
  calls it with the uploader's state, ``shieldmap/ui/upload_state.py``); a file never named is freed
  :data:`NAMING_GRACE_S` after its upload.
- :class:`UploadGate`, ASGI middleware in front of Streamlit's routes, asks the store whether a PUT may
  go on from its path and ``Content-Length`` alone, before the body is parsed or held. A refused upload
  is answered 4xx (or 503 when the server holds all it may) with one line; its body is read and dropped
  first, so the client reads the answer. ``add_file`` checks again with the file's real size.

The app has one file uploader, so every file a session holds is that uploader's.
"""

from __future__ import annotations

import collections
import threading
import time
from typing import NamedTuple, cast

from starlette.exceptions import HTTPException
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

from geo.uploads import MAX_BYTES, MAX_FILES
from shieldmap.web import asgi

SESSION_BYTES = MAX_FILES * MAX_BYTES
"""Most bytes one session holds (25 MiB): the uploader's files at their largest."""
SERVER_SESSIONS = 6
SERVER_BYTES = SERVER_SESSIONS * SESSION_BYTES
"""Most bytes all sessions hold together (150 MiB: six sessions' worth), uploads in flight counted."""
ISSUED_KEPT = 4 * MAX_FILES
"""Upload ids kept issued and unused per session; past it the oldest is forgotten."""
NAMING_GRACE_S = 60.0
"""How long a file its uploader has not named yet is kept (the rerun that names it follows the upload)."""
FRAMING_BYTES = 4096
"""What a request's multipart framing may add to its file (boundaries, part headers, the file name)."""


class Refusal(NamedTuple):
    status: int
    reason: str


class UploadRefused(HTTPException):
    """An upload the store will not hold: Streamlit's route answers it with the status and the reason."""

    def __init__(self, refusal: Refusal):
        super().__init__(status_code=refusal.status, detail=refusal.reason)


class HeldUploads(MemoryUploadedFileManager):
    """Streamlit's in-memory uploaded-file manager, bounded (module doc). Safe from any thread: every change
    to the stored files goes through ``self._guard`` (taken before Streamlit's own lock, never after)."""

    def __init__(self, upload_endpoint: str):
        super().__init__(upload_endpoint)
        self._bounds()

    def _bounds(self) -> None:
        self._guard = threading.RLock()
        self._issued: dict[str, collections.OrderedDict] = {}  # session -> issued, unused file ids
        self._added: dict[str, dict[str, float]] = {}  # session -> file id -> when it was stored
        self._named: dict[str, set[str]] = {}  # session -> stored files its uploader has named
        self._pending: dict[tuple[str, str], int] = {}  # (session, file id) -> bytes of an upload in flight

    def get_upload_urls(self, session_id, file_names):
        infos = super().get_upload_urls(session_id, file_names)
        with self._guard:
            issued = self._issued.setdefault(session_id, collections.OrderedDict())
            for info in infos:
                issued[info.file_id] = None
            while len(issued) > ISSUED_KEPT:
                issued.popitem(last=False)
        return infos

    def held(self, session_id: str) -> tuple[int, int]:
        """(files, bytes) the session holds."""
        with self._guard:
            files = self.file_storage.get(session_id, {})
            return len(files), sum(len(record.data) for record in files.values())

    def reserve(self, session_id: str, file_id: str, size: int) -> Refusal | None:
        """Before an upload's body is read: why an upload of about ``size`` bytes under ``file_id`` may not
        be held, or None, and then its bytes are counted as in flight until :meth:`release`."""
        with self._guard:
            if (session_id, file_id) in self._pending:
                return Refusal(409, "this file is being uploaded already")
            refusal = self._refusal(session_id, file_id, max(0, size - FRAMING_BYTES))
            if refusal is None:
                self._pending[(session_id, file_id)] = size
            return refusal

    def release(self, session_id: str, file_id: str) -> None:
        """The upload's request has ended: its bytes are no longer in flight."""
        with self._guard:
            self._pending.pop((session_id, file_id), None)

    def _refusal(self, session_id: str, file_id: str, size: int) -> Refusal | None:
        self._expire(session_id)
        files = self.file_storage.get(session_id, {})
        if file_id not in files and file_id not in self._issued.get(session_id, ()):
            return Refusal(403, "no upload was asked for under this file id in this session")
        others = [len(record.data) for key, record in files.items() if key != file_id]
        in_flight = {key: size for key, size in self._pending.items() if key != (session_id, file_id)}
        mine = [size for (session, _file), size in in_flight.items() if session == session_id]
        if len(others) + len(mine) + 1 > MAX_FILES:
            return Refusal(413, f"a visitor may have at most {MAX_FILES} files uploaded at once")
        if sum(others) + sum(mine) + size > SESSION_BYTES:
            return Refusal(413, f"a visitor may have at most {SESSION_BYTES // 2**20} MiB uploaded at once")
        held = sum(len(record.data) for key, stored in self.file_storage.items() for name, record in stored.items()
                   if (key, name) != (session_id, file_id))
        if held + sum(in_flight.values()) + size > SERVER_BYTES:
            return Refusal(503, "the server holds as many uploads as it may; try again in a few minutes")
        return None

    def add_file(self, session_id, file) -> None:
        with self._guard:
            refusal = self._refusal(session_id, file.file_id, len(file.data))
            if refusal is not None:
                raise UploadRefused(refusal)
            super().add_file(session_id, file)
            self._pending.pop((session_id, file.file_id), None)
            self._issued.get(session_id, {}).pop(file.file_id, None)
            self._added.setdefault(session_id, {})[file.file_id] = time.monotonic()

    def remove_file(self, session_id, file_id) -> None:
        with self._guard:
            super().remove_file(session_id, file_id)
            self._added.get(session_id, {}).pop(file_id, None)
            self._named.get(session_id, set()).discard(file_id)

    def remove_session_files(self, session_id) -> None:
        with self._guard:
            super().remove_session_files(session_id)
            for book in (self._issued, self._added, self._named):
                book.pop(session_id, None)

    def forget(self, session_id: str, named) -> None:
        """Free the session's files its uploader no longer names (``named``: the file ids of its state now),
        and those never named within :data:`NAMING_GRACE_S` of their upload."""
        named = set(named)
        with self._guard:
            seen = self._named.setdefault(session_id, set())
            for file_id in list(self.file_storage.get(session_id, {})):
                if file_id in named:
                    seen.add(file_id)
                elif file_id in seen:
                    self.remove_file(session_id, file_id)
            self._expire(session_id)

    def _expire(self, session_id: str) -> None:
        now, seen = time.monotonic(), self._named.get(session_id, set())
        for file_id, added in list(self._added.get(session_id, {}).items()):
            if file_id not in seen and now - added > NAMING_GRACE_S:
                self.remove_file(session_id, file_id)


def install(manager) -> HeldUploads:
    """Give Streamlit's uploaded-file manager (the one the runtime, its sessions and the upload route share)
    this module's bounds; at start-up, before any session. Refuses, naming it, any other kind of manager."""
    if isinstance(manager, HeldUploads):
        return manager
    if type(manager) is not MemoryUploadedFileManager:
        raise RuntimeError(f"uploads: Streamlit's uploaded-file manager is a {type(manager).__name__}, not a "
                           "MemoryUploadedFileManager: the upload limits (shieldmap/web/upload_store.py) cannot be set")
    manager.__class__ = HeldUploads
    held = cast(HeldUploads, manager)  # the same object, now of the subclass
    held._bounds()
    return held


def _store() -> HeldUploads | None:
    from streamlit import runtime

    if not runtime.exists():
        return None
    manager = runtime.get_instance().uploaded_file_mgr
    return manager if isinstance(manager, HeldUploads) else None


def _request_limit() -> int:
    """The largest upload request Streamlit reads (``server.maxUploadSize`` MiB) and its framing margin."""
    from streamlit import config

    return (config.get_option("server.maxUploadSize") + 1) * 2**20


class UploadGate:
    """ASGI middleware: a PUT to the upload route goes on only if the store may hold it (module doc)."""

    def __init__(self, app, base_url: str | None = None, store: HeldUploads | None = None):
        """``store``: the runtime's (once :func:`install` has run) when None."""
        base = asgi.base_path(base_url)
        self.app, self.store = app, store
        self.prefix = f"{base}/_stcore/upload_file/"

    async def __call__(self, scope, receive, send) -> None:
        path = asgi.route(scope)
        store = (self.store or _store()) if scope["type"] == "http" and scope["method"] == "PUT" else None
        parts = path[len(self.prefix):].split("/") if path.startswith(self.prefix) else []
        length = dict(scope.get("headers", ())).get(b"content-length", b"")
        if store is None or len(parts) != 2 or not all(parts) or (length and not length.isdigit()):
            await self.app(scope, receive, send)  # not an upload, or one Streamlit refuses by itself
            return
        session_id, file_id = parts
        refusal = store.reserve(session_id, file_id, int(length) if length else _request_limit())
        if refusal is not None:
            await _drop_body(receive, _request_limit())
            body = (refusal.reason + "\n").encode()
            await send({"type": "http.response.start", "status": refusal.status,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        try:
            await self.app(scope, receive, send)
        finally:
            store.release(session_id, file_id)


async def _drop_body(receive, limit: int) -> None:
    """Read a refused request's body (at most ``limit`` bytes) and keep none of it."""
    read = 0
    while read <= limit:
        message = await receive()
        if message["type"] != "http.request":
            return
        read += len(message.get("body", b""))
        if not message.get("more_body"):
            return
