"""Ships the top-level templates/ folder (the default theme) inside the installed package."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithTheme(build_py):
    def run(self) -> None:
        super().run()
        src = Path(__file__).parent / "templates"
        dest = Path(self.build_lib) / "newsgen" / "templates"
        if src.is_dir():
            shutil.copytree(src, dest, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithTheme})
