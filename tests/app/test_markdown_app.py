"""Issue 36, point 6, through the app: a what-if name with backticks, an image and a link (the red team's URL)
reaches every Markdown field of the page (captions, Markdown, labels, tooltips of the downloads, the panel
and the Analysis tab); rendered by a CommonMark renderer, none of them holds an image or a link."""

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt

from apptest import run

# /?what_if=a%60%21%5B%5D%28https%3A%2F%2Fevil.example%2Fp.png%29%5BVerify%5D%28%2F%2Fevil.example%29%60%4050%2C10%2C100
NAME = "a`![](https://evil.example/p.png)[Verify](//evil.example)`"
RENDER = MarkdownIt("commonmark").render
MARKDOWN_FIELDS = {"body", "label", "help", "caption"}


def markdown_texts(node) -> list[tuple[str, str]]:
    """(field, text) of every Markdown-rendered string field in the element tree under ``node``."""
    found = []
    proto = getattr(node, "proto", None)
    if proto is not None:
        stack = [proto]
        while stack:
            message = stack.pop()
            for field, value in message.ListFields():
                if field.type == field.TYPE_MESSAGE:
                    stack.extend(value if isinstance(value, Sequence) else [value])
                elif field.name in MARKDOWN_FIELDS and isinstance(value, str):
                    found.append((field.name, value))
    for child in getattr(node, "children", {}).values():
        found.extend(markdown_texts(child))
    return found


def test_a_hostile_what_if_name_is_text_in_every_markdown_field():
    at = run({"what_if": f"{NAME}@50,10,100", "compare": "2010-01-01"})
    at.session_state["what_if_open"] = True  # the panel: the site's line and its Remove button's tooltip
    at.session_state["below"] = "Analysis"  # the Analysis tab: the capitals under each ring, the download's tooltip
    at.run()
    assert not at.exception, at.exception
    texts = markdown_texts(at._tree)
    holding = [(field, text) for field, text in texts if "Verify" in text]
    fields = {field for field, _ in holding}
    assert {"body", "help"} <= fields, texts  # the name reached captions/Markdown and tooltips
    commands = [text for _, text in holding if "shieldmap " in text]
    assert len(commands) >= 3, holding  # the export caption, the figure and the analysis command lines
    for field, text in texts:
        html = RENDER(text)
        # (the page's own HTML, the key's symbols, has images: data: URIs only)
        assert not re.search(r'<img [^>]*src="(?!data:)', html) and "evil.example\"" not in html, (field, text, html)
