"""The playground shows the slash command and the message shortcut as app.yaml declares them to Slack."""

from pathlib import Path

import yaml

from bot.playground.client import APP

MANIFEST = Path(__file__).resolve().parents[3] / "app.yaml"


def test_the_command_and_shortcuts_are_as_app_yaml_declares_them():
    features = yaml.safe_load(MANIFEST.read_text())["features"]
    [command] = features["slash_commands"]
    assert (APP.command, APP.description, APP.usage_hint) == (
        command["command"],
        command["description"],
        command["usage_hint"],
    )
    assert [(s.name, s.callback_id, s.description) for s in APP.shortcuts] == [
        (s["name"], s["callback_id"], s["description"]) for s in features["shortcuts"]
    ]
    assert APP.name == yaml.safe_load(MANIFEST.read_text())["display_information"]["name"]
