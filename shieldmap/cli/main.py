"""The ``shieldmap`` command: ``validate``, ``layers``, ``export``, ``analyze``, ``figure``, ``sources``, ``diff``,
``engage``, ``animate`` and ``cite``.

Exit codes: 0 success; 1 the seed set does not validate; 2 a bad argument
(unknown layer id, bad date, unknown format, unwritable path). Errors are one
line (a seed set may list several problems, one per line), never a traceback.

Messages (help, errors, summaries) are in English or Russian: ``--lang`` (before or after the command), else the
environment's language as gettext reads it (:mod:`shieldmap.cli.args`). Machine-readable output (the files, the
citations) does not change with it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from geo import analysis, export, what_if
from geo.seeds import SeedError, load_seeds, seeds_dir
from layers import what_if as what_if_layer
from layers.registry import DEFAULT_LAYERS, LAYER_IDS, LAYERS, analysis_layers, build_layers
from shieldmap import engagement, exports, i18n
from shieldmap import view as views
from shieldmap.cli import animate as animate_command
from shieldmap.cli import args as cli_args
from shieldmap.cli import cite as cite_command
from shieldmap.cli import diff as diff_command
from shieldmap.cli import engage as engage_command
from shieldmap.cli import footprint as footprint_command
from shieldmap.cli import user_files
from shieldmap.cli.args import Parser, UsageError, usage_errors, _, output_path
from shieldmap.i18n import N_
from shieldmap.view import View


#: ``--help``'s description: plain text (the module's docstring is reST, with ``double backquotes``).
DESCRIPTION = N_("shieldmap: the sourced, time-aware map of the 2010-2013 Russia-NATO missile-defence dispute "
                 "from the command line. Exit codes: 0 success, 1 the seeds do not validate, 2 a bad argument.")


def _parser() -> argparse.ArgumentParser:
    """The command's parser, its help in the messages' language (built inside :func:`cli_args.messages_in`)."""
    parser = Parser(prog="shieldmap", description=_(DESCRIPTION))
    parser.add_argument("--seeds", metavar="DIR", help=_("seed folder (default: $SHIELDMAP_SEEDS or the repo's seeds/)"))
    cli_args.lang_option(parser, drawn=False)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    commands.add_parser("validate", help=_("validate every seed file"))
    cite = commands.add_parser("sources", help=_("each source with how many records cite it (exit 1 if one is "
                                                 "uncited or unknown)"))
    cite.add_argument("--out", metavar="FILE.csv", help=_("write the table as CSV instead of listing it"))
    commands.add_parser("layers", help=_("list layer ids, titles and feature counts"),
                        parents=[cli_args.view_parent(layers=None, what_ifs=False)])
    out = commands.add_parser("export", help=_("export layers to a file"),
                              parents=[cli_args.view_parent(layers=N_("all")), cli_args.engagement_parent()])
    out.add_argument("--out", required=True, metavar="PATH")
    out.add_argument("--format", choices=sorted(export.FORMAT_NAMES), help=_("default: from the extension"))
    analyze = commands.add_parser(
        "analyze", help=_("write the analysis tables (coverage, distances, sectors, sector_models, proposals)"),
        parents=[cli_args.view_parent(layers=None)])
    analyze.add_argument("--out", required=True, metavar="FILE.csv|FILE.json")
    fig = commands.add_parser("figure", help=_("draw a publication figure (PNG, SVG or PDF)"),
                              parents=[cli_args.view_parent(layers=N_("the app's default layers")),
                                       cli_args.engagement_parent()])
    fig.add_argument("--out", required=True, metavar="FILE.png|FILE.svg|FILE.pdf")
    fig.add_argument("--bbox", metavar="W,S,E,N", help=_("extent in degrees (default: -25,30,60,72, Europe)"))
    fig.add_argument("--width-px", metavar="N", help=_("width in pixels (default 2400)"))
    fig.add_argument("--dpi", metavar="N", help=_("dots per inch (instead of --width-px; the figure is 12 in wide)"))
    fig.add_argument("--title", metavar="TEXT", help=_("default: what the map covers at the date (Missile defence "
                                                       "in Europe, 2010–2013 during the dispute, else the year)"))
    diff_command.add_parser(commands)
    engage_command.add_parser(commands)
    footprint_command.add_parser(commands)
    animate_command.add_parser(commands)
    cite_command.add_parser(commands)
    for sub in commands.choices.values():
        cli_args.lang_option(sub, drawn=sub in (out, fig, commands.choices["animate"], commands.choices["footprint"]))
    for sub in (out, analyze, fig):
        user_files.add_option(sub)
    for sub in commands.choices.values():
        sub.add_argument("--seeds", metavar="DIR", default=argparse.SUPPRESS, help=_("seed folder"))
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = cli_args.requested_language(argv) or i18n.from_environment(os.environ)
    with cli_args.messages_in(lang):
        return _main(argv)


def _main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(cli_args.joined_values(argv))
    except SystemExit as exc:  # a bad argument (one line on stderr, see Parser.error), or --help
        return exc.code if isinstance(exc.code, int) else 2
    try:
        with i18n.language(getattr(args, "lang", None) or i18n.DEFAULT):  # what is drawn: --lang's language only
            return _run(args)
    except BrokenPipeError:  # the reader went away (e.g. `| head`): not an error of ours
        sys.stdout = open(os.devnull, "w")
        return 0
    except SeedError as exc:
        print(_("shieldmap: seeds in {folder} do not validate:").format(folder=seeds_dir(args.seeds)) + "\n"
              + exc.lines(cli_args.explain), file=sys.stderr)
        return 1
    except UsageError as exc:
        print("\n".join(_("shieldmap: error: {message}").format(message=line) for line in str(exc).splitlines()),
              file=sys.stderr)
        return 2


def _run(args) -> int:
    commands = {"sources": _sources, "validate": _validate, "layers": _layers, "export": _export, "analyze": _analyze,
                "figure": _figure, "diff": diff_command.run, "engage": engage_command.run, "footprint": footprint_command.run,
                "animate": animate_command.run, "cite": cite_command.run}
    return commands[args.command](args)


def _validate(args) -> int:
    """``shieldmap validate``: every seed file read and checked; the counts of what they hold."""
    seeds = load_seeds(args.seeds)
    counts = ", ".join(f"{len(getattr(seeds, name))} {name}" for name in
                       ("sources", "sites", "statuses", "memberships", "sectors", "events", "ranges", "quotes"))
    from geo.engagement_seeds import SCHEMAS as ENGAGEMENT_FILES, load_engagement

    from geo.analysis_seeds import SCHEMAS as ANALYSIS_FILES, load_analysis_seeds

    engagement_seeds, analysed = load_engagement(seeds=seeds), load_analysis_seeds(seeds)
    counts += "".join(f", {len(getattr(engagement_seeds, name))} {name}" for name in ENGAGEMENT_FILES)
    counts += "".join(f", {len(getattr(analysed, name))} {name}" for name in ANALYSIS_FILES)
    from geo.sector_params import parameters

    counts += f", {sum(map(len, parameters(seeds.directory).values()))} sector_models"
    from geo.coverage_seeds import coverage, descriptions, period, periods

    period("dispute", seeds.directory)  # the one the map needs
    counts += (f", {len(coverage(seeds.directory))} coverage, {len(descriptions(seeds.directory))} layers, "
               f"{len(periods(seeds.directory))} periods")
    print(_("{folder}: valid ({counts})").format(folder=seeds.directory, counts=counts))
    return 0


def _layers(args) -> int:
    """``shieldmap layers``: each layer id, its feature count at the date and its title."""
    view = views.from_args(args)
    seeds = load_seeds(args.seeds)
    built = build_layers(seeds, LAYER_IDS, view.as_of, **view.options.build_args())
    width = max(map(len, LAYER_IDS))
    print(_("layers as of {date}:").format(date=view.as_of.isoformat()))
    for layer_id in LAYER_IDS:
        print(f"{layer_id:<{width}}  {len(built[layer_id]):>3}  {_(LAYERS[layer_id].title)}")
    return 0


def _export(args) -> int:
    """``shieldmap export``: the view's layers (with its paths and ``--add`` files) to one file."""
    view = views.from_args(args)
    with usage_errors():
        fmt = export.format_for(args.out, args.format)
    view = view.replace(layers=view.layers or LAYER_IDS)
    out = output_path(args.out)
    seeds = load_seeds(args.seeds)
    built = build_view(seeds, view)
    engaged = [collection for collection, _ in engage_command.view_collections(seeds, view)]
    if engaged and fmt != export.HTML:  # (the HTML map draws them as the app does)
        built[engagement.LAYER_ID] = engagement.layer_frame(engaged)
    drawn = footprint_command.view_features(seeds, view)
    if drawn and fmt != export.HTML:
        built["footprint"] = footprint_command.footprint.layer_frame(drawn[0])
    with usage_errors():
        built.update(user_files.layers(args.add))
    try:
        exports.export_file(built, out, fmt, seeds=seeds, as_of=view.as_of, options=view.options, engagement=engaged,
                            footprint=drawn)
    except OSError as exc:
        raise UsageError(_("cannot write {path}: {problem}").format(path=out, problem=exc.strerror or exc)) from None
    except Exception as exc:  # GDAL reports unwritable targets as DataSourceError
        if type(exc).__module__.startswith("pyogrio"):
            raise UsageError(_("cannot write {path}: {problem}").format(path=out, problem=exc)) from None
        raise
    total = sum(len(frame) for frame in built.values())
    print(_("wrote {count} features from {layers} layer(s) as of {date} to {path} ({format})").format(
        count=total, layers=len(built), date=view.as_of.isoformat(), path=out, format=fmt))
    return 0


