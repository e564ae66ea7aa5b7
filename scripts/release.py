"""A release names its data version (issue 24): ``make release`` (``python -m scripts.release``).

The seed data's version is its SHA-256 (``geo.seeds.seeds_digest``), which every citation carries. A
release adds the version's row to the "Data versions" table of ``seeds/CHANGES.md`` (the date, the
digest, the tag and the project version) when it is not there yet, and tags the commit
``data-<first 12 hex digits>`` (an annotated git tag naming the full digest and the project version),
so a digest in a citation leads to the commit whose seeds made it: ``git show data-<12 digits>``.
``--check`` only says whether the current digest has its row (the unit tests check the same).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

from geo.seeds import DEFAULT_DIR, seeds_digest
from shieldmap.citation import project_version

CHANGES = Path(DEFAULT_DIR) / "CHANGES.md"
TABLE_HEADER = "| date | data version (SHA-256) | git tag | shieldmap |"
_ROW = re.compile(r"^\| (\d{4}-\d{2}-\d{2}) \| `([0-9a-f]{64})` \| `(data-[0-9a-f]{12})` \| ([^|]+) \|$")


def tag_name(digest: str) -> str:
    return f"data-{digest[:12]}"


def rows(text: str) -> list[tuple[str, str, str, str]]:
    """The table's rows: (date, digest, tag, project version)."""
    return [match.groups() for line in text.splitlines() if (match := _ROW.match(line.strip()))]


def with_row(text: str, digest: str, version: str, today: dt.date) -> str:
    """``text`` with the row of ``digest`` appended to the table (the table made if missing)."""
    if any(row[1] == digest for row in rows(text)):
        return text
    row = f"| {today.isoformat()} | `{digest}` | `{tag_name(digest)}` | {version} |"
    if TABLE_HEADER not in text:
        return text.rstrip("\n") + f"\n\n{TABLE_HEADER}\n| --- | --- | --- | --- |\n{row}\n"
    lines = text.splitlines()
    end = lines.index(TABLE_HEADER) + 2
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "\n".join([*lines[:end], row, *lines[end:]]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.release", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the data version has its row")
    args = parser.parse_args(argv)
    digest, version = seeds_digest(), project_version()
    text = CHANGES.read_text(encoding="utf-8")
    if args.check:
        if any(row[1] == digest for row in rows(text)):
            print(f"data version {digest} has its row in {CHANGES}")
            return 0
        print(f"data version {digest} has no row in {CHANGES}: run `make release`", file=sys.stderr)
        return 1
    updated = with_row(text, digest, version, dt.date.today())
    if updated != text:
        CHANGES.write_text(updated, encoding="utf-8")
        print(f"added data version {digest} to {CHANGES}; commit it, then run `make release` again to tag")
        return 0
    if subprocess.run(["git", "status", "--porcelain", "--", str(DEFAULT_DIR)], capture_output=True, text=True,
                      check=True).stdout.strip():
        print(f"{DEFAULT_DIR} has uncommitted changes: commit them first", file=sys.stderr)
        return 1
    tag = tag_name(digest)
    subprocess.run(["git", "tag", "-f", "-a", tag, "-m", f"shieldmap {version}, seed data SHA-256 {digest}"], check=True)
    print(f"tagged {tag} (seed data {digest}, shieldmap {version})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
