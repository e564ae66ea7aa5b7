"""How an upload fails: :class:`UploadError` and the helpers that word its reasons."""

from __future__ import annotations

import re

MAGIC = [(b"SQLite format 3\x00", "a GeoPackage/SQLite database"), (b"PK\x03\x04", "a zip archive"),
         (b"PK\x05\x06", "a zip archive"), (b"\x89PNG", "a PNG image"), (b"%PDF", "a PDF document"),
         (b"\xff\xd8\xff", "a JPEG image")]
"""File signatures, to say what a file of the wrong format looks like."""


class UploadError(ValueError):
    """An uploaded file that cannot be used; ``str()`` is ``"<file>: <reason>"``."""

    def __init__(self, filename: str, reason: str):
        super().__init__(f"{filename}: {reason}")
        self.filename = filename
        self.reason = reason


def decode_text(name: str, data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        hint = looks_like(data, what)
        raise UploadError(name, f"not {what}: the file is not UTF-8 text "
                                f"(bad byte at offset {error.start}){hint}") from None


def looks_like(data: bytes, expected: str) -> str:
    for magic, label in MAGIC:
        if data.startswith(magic):
            return f"; it looks like {label}, not {expected}"
    head = data[:200].lstrip().lower()
    if head.startswith((b"{", b"[")):
        return f"; it looks like JSON, not {expected}"
    if head.startswith(b"<"):
        return f"; it looks like XML/KML, not {expected}"
    return ""


def short_reason(error: BaseException) -> str:
    """A GDAL/zip message as one short line, without temporary paths."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    text = re.sub(r"/vsimem/\S+|/vsizip/\S+|(?:/tmp|/var/folders)\S*shieldmap-upload-\S+", "the file", text)
    text = re.sub(r"ERROR parsing kml the file\s*:\s*", "XML error: ", text)
    if text.startswith("sqlite3_") or "file is not a database" in text:
        text = "the SQLite database is damaged or is not a GeoPackage"
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= 160 else text[:157] + "..."


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} bytes"
