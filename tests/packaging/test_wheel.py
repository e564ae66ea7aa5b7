"""The package built from a clean clone works outside the checkout: seeds, borders and the compiled Russian
catalogue ship inside the wheel (setup.py compiles the catalogues at build time), and an editable install
compiles them beside the ``.po``.

The clone is of the last commit (``git clone``): what CI and a user's ``pip install git+...`` build."""

import json
import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MO = "shieldmap/locale/ru/LC_MESSAGES/shieldmap.mo"


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A clean clone of the checkout: no compiled catalogue, no generated assets, nothing ignored by git."""
    folder = tmp_path_factory.mktemp("clone") / "shieldmap"
    made = _run(["git", "clone", "--quiet", str(ROOT), str(folder)])
    assert made.returncode == 0, made.stderr
    assert not (folder / MO).exists()  # *.mo is not in git: the build must make it
    return folder


@pytest.fixture(scope="module")
def installed(clone, tmp_path_factory) -> Path:
    """The wheel built from the clean clone, installed into a folder of its own (``pip install --target``)."""
    wheels, target = tmp_path_factory.mktemp("wheels"), tmp_path_factory.mktemp("site")
    built = _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(clone)])
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("shieldmap-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert MO in archive.namelist()
        assert archive.getinfo(MO).file_size > 10_000
    done = _run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)])
    assert done.returncode == 0, done.stderr
    return target


def _env(path: str) -> dict[str, str]:
    """The environment with ``path`` first on Python's path, the checkout's seeds and code not."""
    return {k: v for k, v in os.environ.items() if k not in ("SHIELDMAP_SEEDS", "PYTHONPATH")} | {"PYTHONPATH": path}


def test_installed_wheel_exports_from_another_folder(installed, tmp_path):
    env = _env(str(installed))
    where = _run([sys.executable, "-c", "import geo.seeds, shieldmap; print(geo.seeds.DEFAULT_DIR)"],
                 cwd=tmp_path, env=env, check=True).stdout.strip()
    assert Path(where) == installed / "geo" / "seed_data"  # the wheel's copy, not the checkout's seeds/
    out = tmp_path / "map.geojson"
    run = _run([sys.executable, "-m", "shieldmap.cli", "export", "--layers", "csto", "--out", str(out)], cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    names = {f["properties"]["name"] for f in json.loads(out.read_text())["features"]}
    assert "Belarus" in names and "Russia" in names


def test_installed_wheel_speaks_russian(installed, tmp_path):
    """``shieldmap --lang ru`` (the console script the wheel installs) from the wheel's own compiled catalogue."""
    run = _run([str(installed / "bin" / "shieldmap"), "--lang", "ru", "layers", "--as-of", "2012-05-20"],
               cwd=tmp_path, env=_env(str(installed)))
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == "слои на 2012-05-20:"
    said = _run([sys.executable, "-c", "from shieldmap import i18n; i18n.use('ru'); print(i18n.LOCALE_DIR, i18n._('Layers'))"],
                cwd=tmp_path, env=_env(str(installed)))
    assert said.returncode == 0 and said.stdout.split() == [str(installed / "shieldmap" / "locale"), "Слои"], said.stderr


def test_editable_install_compiles_the_catalogue_in_place(clone, tmp_path):
    """``pip install -e`` of the clean clone into a fresh environment: the ``.mo`` appears beside the ``.po``, and the
    command speaks Russian from the clone (the dependencies from this environment's site-packages)."""
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    done = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", "-e", str(clone)])
    assert done.returncode == 0, done.stderr
    assert (clone / MO).stat().st_size > 10_000
    env = _env(os.pathsep.join(site.getsitepackages()))
    where = _run([str(python), "-c", "import shieldmap.i18n as i; print(i.LOCALE_DIR)"], cwd=tmp_path, env=env)
    assert where.stdout.strip() == str(clone / "shieldmap" / "locale"), where.stderr
    run = _run([str(python), "-m", "shieldmap.cli", "--lang", "ru", "layers", "--as-of", "2012-05-20"], cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == "слои на 2012-05-20:"
