"""``shieldmap cite [view options] [--story N] [--compare DATE] [--format apa|bibtex|ris|csl-json]
[--url BASE] [--accessed DATE]``: how to cite a view (:mod:`shieldmap.citation`), printed.

The citation names the project version, the date shown, the options (this command line), the
SHA-256 of the seed data (the data's version) and the view's URL under ``--url`` (default
``$SHIELDMAP_BASE_URL`` or http://localhost:8501/). With ``--story N`` the view is the story's step
N: its date and layers, as the app shows it.
"""

from __future__ import annotations

import datetime as dt

from geo import analysis
from geo.seeds import load_seeds
from layers.registry import DEFAULT_LAYERS
from shieldmap import citation
from shieldmap import view as views
from shieldmap.cli import args as cli_args
from shieldmap.cli.args import UsageError, usage_errors, _
from shieldmap.i18n import N_
from shieldmap.story import story_steps


def add_parser(commands) -> None:
    """The ``cite`` subcommand on the CLI's subparsers."""
    sub = commands.add_parser("cite", help=_("how to cite a view: APA, BibTeX, RIS or CSL-JSON with the data's hash"),
                              parents=[cli_args.view_parent(layers=N_("the app's default layers")),
                                       cli_args.engagement_parent()])
    cli_args.add_fields(sub, "story", "compare")
    sub.add_argument("--format", choices=citation.FORMATS, default="apa", help=_("default: {format}").format(format="apa"))
    sub.add_argument("--url", metavar="BASE", help=_("the app's address (default: ${variable} or {url})").format(
        variable=citation.BASE_URL_ENV, url=citation.DEFAULT_BASE_URL))
    sub.add_argument("--accessed", type=cli_args.date, metavar="YYYY-MM-DD", help=_("date of access (default: today)"))


def view_of(args, seeds) -> tuple[views.View, str | None]:
    """The view the arguments name, checked against the seeds, and its story step's title (or None)."""
    view = views.from_args(args)
    view = view.replace(layers=view.layers or DEFAULT_LAYERS)
    with usage_errors():
        analysis.check_figures(seeds, dict(view.options.figures))
    if view.story is None:
        return view, None
    steps = story_steps(seeds)
    if not 1 <= view.story <= len(steps):
        raise UsageError(_("bad --story {step}: the story has steps 1 to {last}").format(step=view.story, last=len(steps)))
    step = steps[view.story - 1]
    return view.replace(as_of=step.date, layers=step.layers, story=step.number), step.title


def run(args) -> int:
    """Print the citation; bad arguments raise :class:`UsageError` (one line, exit 2)."""
    seeds = load_seeds(args.seeds)
    view, step_title = view_of(args, seeds)
    with usage_errors():
        cited = citation.cite(view, seeds.digest, base=args.url,  # seeds_digest() of the folder
                              accessed=args.accessed or dt.date.today(), step_title=step_title)
    print(citation.text(cited, args.format), end="")
    return 0
