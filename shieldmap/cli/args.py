"""What every ``shieldmap`` subcommand shares about its arguments: values checked where they are parsed
(argparse ``type=``), the options of a view declared once (parent parsers), the one-line usage error
(exit 2), and the check of an output path, made before any work is done.

The command's messages (help, errors, summaries) are in the language of ``--lang`` if given, else of the
environment as gettext reads it (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``): :func:`messages_in`.
What a command draws or writes (the figure, the HTML export, the animation) follows ``--lang`` only (English
without it), so that the same command line makes the same file whatever the environment."""

from __future__ import annotations

import re

import argparse
import contextlib
import contextvars
import sys
from pathlib import Path
from typing import TypeVar

from layers.registry import parse_date
from shieldmap import i18n
from shieldmap import view_fields as fields
from shieldmap.i18n import N_

_messages: contextvars.ContextVar[str] = contextvars.ContextVar("shieldmap_cli_messages", default=i18n.DEFAULT)

#: argparse's own texts that a reader sees, as its msgids (argparse writes them through gettext's ``_``, which
#: :func:`messages_in` points at our catalogue): marked here so that ``pybabel extract`` puts them in it.
ARGPARSE_TEXTS = (N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
                  N_("argument %(argument_name)s: %(message)s"), N_("unrecognized arguments: %s"),
                  N_("the following arguments are required: %s"),
                  N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("invalid %(type)s value: %(value)r"),
                  N_("expected one argument"), N_("ambiguous option: %(option)s could match %(matches)s"),
                  N_("not allowed with argument %s"), N_("unknown parser %(parser_name)r (choices: %(choices)s)"))


def _(message: str) -> str:
    """A message of the command (help, error, summary) in the messages' language (:func:`messages_in`)."""
    return i18n.translations(_messages.get()).gettext(message) if message else message


def _ngettext(singular: str, plural: str, n: int) -> str:
    return i18n.translations(_messages.get()).ngettext(singular, plural, n)


def explain(error: Exception | str) -> str:
    """An error's message in the messages' language (:func:`shieldmap.i18n.explain`)."""
    with i18n.language(_messages.get()):
        return i18n.explain(error)


def requested_language(argv: list[str]) -> str | None:
    """The language ``--lang LANG`` / ``--lang=LANG`` asks for anywhere in ``argv`` (None: not given or not
    one we have: the parser then reports the bad value)."""
    for i, item in enumerate(argv):
        value = argv[i + 1] if item == "--lang" and i + 1 < len(argv) else (
            item.split("=", 1)[1] if item.startswith("--lang=") else None)
        if value is not None:
            try:
                return i18n.parse(value)
            except ValueError:
                return None
    return None


@contextlib.contextmanager
def messages_in(lang: str):
    """The command's messages in ``lang`` inside the block: ours (:func:`_`) and argparse's own (usage, option
    groups, its errors: its module's gettext functions pointed at our catalogue, and restored after)."""
    token = _messages.set(i18n.parse(lang))
    hooks = vars(argparse)  # its private gettext functions (not in its type stubs)
    saved = hooks["_"], hooks["ngettext"]
    hooks["_"], hooks["ngettext"] = _, _ngettext
    try:
        yield
    finally:
        hooks["_"], hooks["ngettext"] = saved
        _messages.reset(token)


class UsageError(Exception):
    """A bad argument found after parsing (e.g. against the seeds): reported in one line with exit status 2.
    Made from an error, it says that error's message in the messages' language (:func:`explain`)."""

    def __init__(self, message):
        super().__init__(explain(message) if isinstance(message, Exception) else message)


@contextlib.contextmanager
def usage_errors():
    """Inside the block, a :class:`ValueError` (a bad value found against the seeds or a model's bounds) is a
    :class:`UsageError`: one line, exit status 2."""
    try:
        yield
    except ValueError as exc:
        raise UsageError(exc) from None


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (``shieldmap: error: ...``, exit 2), never the usage
    and a traceback; the subcommands' parsers are of this class too."""

    def error(self, message: str):
        print(_("shieldmap: error: {message}").format(message=message), file=sys.stderr)
        raise SystemExit(2)


def _checked(parse):
    """An argparse ``type=`` from a parser that raises ``ValueError`` with a readable message."""
    def convert(text: str):
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(explain(exc)) from None
    convert.__name__ = getattr(parse, "__name__", "value")
    return convert


date = _checked(parse_date)
language = _checked(i18n.parse)


