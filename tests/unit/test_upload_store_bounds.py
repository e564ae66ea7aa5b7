"""The upload store's bounds (shieldmap/web/upload_store.py) and the websocket's filter
(shieldmap/web/stream_guard.py), on the real classes; the protocol tests are tests/app/test_upload_store.py
and tests/app/test_shared_caches.py."""

from __future__ import annotations

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from geo.uploads import MAX_BYTES, MAX_FILES
from shieldmap.web import stream_guard, upload_store
from shieldmap.web.upload_store import SERVER_BYTES, SESSION_BYTES, HeldUploads, UploadRefused

FULL = b"x" * MAX_BYTES


def _add(store: HeldUploads, session: str, data: bytes = b"a,b\n", file_id: str | None = None) -> str:
    file_id = file_id or store.get_upload_urls(session, ["f.csv"])[0].file_id
    store.add_file(session, UploadedFileRec(file_id, "f.csv", "text/csv", data))
    return file_id


def _refused(store: HeldUploads, session: str, data: bytes = b"a,b\n", file_id: str | None = None) -> int:
    with pytest.raises(UploadRefused) as refused:
        _add(store, session, data, file_id)
    return refused.value.status_code


def test_the_limits_derive_from_the_uploaders():
    assert SESSION_BYTES == MAX_FILES * MAX_BYTES == 25 * 2**20
    assert SERVER_BYTES == 6 * SESSION_BYTES


def test_only_ids_the_server_issued_to_that_session():
    store = HeldUploads("/_stcore/upload_file")
    assert _refused(store, "s1", file_id="made-up") == 403
    issued = store.get_upload_urls("s1", ["a.csv"])[0]
    assert issued.upload_url == f"/_stcore/upload_file/s1/{issued.file_id}"
    assert _refused(store, "s2", file_id=issued.file_id) == 403  # another session's id
    _add(store, "s1", file_id=issued.file_id)
    _add(store, "s1", b"again", file_id=issued.file_id)  # the same file again: replaced, not added
    assert store.held("s1") == (1, 5)


def test_issued_ids_are_bounded_per_session():
    store = HeldUploads("/_stcore/upload_file")
    first = store.get_upload_urls("s", ["a"])[0].file_id
    store.get_upload_urls("s", ["b"] * upload_store.ISSUED_KEPT)
    assert _refused(store, "s", file_id=first) == 403  # the oldest forgotten


def test_files_and_bytes_a_session_holds():
    store = HeldUploads("/_stcore/upload_file")
    for _ in range(MAX_FILES):
        _add(store, "s", FULL)
    assert store.held("s") == (MAX_FILES, SESSION_BYTES)
    assert _refused(store, "s") == 413
    other = HeldUploads("/_stcore/upload_file")
    for _ in range(MAX_FILES - 1):
        _add(other, "s", FULL + b"y" * 1000)  # over 5 MiB (the app says so), under the request limit
    assert _refused(other, "s", FULL) == 413  # the files' bytes, not their number
    _add(other, "s", b"small")


