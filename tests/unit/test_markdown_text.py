"""Issue 36, point 6: text from a visitor or from data, shown in Streamlit's Markdown, stays text. Each
escaping function of shieldmap/ui/text.py is rendered by a CommonMark renderer (markdown-it-py, raw HTML
on: stricter than Streamlit) with backticks, brackets, images, links, HTML and math in the text."""

import re

import pytest
from markdown_it import MarkdownIt

from shieldmap.ui.text import code, link, literal, one_line

RENDER = MarkdownIt("commonmark").render
HOSTILE = [
    "https://evil.example/p.png www.evil.example me@evil.example",
    "a`![](https://evil.example/p.png)[Verify](//evil.example)`",  # the red team's what-if name
    "``![x](https://evil.example/p.png)`` [Verify](https://evil.example)",
    "`",
    "x ` y `` z ``` ![i](https://evil.example/i.png)",
    "<img src=https://evil.example/p.png> <a href='https://evil.example'>Verify</a>",
    "![alt][ref]\n\n[ref]: https://evil.example/p.png",
    "<https://evil.example> https://evil.example $x^2$ *bold* _it_ # head",
    "line one\n\n![](https://evil.example/q.png)",
]


# GitHub-flavoured Markdown (Streamlit's) also links bare URLs and e-mail addresses found in the text once the
# escapes are read (mdast-util-gfm-autolink-literal's patterns; the browser test sees Streamlit's own renderer)
GFM_AUTOLINK = re.compile(r"(?i)(https?://|www\.)[-.\w]+|[-.\w+]+@[-\w]+(\.[-\w]+)+")


def no_markup(html: str) -> None:
    assert "<img" not in html and "<a " not in html and "evil.example/p.png\"" not in html, html
    text = re.sub(r"<[^>]+>", "", re.sub(r"<code>.*?</code>", "", html, flags=re.S)).replace("&amp;", "&")  # code: never linked
    assert not GFM_AUTOLINK.search(text), text


@pytest.mark.parametrize("text", HOSTILE)
def test_literal_shows_the_text_as_written(text):
    html = RENDER(literal(text))
    no_markup(html)
    assert not re.search(r"<(em|strong|h1|code)>", html)


@pytest.mark.parametrize("text", HOSTILE)
def test_one_line_is_one_paragraph(text):
    html = RENDER(one_line(text))
    no_markup(html)
    assert html.count("<p>") == 1


@pytest.mark.parametrize("text", HOSTILE)
def test_code_is_one_code_span_holding_the_text(text):
    html = RENDER("The same bytes as " + code(text) + ". Made with Natural Earth.")
    no_markup(html)
    spans = re.findall(r"<code>(.*?)</code>", html, re.S)
    assert len(spans) == 1 and html.count("<p>") == 1
    shown = spans[0].replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    assert shown == re.sub(r"[\r\n]+", " ", text)


def test_code_of_a_command_with_the_red_team_name():
    command = "shieldmap export --what-if 'a`![](https://evil.example/p.png)[Verify](//evil.example)`@50,10,100' --out FILE"
    assert code(command) == f"``{command}``"
    assert code("`x`") == "`` `x` ``"


@pytest.mark.parametrize("url", ["https://e.invalid/a) ![](https://evil.example/p.png)",
                                 "https://e.invalid/a\"><img src=x>", "https://e.invalid/a b](https://evil.example)"])
def test_link_keeps_its_target_whole(url):
    html = RENDER(link("[Reuters](https://evil.example) ![x](https://evil.example/p.png)", url))
    assert html.count("<a ") == 1 and "<img" not in html
    assert re.search(r'<a href="https://e\.invalid/a[^" ]*">', html)


def test_link_to_anything_but_http_is_the_words_alone():
    assert RENDER(link("Reuters", "javascript:alert(1)")) == "<p>Reuters</p>\n"
    assert RENDER(link("Reuters", None)) == "<p>Reuters</p>\n"
    assert RENDER(link("Reuters", "https://www.reuters.com/a_(b)")).count("<a ") == 1