def lang_option(parser: argparse.ArgumentParser, drawn: bool = True) -> argparse.ArgumentParser:
    """``--lang``: the language of the messages and, for a command that draws or writes text (``drawn``: the
    figure, the HTML export, the animation), of that text. Left out of the namespace when not given (a
    subcommand's would hide the one given before it: ``shieldmap --lang ru figure``)."""
    parser.add_argument("--lang", type=language, default=argparse.SUPPRESS, metavar="|".join(i18n.LANGUAGES),
                        help=_("language of the titles, legend, labels and captions, and of the messages "
                               "(default: {default})").format(default=i18n.DEFAULT) if drawn else
                        _("language of the messages (default: the environment's, LANGUAGE, LC_ALL, LC_MESSAGES or "
                          "LANG, if Russian; else English)"))
    return parser


P = TypeVar("P", bound=argparse.ArgumentParser)


class _AtMost(argparse.Action):
    """A repeated option, at most its field's ``most`` times (a one-line error past that)."""

    def __call__(self, parser, namespace, value, option_string=None):
        values = [*(getattr(namespace, self.dest, None) or ()), value]
        most = fields.declared(self.dest).most
        if most is not None and len(values) > most:
            parser.error(_("argument {flag}: at most {count} values").format(flag=option_string, count=most))
        setattr(namespace, self.dest, values)


def _joined(item: fields.Field):
    """A field whose items are one value (``--layers a,b``): each item parsed."""
    assert item.parse is not None
    parse = item.parse
    return lambda text: tuple(dict.fromkeys(parse(part) for part in str(text).split(item.many) if part.strip()))


def add_fields(parser: P, *names: str, **words: str) -> P:
    """The options of these view fields, each as its declaration says (:data:`shieldmap.view_fields.FIELDS`):
    its flag, its parser as the argparse type (bounds and all, the URL's own), its default, metavar and help
    (``words`` fill the help's other names, e.g. ``layers``)."""
    for name in names:
        item = fields.declared(name)
        assert item.flag is not None and item.parse is not None
        helped = _(item.doc).format(**{**item.words(), **words})
        if item.switch:
            parser.add_argument(item.flag, dest=item.name, action="store_true", help=helped)
        elif item.many and item.repeat:
            parser.add_argument(item.flag, dest=item.name, type=_checked(item.parse), action=_AtMost, default=[],
                                metavar=item.metavar, help=helped)
        else:
            parse = _joined(item) if item.many else item.parse
            parser.add_argument(item.flag, dest=item.name, type=_checked(parse), metavar=item.metavar,
                                default=None if item.many or isinstance(item.default, str) else item.default,  # (argparse would
                                help=helped)                                            # parse a text default)
    return parser


VIEW = ("as_of",)
OPTIONS = ("sectors", "planned", "figures")
ENGAGEMENT = fields.ENGAGEMENT
"""The engagement's options, ``shieldmap engage``'s and every command's with ``--path``."""


def view_parent(*, layers: str | None, what_ifs: bool = True) -> Parser:
    """The options of a view (:class:`shieldmap.view.View`): ``--as-of``, the layer options, and ``--layers``
    (``layers`` is its help's default, a text marked ``N_``) and ``--what-if``."""
    parent = Parser(add_help=False)
    add_fields(parent, *VIEW)
    options_parent(parent)
    if layers is not None:
        add_fields(parent, "layers", layers=_(layers))
    return add_fields(parent, "what_if") if what_ifs else parent


def options_parent(parent: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    """The layer options (:class:`shieldmap.view.LayerOptions`): ``--sectors``, ``--planned``, ``--figure``."""
    return add_fields(parent or argparse.ArgumentParser(add_help=False), *OPTIONS)


def engagement_parent() -> Parser:
    """The engagement of a view: ``--path FROM>TO`` (repeatable), ``--footprint`` and the engagement's options
    (:data:`ENGAGEMENT`), as the URL's keys."""
    return add_fields(Parser(add_help=False), "path", "footprint", *ENGAGEMENT)


def output_path(text: str) -> Path:
    """``--out`` as a path whose folder exists; :class:`UsageError` naming it otherwise."""
    out = Path(text)
    if not out.parent.is_dir():
        raise UsageError(_("cannot write {path}: folder {folder} does not exist").format(path=out, folder=out.parent))
    return out


_NEGATIVE_VALUE = re.compile(r"-\d[\d.]*\s*,.*")
VALUE_OPTIONS = ("--from", "--to", "--site", "--path", "--bbox")
"""Options whose value may start with a minus sign (a southern latitude): ``--to -10,-160``."""


def joined_values(argv: list[str]) -> list[str]:
    """``--to -10,-160`` as ``--to=-10,-160`` (argparse would take ``-10,-160`` for an option)."""
    out: list[str] = []
    for item in argv:
        if out and out[-1] in VALUE_OPTIONS and _NEGATIVE_VALUE.fullmatch(item):
            out[-1] = f"{out[-1]}={item}"
        else:
            out.append(item)
    return out
