"""app.yaml (Socket Mode, self-hosting) and app.oauth.yaml (HTTP, OAuth, rotating tokens: Slack's
Marketplace): valid against Slack's manifest schema, in step with what the code registers and calls, and
the same app but for how it connects."""

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator
from referencing import Registry, Resource

from bot.oauth import BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH
from handlers.commands import COMMANDS
from handlers.events import EVENTS
from handlers.shortcuts import SHORTCUTS

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DIR = ROOT / "tests" / "fixtures" / "slack-manifest-schema"  # vendored: its README says from where
UPSTREAM = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"

# The bot scope each Web API method the bot calls needs (from each method's page on docs.slack.dev).
# Maps in public and private channels: members are read with channels:read and groups:read.
SCOPES_BY_METHOD = {
    "chat.postMessage": {"chat:write"},
    "chat.update": {"chat:write"},
    "chat.postEphemeral": {"chat:write"},
    "conversations.members": {"channels:read", "groups:read"},
    "users.info": {"users:read"},  # with include_locale: the language of a person's replies
    "users.list": {"users:read"},  # a big channel's people, 200 a page, for its deadline nudges
    "files.upload_v2": {"files:write"},  # files.getUploadURLExternal + files.completeUploadExternal
    "files.info": {"files:read"},  # and the file input of the import modal: fetching what people give it
    "conversations.open": {"im:write"},  # a DM to send an export to the person who asked for it
}
# Methods that need no scope of their own.
SCOPE_FREE_METHODS = {
    "auth.test",
    "chat.getPermalink",
    "views.open",
    "views.update",
    "views.push",
    "views.publish",
}


MANIFESTS = ("app.yaml", "app.oauth.yaml")


def _manifest(name: str = "app.yaml") -> dict:
    return yaml.safe_load((ROOT / name).read_text())


def _methods_called_by_the_code() -> set[str]:
    """Web API methods named in the bot's source, as `client.chat_postMessage` or `client.api_call("…")`
    (the playground, Slack's side of the calls, left out)."""
    methods = set()
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("handlers/**/*.py")]:
        if "playground" in path.relative_to(ROOT).parts:
            continue
        source = path.read_text()
        for name in re.findall(r"client\.([a-z]+)_([a-zA-Z]+(?:_v2)?)\b", source):
            methods.add(f"{name[0]}.{name[1]}")
    return methods


def _schema_validator() -> Draft7Validator:
    """Slack's schema, its upstream `$ref`s resolved to the vendored files (so nothing is fetched)."""
    resources = [
        (UPSTREAM + path.name, Resource.from_contents(json.loads(path.read_text())))
        for path in (SCHEMA_DIR / "schemas").glob("*.json")
    ]
    top = json.loads((SCHEMA_DIR / "manifest.schema.json").read_text())
    return Draft7Validator(top, registry=Registry().with_resources(resources))


@pytest.mark.parametrize("name", MANIFESTS)
def test_manifest_is_valid_against_slacks_schema(name):
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in _schema_validator().iter_errors(_manifest(name))
    ]
    assert errors == []


@pytest.mark.parametrize("name", MANIFESTS)
def test_schema_rejects_a_broken_manifest(name):
    """The check above can fail: a manifest with a malformed command does not pass."""
    broken = _manifest(name)
    broken["features"]["slash_commands"][0]["command"] = "touchpoint"
    assert not _schema_validator().is_valid(broken)


@pytest.mark.parametrize("name", MANIFESTS)
def test_manifest_declares_exactly_the_commands_the_code_registers(name):
    declared = {c["command"] for c in _manifest(name)["features"]["slash_commands"]}
    assert declared == set(COMMANDS)


@pytest.mark.parametrize("name", MANIFESTS)
def test_manifest_declares_exactly_the_shortcuts_the_code_registers(name):
    declared = {s["callback_id"] for s in _manifest(name)["features"]["shortcuts"]}
    assert declared == set(SHORTCUTS)


@pytest.mark.parametrize("name", MANIFESTS)
def test_manifest_subscribes_to_exactly_the_events_the_code_handles(name):
    assert set(_manifest(name)["settings"]["event_subscriptions"]["bot_events"]) == set(EVENTS)


@pytest.mark.parametrize("name", MANIFESTS)
def test_manifest_asks_for_exactly_the_scopes_the_code_needs(name):
    called = _methods_called_by_the_code()
    unknown = called - SCOPES_BY_METHOD.keys() - SCOPE_FREE_METHODS
    assert not unknown, f"add the scope these methods need to SCOPES_BY_METHOD: {unknown}"
    needed = set().union(*(SCOPES_BY_METHOD[m] for m in called if m in SCOPES_BY_METHOD))
    if COMMANDS:
        needed.add("commands")
    assert set(_manifest(name)["oauth_config"]["scopes"]["bot"]) == needed


@pytest.mark.parametrize("name", MANIFESTS)
def test_an_oauth_install_asks_for_the_manifests_scopes(name):
    assert sorted(BOT_SCOPES) == sorted(_manifest(name)["oauth_config"]["scopes"]["bot"])


@pytest.mark.parametrize("name", MANIFESTS)
def test_interactivity_commands_and_events_point_at_the_one_endpoint(name):
    manifest = _manifest(name)
    urls = {c["url"] for c in manifest["features"]["slash_commands"]}
    urls.add(manifest["settings"]["interactivity"]["request_url"])
    urls.add(manifest["settings"]["interactivity"]["message_menu_options_url"])
    urls.add(manifest["settings"]["event_subscriptions"]["request_url"])
    assert {u.rsplit("/", 2)[-2:] == ["slack", "events"] for u in urls} == {True}


def test_the_oauth_manifest_serves_over_http_with_rotating_tokens_and_the_bots_oauth_paths():
    socket, oauth = _manifest("app.yaml"), _manifest("app.oauth.yaml")
    assert (socket["settings"]["socket_mode_enabled"], socket["settings"]["token_rotation_enabled"]) == (
        True,
        False,
    )
    assert (oauth["settings"]["socket_mode_enabled"], oauth["settings"]["token_rotation_enabled"]) == (
        False,
        True,
    )
    [redirect] = oauth["oauth_config"]["redirect_urls"]
    assert redirect.startswith("https://") and redirect.endswith(REDIRECT_PATH)
    assert oauth["app_directory"]["installation_landing_page"].endswith(INSTALL_PATH)
    urls = [
        oauth["settings"]["event_subscriptions"]["request_url"],
        oauth["settings"]["interactivity"]["request_url"],
    ]
    assert all(url.startswith("https://") for url in urls)


def test_the_two_manifests_are_one_app_but_for_how_it_connects():
    socket, oauth = _manifest("app.yaml"), _manifest("app.oauth.yaml")
    how = {"socket_mode_enabled", "token_rotation_enabled"}
    assert {k: v for k, v in socket["settings"].items() if k not in how} == {
        k: v for k, v in oauth["settings"].items() if k not in how
    }
    for part in ("features", "oauth_config", "_metadata"):
        assert socket[part] == oauth[part], part
    assert socket["display_information"] == oauth["display_information"]


@pytest.mark.parametrize("name", MANIFESTS)
def test_each_manifest_links_the_privacy_policy_and_the_support_page(name):
    manifest = _manifest(name)
    described = manifest["display_information"]["long_description"]
    for page in ("privacy", "support"):
        assert (ROOT / "docs" / f"{page}.md").is_file()
        assert f"/docs/{page}" in described
    if "app_directory" in manifest:
        directory = manifest["app_directory"]
        assert directory["privacy_policy_url"].endswith("/docs/privacy")
        assert directory["support_url"].endswith("/docs/support")
