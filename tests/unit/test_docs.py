"""The README is a user's guide and the docs pages hold the engineering record: the README stays short and
names the test command CI runs; every relative link in the README and in ``docs/*.md`` leads to a file
(and an anchor to a heading of it); the README links every docs page and shows every picture; and no issue
number reaches a reader (the README, the interface's catalogue, the command line's help)."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from checks import command_helps
from shieldmap.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
PAGES = sorted((ROOT / "docs").glob("*.md"))
README_MAX_LINES = 400
ISSUE_NUMBER = re.compile(r"\bissues?\s+(?:no\.?\s*|#)?\d+", re.IGNORECASE)
ISSUE_NUMBER_RU = re.compile(r"\b(?:задач\w*|тикет\w*)\s+(?:№\s*|#)?\d+", re.IGNORECASE)
FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
MD_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"<(?:img|a|source)\b[^>]*?\b(?:src|href)=\"([^\"]+)\"", re.IGNORECASE)
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def _prose(text: str) -> str:
    """The text outside fenced code blocks (a link or heading inside one is an example, not a link)."""
    return FENCE.sub("", text)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: the text without its markup, lower case, punctuation but ``-`` and
    ``_`` dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    found = set()
    for match in HEADING.finditer(_prose(path.read_text(encoding="utf-8"))):
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(path: Path) -> list[str]:
    text = INLINE_CODE.sub("", _prose(path.read_text(encoding="utf-8")))
    return [m.group(1) for m in MD_LINK.finditer(text)] + [m.group(1) for m in HTML_LINK.finditer(text)]


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def broken_links(path: Path) -> list[str]:
    broken = []
    for target in links(path):
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):  # https:, mailto: ...
            continue
        file_part, _, anchor = target.partition("#")
        resolved = (path.parent / file_part).resolve() if file_part else path
        if not resolved.exists():
            broken.append(f"{target}: no file {_shown(resolved)}")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{target}: no heading #{anchor} in {_shown(resolved)}")
    return broken


def test_the_readme_is_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines (at most {README_MAX_LINES})"


def _two_commands() -> list[str]:
    section = README.read_text(encoding="utf-8").split("\n## The two commands\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_the_readme_names_make_run_and_make_test_which_ci_runs():
    assert _two_commands() == ["make run", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "make test" in [line.strip() for line in ci]  # CI runs the README's test command
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.MULTILINE) and re.search(r"^test:", makefile, re.MULTILINE)
    assert "$(PORT)" in makefile and "make run PORT=8600" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", [README, *PAGES], ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(path):
    assert broken_links(path) == []


def test_the_link_checker_finds_a_broken_file_and_a_broken_anchor(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Top\n\n## A `code` heading: yes\n\n[ok](#a-code-heading-yes) [top](#top) [self](page.md#top)\n"
                    "[gone](missing.md) [bad](#nowhere) <img src=\"none.png\">\n```\n[in code](x.md)\n```\n",
                    encoding="utf-8")
    assert [problem.split(":", 1)[0] for problem in broken_links(page)] == ["missing.md", "#nowhere", "none.png"]
    assert slug("Threat paths: `shieldmap engage`") == "threat-paths-shieldmap-engage"
    assert slug("The interceptor's flyout: gravity, not a straight line") == \
        "the-interceptors-flyout-gravity-not-a-straight-line"


def test_the_readme_links_every_docs_page_and_shows_every_picture():
    readme_links = {target.split("#", 1)[0] for target in links(README)}
    assert [p.name for p in PAGES if f"docs/{p.name}" not in readme_links] == []
    pictures = sorted((ROOT / "docs").glob("*.png"))
    assert pictures and [p.name for p in pictures if f"docs/{p.name}" not in readme_links] == []


USER_PAGES = ["README.md", *(f"docs/{name}.md" for name in (
    "app", "cli", "engagement", "analysis", "uploads", "languages", "accessibility", "data", "limits"))]


@pytest.mark.parametrize("page", USER_PAGES)
def test_no_issue_number_in_the_readme_or_the_users_pages(page):
    assert ISSUE_NUMBER.findall((ROOT / page).read_text(encoding="utf-8")) == []


def test_the_issue_pattern_catches_the_forms_used():
    for text in ("What a browser costs (issue 25)", "### Issue 14", "issues 22 and 31", "issue 34.10"):
        assert ISSUE_NUMBER.search(text), text
    assert not ISSUE_NUMBER.search("the issue's figures, 10,198 km")


@pytest.mark.parametrize("catalogue", ["shieldmap/locale/shieldmap.pot", "shieldmap/locale/ru/LC_MESSAGES/shieldmap.po"])
def test_no_issue_number_in_the_interface_texts(catalogue):
    with open(ROOT / catalogue, "rb") as handle:
        messages = [m for m in read_po(handle) if m.id]
    assert len(messages) > 100
    texts = [part for m in messages for field in (m.id, m.string)
             for part in ((field,) if isinstance(field, str) else field) if part]
    assert len(texts) > len(messages) or catalogue.endswith(".pot")  # the .po's translations are read too
    assert [text for text in texts if ISSUE_NUMBER.search(text) or ISSUE_NUMBER_RU.search(text)] == []


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_issue_number_in_the_command_lines_help(lang, capsys):
    """``shieldmap --help`` and every command's, as a user gets them (``main``), in both languages."""
    names = [name for name, _ in command_helps()][1:]
    helps = {}
    for command in [[], *([name] for name in names)]:
        assert main(["--lang", lang, *command, "--help"]) == 0
        helps[" ".join(["shieldmap", *command])] = capsys.readouterr().out
    assert len(helps) >= 10 and all(len(text) > 200 for text in helps.values())
    assert ("использование:" in helps["shieldmap validate"]) == (lang == "ru")
    found = {name: ISSUE_NUMBER.findall(text) + ISSUE_NUMBER_RU.findall(text) for name, text in helps.items()}
    assert {name: hits for name, hits in found.items() if hits} == {}


def _synopsis(text: str, heading: str) -> dict[str, str]:
    block = text.split(heading, 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands: dict[str, str] = {}
    current = None
    for line in block.splitlines():
        if line.startswith("shieldmap "):
            current = line.split()[1]
        if current:
            commands[current] = commands.get(current, "") + line
    return commands


def test_the_readme_synopsis_has_one_line_for_every_command():
    names = [name for name, _ in command_helps()][1:]
    readme = README.read_text(encoding="utf-8")
    block = readme.split("\n## The command line\n", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    assert [line.split()[1] for line in block.splitlines() if line.strip()] == names
    full = _synopsis((ROOT / "docs" / "cli.md").read_text(encoding="utf-8"), "\n## Synopsis\n")
    assert sorted(full) == sorted(names)


def test_no_issue_number_in_the_maps_scripts_and_styles():
    """They are served to every visitor and inlined in the HTML export, comments included."""
    files = sorted((ROOT / "shieldmap" / "web" / "static").rglob("*.[jc]s*"))
    assert len(files) >= 4
    found = {f.name: ISSUE_NUMBER.findall(f.read_text(encoding="utf-8")) for f in files}
    assert {name: hits for name, hits in found.items() if hits} == {}
