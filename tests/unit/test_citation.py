"""Issue 24: "Cite this view": APA, BibTeX, RIS and CSL-JSON read back by standard parsers, each with the
seed digest, the date and the URL; text from data escaped per format; CITATION.cff."""

import datetime as dt
import json
import tomllib
from importlib import metadata
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import bibtexparser
import pytest
import rispy
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware

from geo.seeds import seeds_digest
from shieldmap import citation
from shieldmap.cli.main import main
from shieldmap.view import LayerOptions, View

ROOT = Path(__file__).resolve().parents[2]
DIGEST = seeds_digest()
ACCESSED = dt.date(2026, 11, 23)
ODD_NAME = "Odd {x}\\ 100% & _#$~ --site"  # a what-if name with every character BibTeX treats specially
VIEW = View(as_of=dt.date(2012, 5, 20), layers=("csto", "nato"), options=LayerOptions(sectors="wedges"),
            what_if=(f"{ODD_NAME}@54.7,20.5,400",))
CSL_TYPES = {"article", "article-journal", "book", "dataset", "map", "software", "webpage", "report"}


@pytest.fixture(scope="module")
def cited():
    return citation.cite(VIEW, DIGEST, base="https://maps.example.org/shieldmap/", accessed=ACCESSED)


def test_the_citation_names_version_date_options_digest_and_url(cited):
    assert cited.version == metadata.version("shieldmap")
    with open(ROOT / "pyproject.toml", "rb") as file:
        assert cited.version == tomllib.load(file)["project"]["version"]
    assert "20 May 2012" in cited.title and cited.digest == DIGEST
    assert cited.options.startswith("shieldmap cite --layers csto,nato --as-of 2012-05-20 --sectors wedges --what-if ")
    parts = urlsplit(cited.url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "maps.example.org", "/shieldmap/")
    assert dict(parse_qsl(parts.query)) == VIEW.to_query()


def test_bibtex_parses_and_round_trips_the_escaped_text(cited):
    text = citation.text(cited, "bibtex")
    raw = bibtexparser.parse_string(text)
    assert raw.failed_blocks == [] and len(raw.entries) == 1
    entry = raw.entries[0]
    assert entry.entry_type == "misc" and entry["url"] == cited.url and entry["urldate"] == "2026-11-23"
    assert DIGEST in entry["note"] and "2012-05-20" in entry["note"] and entry["year"] == "2026"
    assert "\\{x\\}\\textbackslash{} 100\\% \\& \\_\\#\\$\\textasciitilde{} -{}-site" in entry["note"]
    decoded = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()]).entries[0]
    assert decoded["note"] == cited.note and ODD_NAME in decoded["note"]  # LaTeX reads back the original text
    assert decoded["title"] == cited.title


def test_ris_parses_one_record(cited):
    text = citation.text(cited, "ris")
    (record,) = rispy.loads(text)
    assert record["type_of_reference"] == "MAP" and record["urls"] == [cited.url]
    assert record["title"] == cited.title and record["edition"] == cited.version
    assert record["access_date"] == "2026/11/23" and DIGEST in record["notes"][0] and "2012-05-20" in record["notes"][0]
    assert ODD_NAME in record["notes"][0]
    assert all(line[2:6] == "  - " for line in text.splitlines())


def test_ris_and_apa_keep_hostile_text_on_one_line():
    hostile = citation.Citation(title="A title\nER  - \nTY  - JOUR\r\nTI  - injected", version="0.1.0",
                                as_of=dt.date(2013, 10, 31), accessed=ACCESSED, digest=DIGEST,
                                options="shieldmap cite\n--as-of 2013-10-31", url="http://localhost:8501/?as_of=2013-10-31")
    (record,) = rispy.loads(citation.text(hostile, "ris"))
    assert record["title"] == "A title ER - TY - JOUR TI - injected"
    assert len(citation.text(hostile, "apa").splitlines()) == 1
    bib = bibtexparser.parse_string(citation.text(hostile, "bibtex"))
    assert len(bib.entries) == 1 and "\n" not in bib.entries[0]["title"]


