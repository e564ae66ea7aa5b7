"""Load and validate the curated seed files: the only way any code reads them.

The seed set is a folder of CSV files (see ``seeds/README.md``). Every file is
checked against its schema below: types, coordinate ranges, real dates,
``start <= end``, unique ids, known vocabularies, and that every cited source
id and every referenced feature or country exists. Any problem raises
:class:`SeedError` whose message names the file, the line and the column, so
the CLI and the app can show it instead of a traceback.

Examples
--------
>>> seeds = load_seeds()                      # doctest: +SKIP
>>> seeds.sites.loc["deveselu", "precision_km"]   # doctest: +SKIP
5.0
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import pandas as pd

from geo.seed_terms import (FACT_KEYS, REGION_MIN_PRECISION_KM, SECTOR_PARAMETERS, SITE_LAYERS,  # noqa: F401 (re-exported)
                            membership_feature_id, record_key)
from geo.seed_fields import (_date, _id, _id_list, _inferred, _number, _one_of, _partial_date, _quote,  # also the
                             _step, _text, _yes_no)  # other seed readers' (re-exported)
from geo.seed_reader import _c, _read, _Schema, _TRANSLATION  # also the other seed readers' (re-exported)
from geo.texts import N_, TextError

ENV_VAR = "SHIELDMAP_SEEDS"
#: The shipped seeds: ``geo/seed_data``, in the checkout a link to ``seeds/``,
#: in an installed wheel a copy (so ``shieldmap`` works from any folder).
DEFAULT_DIR = (Path(__file__).parent / "seed_data").resolve()

#: The statuses a site takes in ``statuses.csv``, split into :data:`IN_PLACE_STATUSES`
#: (the capability exists at the site) and :data:`NOT_IN_PLACE_STATUSES` (talked
#: about, agreed, planned or being built, but not there yet, or no longer).
#: ``proposed``/``rejected`` are sector statuses; ``frozen`` is a membership
#: status (a member that has frozen its participation is still a member).
IN_PLACE_STATUSES = frozenset({N_("delivered"), N_("on duty"), N_("technical capability"), N_("operational"),
                               N_("deployed"), N_("experimental duty"), N_("NATO command")})
NOT_IN_PLACE_STATUSES = frozenset({
    N_("announced"), N_("planned"), N_("site chosen"), N_("agreement signed"), N_("agreement in force"),
    N_("under construction"), N_("threatened"), N_("reported"), N_("denied"), N_("rotations"), N_("exercise"),
    N_("cancelled"), N_("offline"), N_("facility delivered"), N_("accepted"), N_("proposed"),
})
#: A site whose status at a date is one of these is drawn after its ``end`` too (crossed: a cancelled
#: plan stays on the map as cancelled, from the day it was cancelled on); nothing else reads it as a site
#: then (:func:`geo.features.standing`: the analysis and the engagement screen leave it out).
SHOWN_AFTER_END = frozenset({"cancelled"})
STATUSES = IN_PLACE_STATUSES | NOT_IN_PLACE_STATUSES | frozenset({N_("rejected"), N_("frozen")})
#: Who makes a range claim (``ranges.csv`` ``claimant``) and whether it is a ``claim`` or an ``assessment``.
CLAIMANTS = frozenset({N_("maker"), N_("Russian government"), N_("US government"), N_("NATO"),
                       N_("independent analyst"), N_("press"), N_("unsourced")})
CLAIM_KINDS = frozenset({N_("claim"), N_("assessment")})
STANDS_FOR = frozenset({N_("site"), N_("town"), N_("region")})
CONFIDENCE = frozenset({N_("high"), N_("medium"), N_("low")})
ORGS = frozenset({N_("CSTO"), N_("NATO")})


class SeedError(ValueError):
    """A seed set that does not validate; ``problems`` lists each one (a text, or a :class:`TextError` that a
    front end can show translated: :meth:`lines`)."""

    def __init__(self, problems: list):
        self.problems = list(problems)
        super().__init__(self.lines())

    def lines(self, explain: Callable[[Exception], str] = str) -> str:
        """The first 20 problems, one a line, each through ``explain`` (a front end's translation)."""
        shown = self.problems[:20]
        more = len(self.problems) - len(shown)
        return "\n".join(map(explain, shown)) + (
            "\n" + explain(TextError(N_("... and {count} more"), count=more)) if more else "")


LAT = _number(-90, 90)
LON = _number(-180, 180)
PRECISION = _number(0, 5000, open_lo=True)

#: Seed files read by the other loaders (geo.analysis_seeds, geo.engagement_seeds): in the digest too.
OTHER_FILES = ("capitals.csv", "proposals.csv", "places.csv", "interceptors.csv", "radars.csv", "timeline.csv",
               "intercept_limits.csv", "sector_models.csv", "coverage.csv", "layers.csv", "periods.csv",
               "place_groups.csv")

SCHEMAS: dict[str, _Schema] = {
    "sources": _Schema("sources.csv", "id", {
        "id": _c(_id), "title": _c(_text), "outlet": _c(_text),
        "date": _c(_partial_date, False), "url": _c(_text, False),
        "report": _c(_text, False), "note": _c(_text, False), "checked": _c(_text, False),
    }),
    "sites": _Schema("sites.csv", "id", {
        "id": _c(_id), "layer": _c(_id), "name": _c(_text), "kind": _c(_text),
        "system": _c(_text, False), "unit": _c(_text, False),
        "lat": _c(LAT), "lon": _c(LON), "stands_for": _c(_one_of(STANDS_FOR)),
        "precision_km": _c(PRECISION), "start": _c(_date, False),
        "end": _c(_date, False), "sources": _c(_id_list),
        "details": _c(_text, False), "note": _c(_text, False), "name_ru": _TRANSLATION,
        "details_ru": _TRANSLATION, "note_ru": _TRANSLATION, "unit_ru": _TRANSLATION, "system_ru": _TRANSLATION,
    }),
    "statuses": _Schema("statuses.csv", None, {
        "feature": _c(_id), "status": _c(_one_of(STATUSES)),
        "from": _c(_date, False), "sources": _c(_id_list), "note": _c(_text, False),
    }),
    "memberships": _Schema("memberships.csv", None, {
        "org": _c(_one_of(ORGS)), "country": _c(_text),
        "territories": _c(lambda v: tuple(s.strip() for s in v.split(";")), False), "start": _c(_date),
        "end": _c(_date, False), "sources": _c(_id_list), "note": _c(_text, False), "note_ru": _TRANSLATION,
    }),
    "sectors": _Schema("sectors.csv", "id", {
        "id": _c(_id), "name": _c(_text), "holder": _c(_text),
        "direction": _c(_one_of(frozenset({"east", "south", "west", "north"}))),
        "azimuth_from": _c(_number(0, 360)), "azimuth_to": _c(_number(0, 360)),
        "start": _c(_date), "end": _c(_date, False), "sources": _c(_id_list),
        "note": _c(_text), "name_ru": _TRANSLATION, "note_ru": _TRANSLATION,
    }),
    "events": _Schema("events.csv", "id", {
        "id": _c(_id), "name": _c(_text), "kind": _c(_text), "date": _c(_date),
        "place": _c(_text), "lat": _c(LAT), "lon": _c(LON),
        "stands_for": _c(_one_of(STANDS_FOR)), "precision_km": _c(PRECISION),
        "sources": _c(_id_list), "note": _c(_text, False), "name_ru": _TRANSLATION, "note_ru": _TRANSLATION,
    }),
    "story": _Schema("story.csv", "step", {  # the guided tour: one step per event (see geo.seed_checks)
        "step": _c(_step), "event": _c(_id), "date": _c(_date), "caption": _c(_text),
        "layers": _c(_id_list), "lat": _c(LAT), "lon": _c(LON), "zoom": _c(_number(1, 18)),
        "sources": _c(_id_list), "caption_ru": _TRANSLATION,
    }),
    "ranges": _Schema("ranges.csv", "id", {
        "id": _c(_id), "systems": _c(lambda v: tuple(s.strip() for s in v.split(";"))),
        "radius_km": _c(_number(0, 20000, open_lo=True)), "label": _c(_text), "label_ru": _TRANSLATION,
        "missile": _c(_text, False), "in_service_from": _c(_date, False), "in_service_to": _c(_date, False),
        "sources": _c(_id_list, False), "claimant": _c(_one_of(CLAIMANTS)), "claim_kind": _c(_one_of(CLAIM_KINDS)),
        "confidence": _c(_one_of(CONFIDENCE)), "default": _c(_yes_no), "note": _c(_text, False),
    }),
    "quotes": _Schema("quotes.csv", None, {  # the words of a source that support a fact record (geo.seed_checks)
        "table": _c(_one_of(frozenset(FACT_KEYS))), "key": _c(_text), "source": _c(_id, False),
        "quote": _c(_quote, False), "translation": _c(_quote, False), "accessed": _c(_date, False),
        "inferred": _c(_inferred, False), "copy": _c(_text, False),
        "inferred_ru": _TRANSLATION, "copy_ru": _TRANSLATION,
    }),
}


@dataclass(frozen=True)
class Seeds:
    """A validated seed set: one DataFrame per file, plus its content digest.

    Frames with an ``id`` column are indexed by it. Empty optional cells are
    ``None``; dates are :class:`datetime.date`; source lists are tuples.
    """

    directory: Path
    digest: str
    sources: pd.DataFrame
    sites: pd.DataFrame
    statuses: pd.DataFrame
    memberships: pd.DataFrame
    sectors: pd.DataFrame
    events: pd.DataFrame
    ranges: pd.DataFrame
    story: pd.DataFrame
    quotes: pd.DataFrame

    def source_records(self, ids) -> list[dict]:
        """Title, outlet, date and URL for each cited source id, in order."""
        return [{"id": i, **{k: self.sources.at[i, k] for k in ("title", "outlet", "date", "url", "report")}}
                for i in ids if i]  # an unsourced figure cites none

    def support(self, table: str, row) -> tuple[dict, ...]:
        """The words that support the fact record ``row`` of ``table`` (a stem of :data:`FACT_KEYS`), in file
        order: each a quote with its source (``source``, ``title``, ``outlet``, ``date``, ``url``, ``quote``,
        ``translation``, ``accessed``, ``copy``) or our inference (``inferred``, the reasoning); () if none."""
        return tuple(dict(item) for item in self._support_index().get((table, record_key(table, row)), ()))

    def _support_index(self) -> dict:
        index = _SUPPORT.get(self.digest)
        if index is None:
            index = {}
            for record in self.quotes.drop(columns="_line").to_dict("records"):
                record["accessed"] = record["accessed"].isoformat() if record["accessed"] else None
                source = self.source_records([record["source"]])[0] if record["source"] else {}
                index.setdefault((record.pop("table"), record.pop("key")), []).append({**source, **record})
            _SUPPORT.clear()
            _SUPPORT[self.digest] = index
        return index


_SUPPORT: dict[str, dict] = {}  # seed digest -> (table, key) -> the quotes.csv rows of the record


def seeds_dir(directory: str | os.PathLike | None = None) -> Path:
    """The seed folder: ``directory``, else ``$SHIELDMAP_SEEDS``, else the repo's ``seeds/``."""
    chosen = directory or os.environ.get(ENV_VAR) or DEFAULT_DIR
    return Path(chosen).expanduser().resolve()


def seeds_digest(directory: str | os.PathLike | None = None) -> str:
    """SHA-256 over every seed file's name and bytes: the cache key for layers.

    The app asks for it on every run of every session: the files are read and hashed again
    only when one of them changed (path, inode, size or modification time), else it is a
    few ``stat`` calls."""
    folder = seeds_dir(directory)
    files = (*(schema.file for schema in SCHEMAS.values()), *OTHER_FILES)
    return _digest(tuple((str(folder / name), _stat_key(folder / name)) for name in files))


def _stat_key(path: Path) -> tuple:
    try:
        info = path.stat()
    except OSError:
        return ()
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


@lru_cache(maxsize=16)
def _digest(files: tuple[tuple[str, tuple], ...]) -> str:
    digest = hashlib.sha256()
    for name, _ in files:
        path = Path(name)
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()


def load_seeds(directory: str | os.PathLike | None = None) -> Seeds:
    """Read and validate every seed file; raise :class:`SeedError` on any problem.

    Parameters
    ----------
    directory : path, optional
        The seed folder; defaults to ``$SHIELDMAP_SEEDS`` or the repo's ``seeds/``.
    """
    folder = seeds_dir(directory)
    if not folder.is_dir():
        raise SeedError([TextError(N_("{folder}: seed folder not found"), folder=folder)])
    problems: list = []
    frames = {name: _read(folder, schema, problems) for name, schema in SCHEMAS.items()}
    if not problems:
        from geo.seed_checks import cross_check  # imports geo.borders: only once the files parse

        cross_check(frames, problems, SCHEMAS)
    if not problems:
        sector_parameters(folder, problems, set(frames["sources"].index), set(frames["events"].index))
    if problems:
        raise SeedError(problems)
    return Seeds(directory=folder, digest=seeds_digest(folder), **frames)


SECTOR_MODELS = _Schema("sector_models.csv", None, {
    "model": _c(_one_of(frozenset(SECTOR_PARAMETERS))),
    "parameter": _c(_one_of(frozenset(name for names in SECTOR_PARAMETERS.values() for name in names))),
    "value": _c(_number(-180, 180)), "sources": _c(_id_list, False), "note": _c(_text),
    "event": _c(_id, False), "note_ru": _TRANSLATION,  # event: the dated event the parameter's evidence dates from
})
"""The sector models' parameters (one row per model and parameter; :mod:`geo.sector_params` builds on it)."""


def sector_parameters(folder: Path, problems: list, known_sources: set, known_events=None) -> dict[str, dict[str, float]]:
    """Model -> {parameter: value} from ``sector_models.csv``; each problem (file, line) appended to ``problems``."""
    frame = _read(folder, SECTOR_MODELS, problems)
    result: dict[str, dict[str, float]] = {model: {} for model in SECTOR_PARAMETERS}
    first: dict[tuple[str, str], int] = {}
    for line, model, name, value, ids, event in zip(frame["_line"], frame["model"], frame["parameter"], frame["value"],
                                                    frame["sources"], frame["event"]):
        at = f"{SECTOR_MODELS.file}:{line}"
        problems += [TextError(N_("{file}:{line}: cites unknown source {id}"), file=SECTOR_MODELS.file, line=line, id=repr(s))
                     for s in ids or () if s not in known_sources]
        if event and known_events is not None and event not in known_events:
            problems.append(TextError(N_("{file}:{line}: names unknown event {id}"), file=SECTOR_MODELS.file, line=line,
                                      id=repr(event)))
        if model is None or name is None or value is None:
            continue
        if name not in SECTOR_PARAMETERS[model]:
            problems.append(TextError(N_("{at}: column '{column}': {problem}"), at=at, column="parameter", problem=TextError(
                N_("{value} is not one of {choices}"), value=repr(name), choices=", ".join(SECTOR_PARAMETERS[model]))))
        elif (model, name) in first:
            problems.append(TextError(N_("{at}: duplicate {column} {value} (first on line {line})"), at=at,
                                      column="parameter", value=repr(f"{model} {name}"), line=first[model, name]))
        else:
            result[model][name], first[model, name] = float(value), line
    for model, names in SECTOR_PARAMETERS.items():
        missing = [n for n in names if n not in result[model]]
        if missing and not problems:
            problems.append(TextError(N_("{file}: no value for {model} {parameter}"), file=SECTOR_MODELS.file,
                                      model=model, parameter=", ".join(missing)))
    return result

