"""A no-op marker for texts shown to people that are defined below the front ends (layer titles, model
titles, key rows): ``N_("...")`` leaves the text as it is and lets ``pybabel extract`` find it; the front
ends translate it where they show it (``shieldmap.i18n._``). geo/ and layers/ import nothing above them."""


def N_(message: str) -> str:
    return message


def same(message: str) -> str:
    """The translation function of English (the source language): a text's ``words=`` default."""
    return message


class TextError(ValueError):
    """A ``ValueError`` whose message is a marked text and its values: ``str()`` is the English sentence; a front
    end shows it in the reader's language (``shieldmap.i18n.explain``: the template translated, then filled in).

    ``raise TextError(N_("bad date {value}: expected YYYY-MM-DD"), value=repr(text))``; the values named in
    ``words`` are marked texts themselves (translated too), the others are shown as they are (names, paths)."""

    def __init__(self, template: str, words: tuple[str, ...] = (), **values):
        self.template, self.words, self.values = template, words, values
        super().__init__(template.format(**values))
