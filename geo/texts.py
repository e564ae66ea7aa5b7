"""A no-op marker for texts shown to people that are defined below the front ends (layer titles, model
titles, key rows): ``N_("...")`` leaves the text as it is and lets ``pybabel extract`` find it; the front
ends translate it where they show it (``shieldmap.i18n._``). geo/ and layers/ import nothing above them."""

from __future__ import annotations


def N_(message: str) -> str:
    return message


def same(message: str) -> str:
    """The translation function of English (the source language): a text's ``words=`` default."""
    return message


def iso(day) -> str:
    """A date in a text as the data writes it (``2012-05-03``): a text's ``day=`` default (a front end passes its
    reader's notation)."""
    return day.isoformat()


class TextError(ValueError):
    """A ``ValueError`` whose message is a marked text and its values: ``str()`` is the English sentence; a front
    end shows it in the reader's language (``shieldmap.i18n.explain``: the template translated, then filled in).

    ``raise TextError(N_("bad date {value}: expected YYYY-MM-DD"), value=repr(text))``; the values named in
    ``words`` are marked texts themselves (translated too), the others are shown as they are (names, paths)."""

    def __init__(self, template: str, words: tuple[str, ...] = (), **values):
        self.template, self.words, self.values = template, words, values
        super().__init__(template.format(**values))


def _english(template: str, plural: str | None, n, values: dict) -> str:
    return (template if plural is None or n == 1 else plural).format(**values)


class Text(str):
    """A marked text and its values that is the English sentence (a ``str``, so it joins, compares and prints as
    English); a front end shows it in the reader's language (``shieldmap.i18n.explain``: the template translated,
    its ``words`` translated, a ``Text`` among its values explained in turn, numbers in the language's notation).

    ``Text(N_("{n:,} rows (limit {limit:,})"), n=rows, limit=limit)``; a plural is :func:`Nn_`. It pickles with
    its template and values (an upload's messages cross from the worker process). Concatenating it with ``+``
    gives a plain ``str`` (English): put the parts in one template, or a ``Text`` among another's values."""

    template: str
    plural: str | None
    words: tuple[str, ...]
    values: dict

    def __new__(cls, template: str, words: tuple[str, ...] = (), *, plural: str | None = None, **values):
        self = super().__new__(cls, _english(template, plural, values.get("n"), values))
        self.template, self.plural, self.words, self.values = template, plural, tuple(words), values
        return self

    @classmethod
    def plain(cls, text: str) -> Text:
        """``text`` as it is in every language (a message from a library, a value)."""
        return text if isinstance(text, Text) else cls("{text}", text=str(text))

    @classmethod
    def joined(cls, parts, separator: str = ", ") -> Text:
        """The parts (texts or values) one after another with ``separator`` (a text too) between them, each explained
        in its turn."""
        parts = list(parts)
        return cls("{separator}".join(f"{{part{i}}}" for i in range(len(parts))), separator=separator,
                   **{f"part{i}": part for i, part in enumerate(parts)})

    def __reduce__(self):
        return _rebuild, (type(self), self.template, self.words, self.plural, self.values)


def _rebuild(cls, template, words, plural, values):
    return cls(template, words, plural=plural, **values)


def Nn_(singular: str, plural: str, n: int, words: tuple[str, ...] = (), **values) -> Text:
    """A plural :class:`Text` (``{n}`` is the count): ``Nn_("{n} row", "{n} rows", count)``; marked for
    ``pybabel extract`` (keyword ``Nn_:1,2``); the translation picks the language's form (Russian has three)."""
    return Text(singular, words, plural=plural, n=n, **values)
