"""Installing by OAuth: Bolt's install page and redirect, on our sealed stores and token source."""

import logging
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings

from bot.installs import InstalledBots, Installs
from bot.workshop.workspaces import WorkspacesService

logger = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"

# The bot scopes the install asks for: the ones app.yaml lists (tests/test_manifest.py checks both).
BOT_SCOPES = (
    "channels:read",
    "chat:write",
    "commands",
    "files:read",
    "files:write",
    "groups:read",
    "im:write",
    "users:read",
)


def oauth_options(installs: Installs, workspaces: WorkspacesService) -> dict[str, Any]:
    """The App's arguments for installing in many workspaces: Bolt's OAuth flow (with the `state`
    parameter, kept in the database) and the authorize step that finds each team's bot token."""

    def installed(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        team_id = installation.team_id or installation.enterprise_id or ""
        workspaces.installed(team_id)
        if installation.team_id and installation.enterprise_id:  # a workspace of an Enterprise Grid org
            installs.tokens.learn_org(installation.team_id, installation.enterprise_id)
        logger.info("Installed in team %s by %s", team_id, args.installation.user_id)
        return args.default.success(args)

    def failed(args: FailureArgs) -> BoltResponse:
        logger.warning("An install failed: %s", args.reason)
        return args.default.failure(args)

    settings = OAuthSettings(
        client_id=installs.oauth.client_id,
        client_secret=installs.oauth.client_secret,
        scopes=list(BOT_SCOPES),
        redirect_uri=installs.oauth.redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=installs.store,
        state_store=installs.state_store(),
        callback_options=CallbackOptions(success=installed, failure=failed),
    )
    return {"oauth_settings": settings, "authorize": InstalledBots(installs.tokens)}