def test_bytes_all_sessions_hold():
    store = HeldUploads("/_stcore/upload_file")
    for session in range(SERVER_BYTES // SESSION_BYTES):
        for _ in range(MAX_FILES):
            _add(store, f"s{session}", FULL)
    assert _refused(store, "late") == 503
    store.remove_session_files("s0")
    _add(store, "late")


def test_uploads_in_flight_count():
    store = HeldUploads("/_stcore/upload_file")
    ids = [info.file_id for info in store.get_upload_urls("s", ["f"] * (MAX_FILES + 1))]
    for file_id in ids[:MAX_FILES]:
        assert store.reserve("s", file_id, MAX_BYTES + 300) is None  # a 5 MiB file and its framing
    assert store.reserve("s", ids[0], 10).status == 409  # the same upload twice at once
    assert store.reserve("s", ids[-1], 10).status == 413
    store.release("s", ids[0])
    assert store.reserve("s", ids[-1], 10) is None
    _add(store, "s", FULL, ids[1])  # an upload that was reserved is held, and counted once
    assert store.held("s") == (1, MAX_BYTES)
    assert store.reserve("s", "made-up", 10).status == 403


def test_files_the_uploader_no_longer_names_are_freed(monkeypatch):
    store = HeldUploads("/_stcore/upload_file")
    a, b, c = (_add(store, "s") for _ in range(3))
    store.forget("s", [a, b])  # c not named yet: kept (its rerun follows)
    assert store.held("s")[0] == 3
    store.forget("s", [b, c])  # a named before, not now: freed
    assert [len(store.get_files("s", [i])) for i in (a, b, c)] == [0, 1, 1]
    d = _add(store, "s")
    monkeypatch.setattr(upload_store, "NAMING_GRACE_S", -1.0)
    store.forget("s", [b, c])  # d never named within the grace: freed
    assert store.get_files("s", [d]) == [] and store.held("s")[0] == 2
    store.remove_session_files("s")
    assert store.held("s") == (0, 0) and store.get_files("s", [b, c]) == []


def test_install_gives_streamlits_manager_the_bounds():
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    assert upload_store.install(manager) is manager and isinstance(manager, HeldUploads)
    assert upload_store.install(manager) is manager
    assert _refused(manager, "s", file_id="made-up") == 403

    class Other(MemoryUploadedFileManager):
        pass

    with pytest.raises(RuntimeError, match="is a Other, not a MemoryUploadedFileManager"):
        upload_store.install(Other("/x"))


def _message(*fields: str) -> bytes:
    data = b""
    for field in fields:
        message = BackMsg()
        if field == "rerun_script":
            message.rerun_script.query_string = "lang=ru"
        else:
            setattr(message, field, True)
        data += message.SerializeToString()
    return data


def test_the_websocket_drops_clear_cache_only():
    assert stream_guard.dropped(_message("clear_cache"))
    assert stream_guard.dropped(_message("rerun_script", "clear_cache"))  # a oneof: the last field set wins
    assert not stream_guard.dropped(_message("clear_cache", "rerun_script"))
    for kept in ("rerun_script", "app_heartbeat", "stop_script"):
        assert not stream_guard.dropped(_message(kept))
    assert not stream_guard.dropped(b"\xff\xff\xff")  # not a BackMsg: Streamlit closes the connection


def _put(gate, path: str, body: bytes, length: int | None = None) -> tuple[int, int]:
    """One PUT through the gate, its body in 64 KiB chunks: (status, body bytes the gate read)."""
    import asyncio

    chunks = [body[i:i + 65536] for i in range(0, len(body), 65536)] or [b""]
    read, answer = [0], {}

    async def receive():
        chunk = chunks.pop(0) if chunks else b""
        read[0] += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

    async def send(message):
        answer.setdefault("status", message.get("status"))

    headers = [(b"content-length", str(len(body) if length is None else length).encode())]
    asyncio.run(gate({"type": "http", "method": "PUT", "path": path, "headers": headers}, receive, send))
    return answer["status"], read[0]


def test_the_gate_refuses_before_streamlit_reads_the_body():
    """Streamlit's upload route stands behind the gate: it sees an upload only if the store may hold it."""
    store, reached = HeldUploads("/_stcore/upload_file"), []

    async def streamlit(scope, receive, send):  # the route: reads the body, stores the file, answers 204
        if not scope["path"].startswith("/_stcore/upload_file/"):
            await send({"type": "http.response.start", "status": 404, "headers": []})
            return
        body = b""
        while (message := await receive())["more_body"]:
            body += message["body"]
        reached.append(scope["path"])
        store.add_file("s", UploadedFileRec(scope["path"].rsplit("/", 1)[1], "f", "", body + message["body"]))
        await send({"type": "http.response.start", "status": 204, "headers": []})

    gate = upload_store.UploadGate(streamlit, base_url="", store=store)
    assert _put(gate, "/_stcore/upload_file/s/made-up", FULL) == (403, MAX_BYTES)  # read and dropped
    ids = [info.file_id for info in store.get_upload_urls("s", ["f"] * (MAX_FILES + 1))]
    for file_id in ids[:MAX_FILES]:
        assert _put(gate, f"/_stcore/upload_file/s/{file_id}", FULL)[0] == 204
    assert _put(gate, f"/_stcore/upload_file/s/{ids[-1]}", FULL)[0] == 413
    assert len(reached) == MAX_FILES and store.held("s") == (MAX_FILES, SESSION_BYTES)
    assert store.reserve("s", ids[0], 10) is None  # every request's reservation released
    assert _put(gate, "/_stcore/upload_file/s/x", FULL, length=64 * 2**20)[1] <= 7 * 2**20  # drops 7 MiB at most
    assert _put(gate, "/_stcore/upload_files/s/x", b"")[0] == 404  # another route: not the gate's