def _seed_checked(seeds, view: View) -> tuple[dict, object]:
    """The view's range figures checked against the seeds and its what-if sites built (at most
    :data:`geo.what_if.MAX_SITES`); a bad one is a usage error."""
    with usage_errors():
        if len(view.what_if) > what_if.MAX_SITES:
            raise UsageError(_("{count} --what-if sites: at most {most}").format(count=len(view.what_if),
                                                                              most=what_if.MAX_SITES))
        figures = analysis.check_figures(seeds, dict(view.options.figures))
        return figures, (what_if_layer.build(seeds, view.what_if, view.as_of) if view.what_if else None)


def build_view(seeds, view: View) -> dict:
    """The view's layers (and its what-if sites as layer ``what_if``), checked against the seeds."""
    figures, hypothetical = _seed_checked(seeds, view)
    options = {**view.options.build_args(), "figures": figures}
    built = build_layers(seeds, list(view.layers), view.as_of, **options)
    if hypothetical is not None:
        built["what_if"] = hypothetical
    return built


def _sources(args) -> int:
    """``shieldmap sources``: the citation audit of :mod:`geo.source_use`."""
    from geo.source_use import source_table

    out = Path(args.out) if args.out else None
    if out is not None and (out.suffix.lower() != ".csv" or not out.parent.is_dir()):
        raise UsageError(_("cannot write {path}: give a .csv file in an existing folder").format(path=out))
    seeds = load_seeds(args.seeds)
    table = source_table(seeds)
    width = max(map(len, table["id"]))
    for row in table.itertuples() if out is None else ():  # with --out: the file, not the list
        title = row.title if isinstance(row.title, str) else _("(unknown source)")
        flags = "".join(f" [{text}]" for text in (
            _("single source of figure {figure}").format(figure=row.single_source_figures)
            if isinstance(row.single_source_figures, str) else "",
            row.checked if isinstance(row.checked, str) and row.checked.startswith("not") else "") if text)
        print(f"{row.id:<{width}}  {row.records:>3}  {title}{flags}")
    unsourced = [i for i, ids in zip(seeds.ranges.index, seeds.ranges["sources"]) if not ids]
    if unsourced and out is None:
        print(_("unsourced range figures (no public source): {ids}").format(ids=", ".join(unsourced)))
    if out is not None:
        table.to_csv(out, index=False, lineterminator="\n")
        print(_("wrote {count} sources to {path}").format(count=len(table), path=out))
    faults = table[(table["records"] == 0) | table["title"].isna()]
    for row in faults.itertuples():
        problem = (_("shieldmap: source {id} is cited by no record") if row.records == 0 else
                   _("shieldmap: source {id} is cited by {records} but not in sources.csv"))
        print(problem.format(id=row.id, records=row.cited_by), file=sys.stderr)
    return 1 if len(faults) else 0


