"""Read one seed CSV file against its schema (:class:`_Schema`: its columns and how each cell parses).

Every seed loader reads its files through :func:`_read` (:mod:`geo.seeds` declares the schemas of the fact
files, :mod:`geo.analysis_seeds`, :mod:`geo.engagement_seeds` and the others theirs). A problem is appended
to the caller's list as a :class:`~geo.texts.TextError` naming the file and the line (and the column), so
one pass reports every fault of a file; the file is read in steps (its text, its rows, its header, each row's
record) and a fault that leaves nothing to read further ends it with an empty frame.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from geo.csv_lines import row_lines
from geo.texts import N_, TextError


@dataclass(frozen=True)
class _Column:
    parse: Callable[[str], object]
    required: bool = True
    in_header: bool = True  # False: the column may be left out of the file (a translation: name_ru, caption_ru)


@dataclass(frozen=True)
class _Schema:
    file: str
    key: str | None
    columns: dict[str, _Column] = field(default_factory=dict)


def _c(parse, required=True, in_header=True):
    return _Column(parse, required, in_header)


_TRANSLATION = _Column(lambda v: v, False, False)  # a text's translation (name_ru...): optional, may be left out


def _read(folder: Path, schema: _Schema, problems: list) -> pd.DataFrame:
    """The file ``schema.file`` of ``folder`` as a frame of parsed cells (a ``_line`` column: each record's line;
    indexed by ``schema.key`` if it has one); each problem appended to ``problems``."""
    columns = list(schema.columns)
    empty = pd.DataFrame(columns=columns, dtype=object)
    text = _text(folder / schema.file, schema.file, columns, problems)
    rows = None if text is None else _rows(text, schema.file, problems)
    if text is None or not rows:
        return empty
    header = rows[0]
    problem = _header_problem(header, schema)
    if problem is not None:
        problems.append(problem)
        return empty
    records = _records(text, header, rows[1:], schema, problems)
    frame = pd.DataFrame(records, columns=columns + ["_line"], dtype=object)
    if schema.key:
        frame = frame.set_index(schema.key, drop=False)
        frame.index.name = None
    return frame


def _text(path: Path, where: str, columns: list[str], problems: list) -> str | None:
    """The file's text: None if it is missing, not UTF-8 or empty; a file that does not end with a newline is
    read, and said to look truncated."""
    if not path.is_file():
        problems.append(TextError(N_("{file}: file missing"), file=where))
        return None
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(TextError(N_("{file}: not UTF-8 text (byte {byte})"), file=where, byte=exc.start))
        return None
    if not text.strip():
        problems.append(TextError(N_("{file}: file is empty (expected a header: {header})"), file=where,
                                  header=",".join(columns)))
        return None
    if not text.endswith("\n"):
        last = text.count("\n") + 1
        problems.append(TextError(N_("{file}:{line}: file does not end with a newline; it looks truncated "
                                     "(half-written)"), file=where, line=last))
    return text


def _rows(text: str, where: str, problems: list) -> list[list[str]] | None:
    """The CSV rows of ``text`` (header first); None if it is not well-formed CSV."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        return list(reader)
    except csv.Error as exc:
        problems.append(TextError(N_("{file}:{line}: malformed CSV: {problem}"), file=where, line=reader.line_num,
                                  problem=exc))
        return None


def _header_problem(header: list[str], schema: _Schema) -> TextError | None:
    """What is wrong with the header (columns missing, columns unknown), or None."""
    missing = [c for c in schema.columns if c not in header and schema.columns[c].in_header]
    unknown = [c for c in header if c not in schema.columns]
    if not (missing or unknown):
        return None
    template = (N_("{file}:1: header: missing column(s) {missing}; unknown column(s) {unknown}") if missing and unknown
                else N_("{file}:1: header: missing column(s) {missing}") if missing
                else N_("{file}:1: header: unknown column(s) {unknown}"))
    return TextError(template, file=schema.file, missing=", ".join(missing), unknown=", ".join(unknown))


def _records(text: str, header: list[str], body: list[list[str]], schema: _Schema, problems: list) -> list[dict]:
    """One record per row of ``body`` that is not blank and has its fields, with its ``_line``; a key seen on an
    earlier line is a problem."""
    records: list[dict] = []
    keys: dict[object, int] = {}
    # Line numbers: the reader may span lines for quoted newlines; count physical lines.
    for number, row in zip(row_lines(text)[1:], body):
        if not any(cell.strip() for cell in row):
            continue
        at = f"{schema.file}:{number}"
        record = _record(at, header, row, schema, problems)
        if record is None:
            continue
        if schema.key:
            key = record.get(schema.key)
            if key in keys:
                problems.append(TextError(N_("{at}: duplicate {column} {value} (first on line {line})"), at=at,
                                          column=schema.key, value=repr(key), line=keys[key]))
            keys[key] = number
        record["_line"] = number
        records.append(record)
    return records


def _record(at: str, header: list[str], row: list[str], schema: _Schema, problems: list) -> dict | None:
    """The row's cells parsed by their columns (None for an empty or unparsable cell); None if the row has too
    few or too many fields. A row may leave out the trailing (optional) translations."""
    if len(row) < len(header) and all(schema.columns[name] is _TRANSLATION for name in header[len(row):]):
        row = row + [""] * (len(header) - len(row))
    if len(row) != len(header):
        problems.append(TextError(N_("{at}: expected {expected} fields, found {found} (truncated or an unquoted "
                                     "comma?)"), at=at, expected=len(header), found=len(row)))
        return None
    record = {name: _cell(at, name, cell.strip(), schema.columns[name], problems) for name, cell in zip(header, row)}
    start, end = record.get("start"), record.get("end")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        problems.append(TextError(N_("{at}: end {end} is before start {start}"), at=at, end=end, start=start))
    return record


def _cell(at: str, name: str, cell: str, column: _Column, problems: list) -> object:
    """The value of one (stripped) cell of column ``name``: None if it is empty (a problem if the column is
    required) or does not parse (a problem)."""
    if not cell:
        if column.required:
            problems.append(TextError(N_("{at}: column '{column}' is empty"), at=at, column=name))
        return None
    try:
        return column.parse(cell)
    except ValueError as exc:
        problems.append(TextError(N_("{at}: column '{column}': {problem}"), at=at, column=name, problem=exc))
        return None
