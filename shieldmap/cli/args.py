"""What every ``shieldmap`` subcommand shares about its arguments: the one-line usage error
(exit 2) and the check of an output path, made before any work is done."""

from __future__ import annotations

from pathlib import Path


class UsageError(Exception):
    """A bad argument: reported in one line with exit status 2."""


def output_path(text: str) -> Path:
    """``--out`` as a path whose folder exists; :class:`UsageError` naming it otherwise."""
    out = Path(text)
    if not out.parent.is_dir():
        raise UsageError(f"cannot write {out}: folder {out.parent} does not exist")
    return out