def test_csl_json_has_the_required_fields(cited):
    (item,) = json.loads(citation.text(cited, "csl-json"))
    assert {"id", "type"} <= set(item) and item["type"] in CSL_TYPES and item["id"] == cited.key
    assert item["URL"] == cited.url and item["title"] == cited.title and item["version"] == cited.version
    assert item["accessed"] == {"date-parts": [[2026, 11, 23]]} and item["author"] == [{"literal": citation.AUTHOR}]
    assert DIGEST in item["note"] and "2012-05-20" in item["note"] and ODD_NAME in item["note"]


def test_apa_is_one_line_with_digest_date_and_url(cited):
    text = citation.text(cited, "apa")
    assert text.count("\n") == 1 and text.startswith(f"{citation.AUTHOR}. (2026). {cited.title} (Version ")
    assert DIGEST in text and "20 May 2012" in text and text.rstrip().endswith(cited.url)
    assert "Retrieved November 23, 2026, from" in text


@pytest.mark.parametrize("fmt", citation.FORMATS)
def test_cli_prints_the_citation(fmt, capsys):
    assert main(["cite", "--format", fmt, "--layers", "csto,nato", "--as-of", "2012-05-20", "--sectors", "wedges",
                 "--what-if", f"{ODD_NAME}@54.7,20.5,400", "--url", "https://maps.example.org/shieldmap/",
                 "--accessed", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert out == citation.text(citation.cite(VIEW, DIGEST, base="https://maps.example.org/shieldmap/",
                                              accessed=ACCESSED), fmt)


def test_cli_story_step_and_default_base(capsys, monkeypatch, seeds):
    monkeypatch.delenv(citation.BASE_URL_ENV, raising=False)
    assert main(["cite", "--story", "4", "--format", "csl-json", "--accessed", "2026-11-23"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    step = seeds.story.sort_values("step").iloc[3]
    assert item["URL"].startswith(citation.DEFAULT_BASE_URL + "?") and "story=4" in item["URL"]
    assert f"as_of={step['date'].isoformat()}" in item["URL"]
    assert str(seeds.events.at[step["event"], "name"]) in item["title"]
    monkeypatch.setenv(citation.BASE_URL_ENV, "https://shieldmap.example.net/")
    assert citation.base_url() == "https://shieldmap.example.net/"


@pytest.mark.parametrize("args, message", [
    (["--url", "ftp://example.org/"], "bad base URL"),
    (["--url", "https://example.org/?x=1"], "no ? or #"),
    (["--url", "http://exa mple.org/"], "no spaces"),
    (["--story", "99"], "the story has steps 1 to"),
    (["--format", "mla"], "invalid choice"),
    (["--figure", "S-300PS=nope"], "nope"),
])
def test_bad_arguments_exit_2_one_line(args, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        raise SystemExit(main(["cite", *args]))
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_citation_cff_is_cff_1_2_0_with_the_required_keys():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert {"cff-version", "message", "title", "authors"} <= set(cff)
    assert isinstance(cff["message"], str) and cff["message"] and isinstance(cff["title"], str)
    assert cff["authors"] and all(isinstance(a, dict) and ("name" in a or "family-names" in a) for a in cff["authors"])
    assert cff["version"] == metadata.version("shieldmap") and cff["type"] in ("software", "dataset")


def test_changes_say_where_the_data_version_is():
    assert "shieldmap cite" in (ROOT / "seeds" / "CHANGES.md").read_text(encoding="utf-8")


def test_base_url_at_most_500_characters():
    assert citation.base_url("https://example.org/" + "a" * 480).endswith("a")
    with pytest.raises(ValueError, match="at most 500 URL characters"):
        citation.base_url("https://example.org/" + "a" * 481)
