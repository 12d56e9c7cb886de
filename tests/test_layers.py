"""The layers of docs/architecture.md hold: apps import only downwards.

The contract lives in pyproject.toml (`[tool.importlinter]`) and is checked with
import-linter; `lint-imports` in the project directory runs the same check by hand.
"""

import shutil
import subprocess
import sys
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_apps_import_only_down_the_layers():
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True,
                        no_logo=True) == 0


def test_an_upward_import_breaks_the_contract(tmp_path):
    """The check can fail: a copy of the project where budgets imports the portal."""
    shutil.copytree(ROOT / "aqb", tmp_path / "aqb",
                    ignore=shutil.ignore_patterns("__pycache__", "static", "data", "*.html"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    selectors = tmp_path / "aqb" / "budgets" / "selectors.py"
    selectors.write_text(selectors.read_text(encoding="utf-8")
                         + "\nfrom aqb.portal import views  # noqa\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, '.'); "
         "from importlinter.cli import lint_imports; "
         "sys.exit(lint_imports(no_cache=True, no_logo=True))"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "aqb.budgets is not allowed to import aqb.portal" in result.stdout


def test_every_app_has_its_layer():
    """A new app must be placed in the contract (and in the diagram), or it goes unchecked."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    layered = {name.strip() for layer in contract["layers"] for name in layer.split("|")}
    apps = {p.parent.name for p in (ROOT / "aqb").glob("*/apps.py")}
    assert apps == layered
    diagram = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert [app for app in sorted(apps) if f'{app}["{app}<br/>' not in diagram] == []
