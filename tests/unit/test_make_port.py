"""Issue 34.8: ``make run PORT=8600`` serves on that port (8501 without it); ``make dev`` likewise."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _streamlit_line(*args: str) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    out = subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    return next(line for line in out.splitlines() if "streamlit run app.py" in line)


@pytest.mark.parametrize("target", ["run", "dev"])
def test_make_serves_on_the_port_given(target):
    assert "--server.port 8600" in _streamlit_line(target, "PORT=8600")
    assert "--server.port 8501" in _streamlit_line(target)
