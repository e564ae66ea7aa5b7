"""The build hook: the interface's gettext catalogues compiled when the package is built.

Everything else is configured in pyproject.toml. ``build_py`` also compiles each
``shieldmap/locale/LANG/LC_MESSAGES/shieldmap.po`` to its ``.mo`` with Babel (a build requirement), so a wheel built
from a clean clone, ``pip install .`` and ``pip install -e .`` all carry the Russian catalogue: into the build folder
for a wheel, beside the ``.po`` for an editable install (whose code is the checkout). A catalogue with an error stops
the build with one line naming it.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

CATALOGUES = "shieldmap/locale/*/LC_MESSAGES/*.po"


def compile_catalogue(po: Path, mo: Path) -> None:
    """``po`` compiled to ``mo`` (fuzzy entries left out, as ``pybabel compile`` does); its errors raise."""
    with po.open("rb") as source:
        catalogue = read_po(source, locale=po.parts[-3])
    problems = [f"{po}: {message.id!r}: {error}" for message, errors in catalogue.check() for error in errors]
    if problems:
        raise SystemExit(f"cannot compile the catalogue {problems[0]}")
    mo.parent.mkdir(parents=True, exist_ok=True)
    with mo.open("wb") as target:
        write_mo(target, catalogue)


class BuildWithCatalogues(build_py):
    """``build_py`` that also compiles the catalogues (in place when the install is editable)."""

    def run(self) -> None:
        super().run()
        root = Path(__file__).resolve().parent
        target = root if self.editable_mode else Path(self.build_lib)
        for po in sorted(root.glob(CATALOGUES)):
            compile_catalogue(po, target / po.relative_to(root).with_suffix(".mo"))


setup(cmdclass={"build_py": BuildWithCatalogues})
