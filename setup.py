"""Compiles the translations when the package is built or installed; pyproject.toml holds the metadata.

`pip install .`, a wheel build and `pip install -e .` all run build_py: each `.po` under bot/locales is
compiled to its `.mo` with Babel, into the build (a wheel) or next to the `.po` (an editable install).
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LOCALES = Path(__file__).parent / "bot" / "locales"


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = LOCALES if self.editable_mode else Path(self.build_lib) / "bot" / "locales"
        for po in sorted(LOCALES.glob("*/LC_MESSAGES/*.po")):
            relative = po.relative_to(LOCALES)
            with po.open("rb") as source:
                catalog = read_po(source, locale=relative.parts[0])
            mo = (root / relative).with_suffix(".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            with mo.open("wb") as compiled:
                write_mo(compiled, catalog)


setup(cmdclass={"build_py": BuildWithCatalogs})
