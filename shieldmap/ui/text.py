"""Text from data or from a visitor, shown in Streamlit's Markdown as literal text."""

_MARKDOWN = set("\\`*_{}[]()#+-.!<>|~:$&@")


def literal(text) -> str:
    """Markdown that shows ``text`` as written: no link, emphasis, HTML or math.

    >>> literal("[x](http://e.invalid) *bold*")
    '\\\\[x\\\\]\\\\(http\\\\://e\\\\.invalid\\\\) \\\\*bold\\\\*'
    """
    return "".join("\\" + c if c in _MARKDOWN else c for c in str(text))


def one_line(text) -> str:
    """:func:`literal`, with every run of white space made one space."""
    return literal(" ".join(str(text).split()))
