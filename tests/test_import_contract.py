"""The import contract (pyproject.toml's `[tool.importlinter]`, run by `lint-imports`): the code keeps it,
and each rule breaks when a copy of the code is given the import the rule forbids."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "storage")
LINT = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"


def lint_imports(where: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    """`lint-imports` over the packages under `where`, with its pyproject.toml's contracts (only the ones
    named, when some are)."""
    selected = [arg for contract in contracts for arg in ("--contract", contract)]
    return subprocess.run(
        [sys.executable, "-c", LINT, "--no-cache", "--no-logo", "pyproject.toml", *selected],
        cwd=where,
        env={"PYTHONPATH": str(where)},  # these packages, not the installed ones
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The project's packages and contracts, copied to change freely."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def _add_import(module: Path, line: str) -> None:
    module.write_text(f"{line}  # noqa\n{module.read_text()}")


def test_the_code_keeps_the_contract():
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("bot/workshop/flow.py", "import slack_sdk", "core"),
        ("bot/workshop/flow.py", "import bot.blocks.board", "core"),
        ("bot/workshop/maps.py", "import bot.gateway", "core"),
        ("bot/scheduling/engine.py", "from slack_sdk.errors import SlackApiError", "core"),
        ("bot/render/image.py", "import slack_bolt", "core"),
        ("bot/exports/files.py", "import bot.blocks.kit", "core"),
        ("bot/document/diff.py", "import bot.slack_chat", "core"),
        ("bot/workshop/flow.py", "import handlers.errors", "layers"),
        ("storage/models.py", "import bot.i18n", "storage"),
        ("storage/db.py", "import handlers", "storage"),
        ("handlers/actions/show_map.py", "from storage.models import Map", "handlers"),
        ("bot/method/steps.py", "import bot.workshop.flow", "acyclic"),
        ("bot/workshop/service.py", "import bot.workshop.flow", "acyclic"),
        ("bot/blocks/kit.py", "import bot.blocks.board", "acyclic"),
        ("storage/base.py", "import storage.models", "acyclic"),
        ("handlers/context.py", "import handlers.errors", "acyclic"),
    ],
)
def test_each_rule_breaks_on_the_import_it_forbids(copy: Path, module: str, line: str, contract: str):
    assert lint_imports(copy, contract).returncode == 0  # kept before
    _add_import(copy / module, line)

    result = lint_imports(copy, contract)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout


def test_the_playground_may_use_the_whole_bot_but_the_core_never_uses_it(copy: Path):
    (copy / "bot" / "playground" / "uses_the_bot.py").write_text(
        "import bot.app\nimport bot.blocks.board\nimport slack_sdk\n"
    )
    assert lint_imports(copy).returncode == 0

    _add_import(copy / "bot/render/image.py", "import bot.playground")

    result = lint_imports(copy, "playground")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
