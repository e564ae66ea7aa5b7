"""How to cite one view of the map (:class:`shieldmap.view.View`): APA, BibTeX, RIS and CSL-JSON.

A citation names the project's version (the installed package's metadata), the date the map shows,
the view's options (as the ``shieldmap cite`` command line that gives the same citation), the
content hash of the seed data (:func:`geo.seeds.seeds_digest`: the version of the data) and the
view's URL (the base URL, ``?`` and the URL-encoded :meth:`View.to_query`). The base URL is
``--url``, else ``$SHIELDMAP_BASE_URL``, else ``http://localhost:8501/``.

Text that comes from data or from a visitor (a story step's title, a what-if site's name inside the
options) is escaped for each format: BibTeX's special characters (braces, backslashes, ``%``, ``&``,
...) become LaTeX commands, RIS and APA values stay on one line, CSL-JSON is written by :mod:`json`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import shlex
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import urlencode, urlsplit

from shieldmap.view import View

FORMATS = ("apa", "bibtex", "ris", "csl-json")
FORMAT_TITLES = {"apa": "APA", "bibtex": "BibTeX", "ris": "RIS", "csl-json": "CSL-JSON"}
DEFAULT_BASE_URL = "http://localhost:8501/"
BASE_URL_ENV = "SHIELDMAP_BASE_URL"
AUTHOR = "The shieldmap contributors"
PUBLISHER = "shieldmap"
TITLE = "Missile defence in Europe, 2010–2013"
MAX_BASE_URL = 500
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")  # RFC 3986's characters, nothing else
_LATEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "#": r"\#", "$": r"\$",
          "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


@functools.cache
def project_version() -> str:
    """The installed ``shieldmap`` package's version (``unknown`` when it is not installed), read once."""
    try:
        return metadata.version("shieldmap")
    except metadata.PackageNotFoundError:
        return "unknown"


def base_url(text: str | None = None) -> str:
    """``text``, else ``$SHIELDMAP_BASE_URL``, else :data:`DEFAULT_BASE_URL`, checked: an http(s) URL
    with a host, no query or fragment, only URL characters; ``ValueError`` naming it otherwise."""
    text = text if text is not None else (os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL)
    shown = text if len(text) <= 60 else text[:59] + "…"
    if len(text) > MAX_BASE_URL or not _URL_CHARS.fullmatch(text):
        raise ValueError(f"bad base URL {shown!r}: expected at most {MAX_BASE_URL} URL characters, no spaces")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"bad base URL {shown!r}: expected http:// or https://, a host and no ? or #")
    return text


def view_url(view: View, base: str) -> str:
    """The URL that opens ``view`` in the app at ``base``."""
    return f"{base}?{urlencode(view.to_query())}"


def cite_args(view: View) -> list[str]:
    """The ``shieldmap cite`` arguments of ``view`` (its layers, date, options, what-ifs, story step and
    compare date)."""
    args = view.cli_args("export")
    if view.story is not None:
        args += ["--story", str(view.story)]
    if view.compare is not None:
        args += ["--compare", view.compare.isoformat()]
    return args


@dataclass(frozen=True)
class Citation:
    """What every format says; :func:`text` writes it."""

    title: str
    version: str
    as_of: dt.date
    accessed: dt.date
    digest: str
    options: str  # the shieldmap cite command line
    url: str

    @property
    def key(self) -> str:
        return f"shieldmap-{self.as_of:%Y%m%d}-{self.digest[:8]}"

    @property
    def note(self) -> str:
        return (f"Map of {self.as_of.isoformat()}; seed data SHA-256 {self.digest}; shieldmap {self.version}; "
                f"options: {self.options}")


def cite(view: View, digest: str, *, base: str | None = None, accessed: dt.date | None = None,
         version: str | None = None, step_title: str | None = None) -> Citation:
    """The citation of ``view`` with seed data ``digest`` (``step_title``: the title of the view's story
    step, from ``story.csv``); ``accessed`` defaults to today."""
    title = f"{TITLE}: the map as of {view.as_of.day} {view.as_of:%B %Y}"
    if view.story is not None:
        title += f", story step {view.story}" + (f" ({step_title})" if step_title else "")
    if view.compare is not None:
        title += f", compared with {view.compare.day} {view.compare:%B %Y}"
    return Citation(title=title, version=version or project_version(), as_of=view.as_of,
                    accessed=accessed or dt.date.today(), digest=digest,
                    options=shlex.join(["shieldmap", "cite", *cite_args(view)]), url=view_url(view, base_url(base)))


def one_line(text: str) -> str:
    """``text`` with every run of white space (line breaks included) and control characters as one space."""
    return " ".join("".join(c if c.isprintable() else " " for c in str(text)).split())


def latex(text: str) -> str:
    """``text`` for a BibTeX value: on one line, its LaTeX special characters as commands (balanced braces),
    and ``--`` kept apart (LaTeX would set an en dash: ``--as-of`` stays an option)."""
    return "".join(_LATEX.get(c, c) for c in one_line(text)).replace("--", "-{}-").replace("--", "-{}-")


def apa(c: Citation) -> str:
    """APA 7th edition (plain text: the title would be in italics)."""
    return one_line(f"{AUTHOR}. ({c.accessed.year}). {c.title} (Version {c.version}) [Interactive map; "
                    f"seed data SHA-256 {c.digest}; options: {c.options}]. {PUBLISHER}. Retrieved "
                    f"{c.accessed:%B} {c.accessed.day}, {c.accessed.year}, from {c.url}") + "\n"


def bibtex(c: Citation) -> str:
    """A BibTeX ``@misc`` entry (``url`` and ``urldate`` as biblatex reads them)."""
    fields = [("author", f"{{{latex(AUTHOR)}}}"), ("title", f"{{{latex(c.title)}}}"), ("year", str(c.accessed.year)),
              ("version", latex(c.version)), ("publisher", latex(PUBLISHER)),
              ("howpublished", latex(f"Interactive map, version {c.version}")), ("url", c.url),
              ("urldate", c.accessed.isoformat()), ("note", latex(c.note))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{c.key},\n{body}\n}}\n"


def ris(c: Citation) -> str:
    """An RIS record (type MAP): one tag per line, every value on one line."""
    tags = [("TY", "MAP"), ("ID", c.key), ("AU", AUTHOR), ("TI", c.title), ("PY", str(c.accessed.year)),
            ("ET", c.version), ("PB", PUBLISHER), ("UR", c.url), ("Y2", f"{c.accessed:%Y/%m/%d}"), ("N1", c.note)]
    return "".join(f"{tag}  - {one_line(value)}\n" for tag, value in tags) + "ER  - \n"


def csl_json(c: Citation) -> str:
    """CSL-JSON: a list of one item of type ``map``."""
    parts = lambda day: {"date-parts": [[day.year, day.month, day.day]]}  # noqa: E731
    item = {"id": c.key, "type": "map", "title": c.title, "author": [{"literal": AUTHOR}], "issued": parts(c.accessed),
            "accessed": parts(c.accessed), "version": c.version, "publisher": PUBLISHER, "genre": "Interactive map",
            "URL": c.url, "note": c.note}
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


WRITERS = {"apa": apa, "bibtex": bibtex, "ris": ris, "csl-json": csl_json}


def text(c: Citation, fmt: str) -> str:
    """The citation in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown citation format {fmt!r} (known: {', '.join(FORMATS)})")
    return WRITERS[fmt](c)
