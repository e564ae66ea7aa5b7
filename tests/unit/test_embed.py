"""Issue 24.3: the embedded view is a View field (URL round trip, bounded like the others), its snippet, and
nothing in deploy/ or the app's settings forbids framing."""

import datetime as dt
import re
from pathlib import Path

import pytest

from shieldmap import embed
from shieldmap.view import View, from_query

ROOT = Path(__file__).resolve().parents[2]
SPAN = (dt.date(2006, 1, 1), dt.date(2024, 12, 31))


def test_embed_round_trips_through_the_url():
    view = View(layers=("csto",), as_of=dt.date(2012, 5, 20), embed=True)
    assert view.to_query() == {"layers": "csto", "as_of": "2012-05-20", "basemap": "offline", "embed": "1"}
    assert from_query(view.to_query(), SPAN) == (view, ())
    assert "embed" not in View().to_query() and from_query(View().to_query(), SPAN)[0].embed is False


@pytest.mark.parametrize("value, expected", [("1", True), ("true", True), ("TRUE", True), ("0", False),
                                             ("false", False), ("", False)])
def test_embed_values(value, expected):
    assert from_query({"embed": value}, SPAN) == (View(embed=expected), ())


def test_a_bad_embed_value_is_ignored_with_a_warning():
    view, warnings = from_query({"embed": "<script>" + "x" * 100}, SPAN)
    assert view.embed is False
    assert warnings == ("URL embed value '<script>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' ignored: expected 1 or 0",)


def test_the_snippet():
    view = View(layers=("csto", "nato"), as_of=dt.date(2012, 5, 20))
    assert embed.snippet(view, "https://maps.example.org/shieldmap/") == (
        '<iframe src="https://maps.example.org/shieldmap/?layers=csto%2Cnato&amp;as_of=2012-05-20&amp;basemap=offline'
        '&amp;embed=1" title="Map: Missile defence in Europe, 2010–2013, as of 20 May 2012 (CSTO members; NATO members)" '
        'width="100%" height="560" style="border:0;max-width:100%" loading="lazy"></iframe>')
    assert embed.full_query(view.replace(embed=True)) == "layers=csto%2Cnato&as_of=2012-05-20&basemap=offline"


def test_what_if_names_are_escaped_in_the_snippet():
    view = View(what_if=('Site "<b>"@52,20,100',))
    text = embed.snippet(view, "http://localhost:8501/")
    assert "<b>" not in text and '"<' not in text
    assert re.fullmatch(r'<iframe src="[^"<>]*" title="[^"<>]*" width="100%" height="560" style="[^"]*" loading="lazy">'
                        r'</iframe>', text)


FRAME_DENIAL = re.compile(r"x-frame-options|frame-ancestors", re.IGNORECASE)


def test_nothing_in_the_deployment_denies_framing():
    files = [*sorted((ROOT / "deploy").rglob("*")), ROOT / ".streamlit" / "config.toml", ROOT / "Dockerfile"]
    texts = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in files
             if p.is_file() and p.suffix in ("", ".template", ".yaml", ".toml", ".service", ".target", ".py", ".conf")}
    assert "deploy/nginx.conf.template" in texts and "deploy/k8s/ingress.yaml" in texts
    assert {name: FRAME_DENIAL.findall(text) for name, text in texts.items() if FRAME_DENIAL.search(text)} == {}


def test_the_readme_shows_the_default_views_snippet():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert embed.snippet(View(), "https://maps.example.org/shieldmap/") in readme
