"""What a session may hold of uploads, against a real server at the protocol level (issue 36.1 and 36.7):
files only under ids the server issued, at most MAX_FILES and their bytes a session, freed when the
uploader no longer names them; a file the server no longer holds is one line, not a crash."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest

from bench import upload_protocol
from bench.protocol import process_usage
from deploy.harness import ROOT, apps
from geo.uploads import MAX_BYTES, MAX_FILES
from shieldmap.web.upload_store import SESSION_BYTES

GONE_EN = "Could not add an uploaded file: the file is no longer on the server; add it again"
GONE_RU = "Не удалось добавить загруженный файл: файла больше нет на сервере; добавьте его снова"


@pytest.fixture(scope="module")
def app_process():
    with apps(1, ROOT / "test-artifacts") as (app,):
        yield app


def _csv(name: str, lat: float = 50) -> tuple[str, bytes]:
    return f"{name}.csv", f"name,lat,lon\n{name},{lat},10\n".encode()


def _shown(run: dict, name: str) -> bool:
    """Whether the run drew the checkbox of an upload's layer (its label: the escaped name and the count)."""
    return any(label.endswith(name.replace(".", "\\.") + " (1)") for label in run["labels"])


def test_an_upload_under_an_id_the_server_did_not_issue_is_refused(app_process):
    """Before: any id was stored (the red team's 200 PUTs used made-up ids)."""
    async def go():
        async with upload_protocol.Session(app_process.url) as visitor:
            name, data = _csv("made_up")
            refused = await visitor.put(str(uuid.uuid4()), name, data)
            (issued,) = await visitor.upload_urls([name])
            return refused, await visitor.put(issued, name, data)

    refused, accepted = asyncio.run(go())
    assert (refused, accepted) == (403, 204)


def test_a_session_holds_at_most_its_files_and_bytes(app_process):
    """MAX_FILES files of MAX_BYTES are held, every upload past them is refused before its body is kept, and
    30 PUTs of 5 MiB leave the server's memory within the session's bytes (before: +150 MiB, all held)."""
    pid = app_process.process.pid
    data = b"x" * MAX_BYTES

    async def go():
        async with upload_protocol.Session(app_process.url) as visitor:
            before = process_usage(pid)["rss_bytes"]
            statuses = []
            for n in range(30):
                (file_id,) = await visitor.upload_urls([f"f{n}.csv"])
                statuses.append(await visitor.put(file_id, f"f{n}.csv", data))
            return statuses, process_usage(pid)["rss_bytes"] - before

    statuses, grown = asyncio.run(go())
    print(f"statuses {statuses}; RSS +{grown / 2**20:.0f} MiB")
    assert statuses == [204] * MAX_FILES + [413] * (30 - MAX_FILES)
    assert grown < SESSION_BYTES + 40 * 2**20


def test_a_file_the_uploader_no_longer_names_is_freed(app_process):
    """A file dropped from the uploader's state is freed at the next run: naming it again gets the line asking
    for it again (before: the server still held it, for as long as the session lived); the other file stays."""
    async def go():
        async with upload_protocol.Session(app_process.url) as visitor:
            both = await visitor.upload([_csv("kept"), _csv("dropped", 51)])
            dropped = visitor.files.pop()
            one = await visitor.run()
            visitor.files.append(dropped)
            return both, one, await visitor.run()

    both, one, again = asyncio.run(go())
    assert both["errors"] == [] and _shown(both, "kept.csv") and _shown(both, "dropped.csv")
    assert one["errors"] == [] and _shown(one, "kept.csv") and not _shown(one, "dropped.csv")
    assert again["errors"] == [GONE_EN], again["errors"]
    assert _shown(again, "kept.csv") and not _shown(again, "dropped.csv")


@pytest.mark.parametrize("query, missing, line", [
    ("", 1, GONE_EN), ("lang=ru", 1, GONE_RU),
    ("", 2, "Could not add an uploaded file: 2 files are no longer on the server; add them again"),
    ("lang=ru", 3, "Не удалось добавить загруженный файл: 3 файла больше не хранятся на сервере; добавьте их снова")])
def test_a_file_the_server_does_not_hold_is_one_line_not_a_crash(app_process, query, missing, line):
    """The uploader's state names files the server does not hold (an expired session, another backend):
    one line in the visitor's language, the other file read (before: AttributeError, the page ended)."""
    async def go():
        async with upload_protocol.Session(app_process.url, query=query) as visitor:
            visitor.files += [(str(uuid.uuid4()), f"elsewhere{n}.csv", 30) for n in range(missing)]
            return await visitor.upload([_csv("here")])

    run = asyncio.run(go())
    print(json.dumps(run["errors"], ensure_ascii=False))
    assert run["errors"] == [line]
    assert _shown(run, "here.csv")
