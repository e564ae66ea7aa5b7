"""Text from data or from a visitor, shown in Streamlit's Markdown (``st.markdown``, captions, labels,
``help`` tooltips) as literal text: the one place where such text is escaped for Markdown, as
:func:`html.escape` does for HTML. Every value that did not come from our own catalogue goes
through :func:`literal` (prose), :func:`code` (a command line shown in monospace) or :func:`link`."""

import re
from urllib.parse import quote

_MARKDOWN = set("\\`*_{}[]()#+-.!<>|~:$&@")
_BACKTICKS = re.compile("`+")
JOINER = "\u2060"
"""WORD JOINER (invisible): put inside what GitHub-flavoured Markdown would turn into a link by itself."""
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)")


def literal(text) -> str:
    """Markdown that shows ``text`` as written: no link, emphasis, HTML or math. Streamlit's Markdown
    (GitHub-flavoured) also links a bare ``https://...``, ``www.`` or ``name@host`` found in the text
    after the escapes are read, so an invisible :data:`JOINER` breaks each of them up.

    >>> literal("[x](http://e.invalid) *bold*")
    '\\\\[x\\\\]\\\\(http\\\\:\u2060//e\\\\.invalid\\\\) \\\\*bold\\\\*'
    """
    return "".join("\\" + c if c in _MARKDOWN else c for c in _AUTOLINK.sub(JOINER, str(text)))


def one_line(text) -> str:
    """:func:`literal`, with every run of white space made one space."""
    return literal(" ".join(str(text).split()))


def code(text) -> str:
    """A Markdown code span showing ``text`` as written (a command line): fenced with one backtick more than
    its longest run of backticks, so none inside ends it (CommonMark), with a space inside the fences when it
    starts or ends with a backtick; a line break is a space, as a code span shows it anyway (a blank line
    would end the paragraph).

    >>> code("shieldmap figure --what-if 'a`![](https://e.invalid/p.png)`@50,10,100'")
    "``shieldmap figure --what-if 'a`![](https://e.invalid/p.png)`@50,10,100'``"
    >>> code("`x`")
    '`` `x` ``'
    """
    text = re.sub(r"[\r\n]+", " ", str(text))
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def link(text, url) -> str:
    """A Markdown link with the words ``text`` (as written) to an http(s) ``url`` (its characters outside a
    URL's set percent-encoded, so a bracket, space or quote in it cannot end the target); other URLs give the
    words alone."""
    url = str(url or "")
    if not url.startswith(("http://", "https://")):
        return literal(text)
    return f"[{literal(text)}]({quote(url, safe=':/?#@!$&*+,;=%~-._')})"
