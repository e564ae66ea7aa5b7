"""The analysis's facts live in seeds/ (issue 20): capitals.csv and proposals.csv, validated like every
seed file, in the seed digest, and cited in the sources audit."""

import shutil

import pytest

from geo import analysis_seeds, coverage_seeds, engagement_seeds, seeds as seed_module
from geo.seeds import SeedError, load_seeds, seeds_digest
from geo.source_use import source_table


def test_every_seed_file_of_every_loader_is_in_the_digest():
    other = {schema.file for loader in (analysis_seeds, engagement_seeds) for schema in loader.SCHEMAS.values()}
    other |= {schema.file for schema in coverage_seeds.FILES.values()} | {seed_module.SECTOR_MODELS.file}  # own readers
    assert other == set(seed_module.OTHER_FILES)


def test_a_change_to_capitals_changes_the_digest(seed_copy):
    before = seeds_digest(seed_copy)
    path = seed_copy / "capitals.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Vilnius,Lithuania,54.687", "Vilnius,Lithuania,54.688"),
                    encoding="utf-8")
    assert seeds_digest(seed_copy) != before


def test_a_bad_capital_or_an_unknown_source_names_file_and_line(seed_copy):
    path = seed_copy / "capitals.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Vilnius,Lithuania,54.687", "Vilnius,Lithuania,154.687"),
                    encoding="utf-8")
    with pytest.raises(SeedError, match=r"capitals.csv:\d+"):
        analysis_seeds.load_analysis_seeds(load_seeds(seed_copy), seed_copy)
    shutil.copy(load_seeds().directory / "capitals.csv", path)
    proposals = seed_copy / "proposals.csv"
    proposals.write_text(proposals.read_text(encoding="utf-8").replace("kommersant-2011-07-15", "nowhere-1", 1),
                         encoding="utf-8")
    with pytest.raises(SeedError, match=r"proposals.csv:\d+: cites unknown source 'nowhere-1'"):
        analysis_seeds.load_analysis_seeds(load_seeds(seed_copy), seed_copy)


def test_the_sources_audit_counts_the_capitals_and_proposals():
    table = source_table(load_seeds()).set_index("id")
    assert "capitals.csv" in table.at["simplemaps-worldcities-2021", "cited_by"]
    assert "proposals.csv" in table.at["kommersant-2011-07-15", "cited_by"]
