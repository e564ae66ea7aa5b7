"""A zipped Shapefile: its parts unzipped in chunks against a running cap, and the .dbf's text encoding.

The sizes a zip's headers declare are never trusted: each part is inflated in 1 MiB chunks and
the bytes actually produced are counted against the cap. A .dbf without a .cpg (and without a
code page in its header) has no stated encoding: it is guessed from its bytes, and said so.
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path, PurePosixPath

from geo.texts import N_, Text
from geo.uploads.errors import UploadError, human_size, short_reason

CHUNK = 1024 * 1024
ENCODING_NAMES = {"UTF-8": "UTF-8", "CP1251": N_("Windows-1251 (Cyrillic)"), "CP1252": N_("Windows-1252 (Western)")}


def unzip_parts(name: str, archive: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo], folder: Path,
                cap: int) -> None:
    """Write each part as ``folder/upload<ext>`` (our own names), at most ``cap`` bytes in all."""
    total = 0
    for ext, member in parts.items():
        shown = PurePosixPath(member.filename).name
        unbounded = copy.copy(member)
        unbounded.file_size = cap + 1  # zipfile stops at the declared size; we stop at the cap
        written = 0
        try:
            with archive.open(unbounded) as source, open(folder / f"upload{ext}", "wb") as target:
                while chunk := source.read(CHUNK):
                    written += len(chunk)
                    total += len(chunk)
                    if total > cap:
                        raise UploadError(name, Text(N_("the Shapefile unzips to more than {limit} (the limit), "
                                                        "whatever its headers say"), limit=human_size(cap)))
                    target.write(chunk)
        except UploadError:
            raise
        except (zipfile.BadZipFile, RuntimeError, OSError, ValueError, EOFError, NotImplementedError) as error:
            raise UploadError(name, Text(N_("broken zip: cannot unpack {part} ({detail})"), part=shown,
                                         detail=short_reason(error))) from None
        if written != member.file_size:
            raise UploadError(name, Text(N_("broken zip: {part} holds {written:,} bytes but its header says {size:,}"),
                                         part=shown, written=written, size=member.file_size))


DBF_HEADER = 32
"""The fixed part of a .dbf header: records (bytes 4-7), header length (8-9), record length (10-11), little-endian."""


def check_dbf_table(name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int | None) -> None:
    """The table a .dbf declares (records × record length, from its first 32 bytes, before anything else is
    unzipped or read) within ``limit`` bytes: GDAL reads as many records as the header says."""
    unbounded = copy.copy(member)
    unbounded.file_size = 2 ** 62  # read the head only: no end reached, so no size or CRC check yet (unzip_parts does)
    try:
        with archive.open(unbounded) as source:
            head = source.read(DBF_HEADER)
    except (zipfile.BadZipFile, RuntimeError, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise UploadError(name, Text(N_("broken zip: cannot unpack {part} ({detail})"),
                                     part=PurePosixPath(member.filename).name, detail=short_reason(error))) from None
    if len(head) < DBF_HEADER:
        raise UploadError(name, Text(N_("the .dbf file is cut short ({size} bytes)"), size=len(head)))
    records, length = int.from_bytes(head[4:8], "little"), int.from_bytes(head[10:12], "little")
    if limit is not None and records * length > limit:
        raise UploadError(name, Text(N_("the Shapefile's table is {size} ({records:,} records × {length:,} bytes), "
                                        "over the {limit} limit"), size=human_size(records * length),
                                     records=records, length=length, limit=human_size(limit)))


def dbf_encoding(dbf: bytes) -> tuple[str | None, Text | None]:
    """The encoding to read a .dbf without .cpg in (None: GDAL's own choice) and a note saying why."""
    if len(dbf) > 29 and dbf[29] != 0:
        return None, None  # the header names a code page (LDID): GDAL reads it
    header = int.from_bytes(dbf[8:10], "little") if len(dbf) > 10 else 0
    text = dbf[header:]
    if text.isascii():
        return None, None
    try:
        text.decode("utf-8")
        encoding = "UTF-8"
    except UnicodeDecodeError:
        encoding = "CP1251" if _cyrillic(text) else "CP1252"
    return encoding, Text(N_("No .cpg file: the .dbf text was read as {encoding}, a guess from its bytes; add a .cpg "
                             "file naming the encoding if the text looks wrong"), words=("encoding",),
                          encoding=ENCODING_NAMES[encoding])


def _cyrillic(text: bytes) -> bool:
    """Cyrillic in Windows-1251 is runs of bytes ≥ 0xC0; Western text has single accented bytes among ASCII."""
    high = [i for i, b in enumerate(text) if b >= 0x80]
    if not high:
        return False
    letters = sum(1 for i in high if text[i] >= 0xC0)
    paired = sum(1 for a, b in zip(high, high[1:]) if b == a + 1)
    return letters >= 0.6 * len(high) and paired >= 0.5 * len(high)
