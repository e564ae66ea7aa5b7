import datetime as dt
import shutil
from pathlib import Path

import pytest

from geo.seeds import DEFAULT_DIR, load_seeds

AS_OF = dt.date(2013, 10, 31)


@pytest.fixture(scope="session")
def seeds():
    return load_seeds(DEFAULT_DIR)


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """A writable copy of the shipped seed folder."""
    target = tmp_path / "seeds"
    shutil.copytree(DEFAULT_DIR, target)
    return target
