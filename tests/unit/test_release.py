"""Issue 24: the seed data's version (its SHA-256, in every citation) has its row in seeds/CHANGES.md."""

import datetime as dt

from geo.seeds import seeds_digest
from scripts import release


def test_the_current_data_version_has_its_row_and_tag_name():
    text = release.CHANGES.read_text(encoding="utf-8")
    digest = seeds_digest()
    found = [row for row in release.rows(text) if row[1] == digest]
    assert found, f"seeds/CHANGES.md has no row for the data version {digest}: run `make release`"
    assert found[0][2] == f"data-{digest[:12]}"


def test_a_row_is_added_once_under_the_table():
    text = "# Changes\n\n## Data versions\n\nProse.\n"
    once = release.with_row(text, "a" * 64, "0.1.0", dt.date(2026, 12, 2))
    assert once.endswith(f"| 2026-12-02 | `{'a' * 64}` | `data-aaaaaaaaaaaa` | 0.1.0 |\n")
    assert release.with_row(once, "a" * 64, "0.1.0", dt.date(2026, 12, 3)) == once
    twice = release.with_row(once, "b" * 64, "0.2.0", dt.date(2026, 12, 4))
    assert [row[1][0] for row in release.rows(twice)] == ["a", "b"]
    assert twice.index("Prose.") < twice.index(release.TABLE_HEADER)
