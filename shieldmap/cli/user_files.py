"""``--add FILE``: your own files in ``shieldmap export`` and ``shieldmap analyze``.

Files go through the app's reader (:func:`geo.uploads.read_uploads`: the same formats, limits,
worker process and messages). A bad file is one line naming it and the problem (exit 2).
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path

import pandas as pd
import shapely

from geo.export import neutralise_formula
from geo.texts import N_, Text
from geo.uploads import MAX_BYTES, SUPPORTED, UploadResult, read_uploads, too_big
from shieldmap.cli.args import _, explain


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--add", action="extend", nargs="+", default=[], metavar="FILE",
                        help=_("add your own file(s) as layers ({formats}; up to {size} MiB each)").format(
                            formats=SUPPORTED, size=MAX_BYTES // 2**20))


NOT_A_FILE = N_("{file}: not a regular file (a device, pipe or folder): give a file")


def _bounded_read(path: str) -> bytes | Text:
    """The bytes of a regular file of at most :data:`MAX_BYTES`, or why not (a :class:`Text`). A device, pipe or
    folder is refused before it is opened (``/dev/zero`` has no end; opening a pipe waits for a writer), and the
    read stops after ``MAX_BYTES + 1`` bytes whatever the size said."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        return Text(NOT_A_FILE, file=path)
    with open(path, "rb") as handle:
        opened = os.fstat(handle.fileno())
        if not stat.S_ISREG(opened.st_mode):  # replaced between the two looks
            return Text(NOT_A_FILE, file=path)
        size = opened.st_size
        data = handle.read(MAX_BYTES + 1) if size <= MAX_BYTES else b""
    if size > MAX_BYTES or len(data) > MAX_BYTES:  # refused before reading it into memory
        return Text(N_("{file}: {reason}"), file=Path(path).name, reason=too_big(max(size, len(data))))
    return data


def read_files(paths: list[str]) -> list[UploadResult]:
    """Each file read as an upload; ``ValueError`` with one line per bad file (in the messages' language)."""
    files, errors = [], []
    for path in paths:
        try:
            data = _bounded_read(path)
        except OSError as exc:
            errors.append(Text(N_("{file}: cannot read the file ({detail})"), file=path, detail=exc.strerror or str(exc)))
            continue
        if isinstance(data, Text):
            errors.append(data)
        else:
            files.append((Path(path).name, data))
    if errors:
        raise ValueError("\n".join(map(explain, errors)))
    results, errors = read_uploads(files)
    if errors:
        raise ValueError("\n".join(map(explain, errors)))
    for result in results:
        print(_("shieldmap: added {title} as {layer}: {messages}").format(
            title=result.title, layer=result.layer_id, messages="; ".join(map(explain, result.messages))),
              file=sys.stderr)
    return results


def layers(paths: list[str]) -> dict:
    """``{layer id: frame}`` of the files, for an export."""
    return {result.layer_id: result.frame for result in read_files(paths)} if paths else {}


def analysis_table(paths: list[str]) -> dict[str, pd.DataFrame]:
    """``{"uploads": table}``: one row per added feature (layer, id, name, geometry type, a point on it)."""
    if not paths:
        return {}
    rows = []
    for result in read_files(paths):
        frame = result.frame
        points = shapely.point_on_surface(frame.geometry.values)
        for (_index, feature), point in zip(frame.iterrows(), points):
            rows.append({"layer": feature["layer"], "id": feature["id"], "name": neutralise_formula(feature["name"]),
                         "geometry_type": feature.geometry.geom_type,
                         "lon": round(point.x, 6), "lat": round(point.y, 6)})
    return {"uploads": pd.DataFrame(rows)}
