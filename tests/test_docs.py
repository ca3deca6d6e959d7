"""The documentation says what the code does: every setting, command and link in README.md and docs/ is
checked against the code it describes."""

import re
import subprocess
from pathlib import Path

import pytest

from handlers.commands import grammar
from handlers.commands.subcommands import SUBCOMMANDS, parse
from tests.support.process import CLI, clean_env

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


def _section(page: Path, heading: str) -> str:
    """The text of `page` under `heading` (a `## ` heading), up to the next heading of that level."""
    text = page.read_text()
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def _first_column(table: str) -> list[str]:
    return [line.split("|")[1].strip() for line in table.splitlines() if line.startswith("| `")]


def test_the_settings_table_names_every_setting_the_bot_reads_and_no_other():
    documented = {
        name
        for cell in _first_column(_section(DOCS / "operations.md", "Settings"))
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cell)
    }
    source = (ROOT / "bot" / "config.py").read_text()
    read = {name for name in re.findall(r'"([A-Z][A-Z0-9_]+)"', source) if "_" in name or name == "PORT"}

    assert documented == read


def test_the_command_line_table_names_every_subcommand_of_touchpoint_bot():
    shown = subprocess.run([CLI, "--help"], capture_output=True, text=True, env=clean_env(), check=True)
    listed = shown.stdout.split("positional arguments:")[1].split("options:")[0]
    subcommands = set(re.findall(r"^    ([a-z][a-z-]*)", listed, re.M))
    documented = {
        re.match(r"`touchpoint-bot ([a-z-]+)", cell).group(1)
        for cell in _first_column(_section(DOCS / "operations.md", "The command line"))
    }

    assert documented == subcommands


def test_the_guide_names_every_slash_subcommand_and_each_one_it_shows_is_known():
    guide = (DOCS / "guide.md").read_text()
    for entry in SUBCOMMANDS:
        assert re.search(rf"`(/touchpoint )?{entry.word}[ `]", guide), entry.word
    shown = re.findall(r"`/touchpoint ([^`]+)`", guide)
    steps = _section(DOCS / "guide.md", "Starting a map")
    shown += [
        cell for row in steps.splitlines() if row.startswith("| ") for cell in re.findall(r"`([^`]+)`", row)
    ]
    assert shown
    for text in shown:
        assert not isinstance(_parsed(text), grammar.Unknown), text


def _parsed(text: str) -> object:
    try:
        return parse(text.replace("\\|", "|")).command
    except Exception:  # a usage line with <placeholders> may not read: what matters is that its word is known
        return None


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_link_to_a_file_of_the_project_finds_it(page: Path):
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", page.read_text()):
        if not re.match(r"[a-z]+://", target):
            assert (page.parent / target).exists(), f"{page.name}: {target}"


def test_the_readme_keeps_to_what_touchpoint_is_and_how_to_start():
    readme = (ROOT / "README.md").read_text()
    assert "pip install -e . && touchpoint-bot run" in readme
    assert "python -m pytest" in readme
    assert "### Create the Slack app" in readme
    assert len(readme.splitlines()) < 120


def test_every_benchmark_the_docs_name_exists_and_each_table_says_how_and_when_it_was_made():
    benchmarks = (DOCS / "benchmarks.md").read_text()
    for name in set(re.findall(r"python -m benchmarks\.(\w+)", benchmarks)):
        assert (ROOT / "benchmarks" / f"{name}.py").exists(), name
    tables = benchmarks.count("\n|---") + benchmarks.count("\n| ---")
    made = re.findall(r"Made by `python -m benchmarks\.\w+[^`]*`[^\n]*\d{4}-\d{2}-\d{2}", benchmarks)
    assert tables and len(made) == tables