def _figure(args) -> int:
    """``shieldmap figure``: the layers at the date as a PNG, SVG or PDF (:mod:`shieldmap.figure`)."""
    from shieldmap import figure as figure_module  # imports matplotlib: only when asked for

    if getattr(args, "footprint", None):  # drawn by its own command, not over the layers
        print(_("note: the figure leaves out the footprint: shieldmap footprint --from {point} --out FILE.png draws "
                "it").format(point=args.footprint), file=sys.stderr)

    view = views.from_args(args)
    view = view.replace(layers=view.layers or DEFAULT_LAYERS)  # the what-ifs and --add files are drawn too
    with usage_errors():
        fmt = figure_module.format_for(args.out)
        bbox = figure_module.parse_bbox(args.bbox) if args.bbox is not None else None
        figure_module.resolution(args.width_px, args.dpi)
    out = output_path(args.out)
    seeds = load_seeds(args.seeds)
    built = build_view(seeds, view)
    overlays, bbox = engage_command.figure_overlays(seeds, view, bbox)
    with usage_errors():
        built.update(user_files.layers(args.add))
    try:
        data = figure_module.figure_bytes(built, seeds, view.as_of, fmt, bbox=bbox, title=args.title,
                                          width_px=args.width_px, dpi=args.dpi, overlays=overlays)
        out.write_bytes(data)
    except ValueError as exc:
        raise UsageError(exc) from None
    except OSError as exc:
        raise UsageError(_("cannot write {path}: {problem}").format(path=out, problem=exc.strerror or exc)) from None
    print(_("wrote a {format} figure of {layers} layer(s) as of {date} to {path}").format(
        format=fmt.upper(), layers=len(built), date=view.as_of.isoformat(), path=out))
    return 0


def _analyze(args) -> int:
    """``shieldmap analyze``: the tables of :mod:`geo.analysis` to one CSV or JSON file."""
    view = views.from_args(args)
    with usage_errors():
        analysis.output_format(args.out)
    out = output_path(args.out)
    seeds = load_seeds(args.seeds)
    figures, hypothetical = _seed_checked(seeds, view)
    built = analysis_layers(seeds, view.as_of, **{**view.options.build_args(), "figures": figures}, what_if=hypothetical)
    tables = analysis.analysis_tables(seeds, built)
    with usage_errors():
        tables.update(user_files.analysis_table(args.add))
    try:
        analysis.write_analysis(tables, out)
    except OSError as exc:
        raise UsageError(_("cannot write {path}: {problem}").format(path=out, problem=exc.strerror or exc)) from None
    counts = ", ".join(f"{len(frame)} {name}" for name, frame in tables.items())
    print(_("wrote analysis as of {date} to {path} ({counts} rows)").format(date=view.as_of.isoformat(), path=out,
                                                                            counts=counts))
    return 0

