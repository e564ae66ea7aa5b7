"""How an upload fails: :class:`UploadError` and the helpers that word its reasons."""

from __future__ import annotations

import re

from geo.texts import N_, Nn_, Text, TextError

MAGIC = [(b"SQLite format 3\x00", N_("a GeoPackage/SQLite database")), (b"PK\x03\x04", N_("a zip archive")),
         (b"PK\x05\x06", N_("a zip archive")), (b"\x89PNG", N_("a PNG image")), (b"%PDF", N_("a PDF document")),
         (b"\xff\xd8\xff", N_("a JPEG image"))]
"""File signatures, to say what a file of the wrong format looks like."""


class UploadError(TextError):
    """An uploaded file that cannot be used; ``str()`` is ``"<file>: <reason>"`` (English).

    ``reason`` is a :class:`geo.texts.Text` (a plain ``str`` is shown as it is in every language), so a front end
    shows the whole line in the reader's language (``shieldmap.i18n.explain``); the file name is data, shown as
    it is. It pickles with its reason's template and values (the worker process sends it whole)."""

    transient: bool = False
    """True when the failure says how busy the machine was (a wall-clock timeout, a lost worker), not what the file is."""
    peak: int | None = None
    """The worker's peak memory growth in bytes, when a worker read the file."""

    def __init__(self, filename: str, reason: str):
        reason = Text.plain(reason)
        super().__init__(N_("{file}: {reason}"), file=filename, reason=reason)
        self.filename = filename
        self.reason = reason

    @property
    def line(self) -> Text:
        """The message as a :class:`Text` (``str()`` as the error's)."""
        return Text(self.template, file=self.filename, reason=self.reason)

    def __reduce__(self):
        return type(self), (self.filename, self.reason), self.__dict__


def decode_text(name: str, data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadError(name, Text(N_("not {what}: the file is not UTF-8 text (bad byte at offset {offset}){hint}"),
                                     what=what, offset=error.start, hint=looks_like(data, what))) from None


def looks_like(data: bytes, expected: str) -> Text | str:
    """``"; it looks like a zip archive, not CSV"`` (a :class:`Text`: put it among a message's values), or ``""``."""
    for magic, label in MAGIC:
        if data.startswith(magic):
            return Text(N_("; it looks like {label}, not {expected}"), words=("label",), label=label, expected=expected)
    head = data[:200].lstrip().lower()
    if head.startswith((b"{", b"[")):
        return Text(N_("; it looks like JSON, not {expected}"), expected=expected)
    if head.startswith(b"<"):
        return Text(N_("; it looks like XML/KML, not {expected}"), expected=expected)
    return ""


def short_reason(error: BaseException) -> Text:
    """A GDAL/zip message as one short line, without temporary paths (the library's own words, in English: shown
    as they are in every language, except those we recognise)."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    text = re.sub(r"/vsimem/\S+|/vsizip/\S+|(?:/tmp|/var/folders)\S*shieldmap-upload-\S+", "the file", text)
    text = re.sub(r"ERROR parsing kml the file\s*:\s*", "XML error: ", text)
    if text.startswith("sqlite3_") or "file is not a database" in text:
        return Text(N_("the SQLite database is damaged or is not a GeoPackage"))
    if text.startswith("XML error: "):
        return Text(N_("XML error: {detail}"), detail=_shortened(text.removeprefix("XML error: ")))
    return Text.plain(_shortened(text))


def _shortened(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= 160 else text[:157] + "..."


def human_size(n: int) -> Text:
    if n >= 1024 * 1024:
        return Text(N_("{size:.1f} MiB"), size=n / (1024 * 1024))
    if n >= 1024:
        return Text(N_("{size:.1f} KiB"), size=n / 1024)
    return Nn_("{n} byte", "{n} bytes", n)
