"""The operator's commands for workspaces and their tokens: purge a team, make and rotate keys."""

import argparse

from bot.config import load_database_url, load_environment, load_settings
from storage.cipher import new_key

PROG = "touchpoint-bot"


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    purge = commands.add_parser(
        "purge",
        help="delete everything of a workspace now",
        description="Delete every map, schedule, request record and installation of workspace --team from "
        "DATABASE_URL, at once and for good (an uninstalled workspace's data goes by itself after "
        "DATA_RETENTION_DAYS).",
    )
    purge.add_argument("--team", required=True, metavar="T…", help="the Slack workspace's id")
    commands.add_parser(
        "new-key",
        help="print a new TOUCHPOINT_ENCRYPTION_KEY",
        description="Print a new key for sealing the tokens of OAuth installs (a Fernet key).",
    )
    commands.add_parser(
        "reseal-tokens",
        help="seal every stored token again with the first TOUCHPOINT_ENCRYPTION_KEY (key rotation)",
        description="Key rotation: put the new key first in TOUCHPOINT_ENCRYPTION_KEY, keeping the old one "
        "after it (NEW,OLD), run this, then drop the old key. Every stored token is sealed again with the "
        "new key, in one transaction.",
    )


def run(args: argparse.Namespace) -> int:
    if args.command == "new-key":
        print(new_key())
        return 0
    if args.command == "purge":
        return _purge(args.team)
    return _reseal()


def _purge(team_id: str) -> int:
    from bot.workshop.workspaces import WorkspacesService
    from storage.db import UnitOfWork, build_engine

    engine = build_engine(load_database_url(load_environment()))
    try:
        deleted = WorkspacesService(UnitOfWork(engine), lambda _team: None).purge(team_id)
    finally:
        engine.dispose()
    print(f"{PROG}: purged workspace {team_id}: {deleted} rows deleted.")
    return 0


def _reseal() -> int:
    from storage.cipher import TokenCipher
    from storage.db import build_engine
    from storage.installations import SealedInstallationStore

    settings = load_settings(load_environment())
    if settings.oauth is None:
        print(f"{PROG}: no OAuth settings (SLACK_CLIENT_ID…): there are no sealed tokens to reseal.")
        return 2
    engine = build_engine(settings.database_url)
    try:
        store = SealedInstallationStore(
            settings.oauth.client_id, engine, TokenCipher(settings.oauth.encryption_keys)
        )
        count = store.reseal_all()
    finally:
        engine.dispose()
    print(f"{PROG}: resealed {count} tokens with the first key.")
    return 0
