"""Installations at rest: every token sealed, and keys rotated without a moment when a token can't be read."""

import pytest
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import select

from bot.cli import main
from storage.cipher import CipherError, TokenCipher, new_key
from storage.installations import BOTS, INSTALLATIONS, SealedInstallationStore

TEAM = "T0CLIENT2"
TOKEN, REFRESH = "xoxb-T0CLIENT2-1234-secret", "xoxe-1-T0CLIENT2-refresh"


def _install(engine, keys: list[str]) -> SealedInstallationStore:
    store = SealedInstallationStore("1111.2222", engine, TokenCipher(keys))
    store.save(
        Installation(
            app_id="A0TOUCHPT",
            team_id=TEAM,
            user_id="U0DANA001",
            bot_token=TOKEN,
            bot_refresh_token=REFRESH,
            bot_token_expires_in=43200,
            bot_id="B0BOT",
            bot_user_id="U0BOT0001",
            bot_scopes="chat:write",
        )
    )
    return store


def _stored(engine) -> list[str]:
    with engine.connect() as connection:
        return [
            value
            for table in (BOTS, INSTALLATIONS)
            for row in connection.execute(select(table.c.bot_token, table.c.bot_refresh_token))
            for value in row
        ]


def _opened(engine, keys: list[str]) -> tuple[str | None, str | None]:
    bot = SealedInstallationStore("1111.2222", engine, TokenCipher(keys)).find_bot(
        enterprise_id=None, team_id=TEAM
    )
    assert bot is not None
    return bot.bot_token, bot.bot_refresh_token


def test_tokens_are_sealed_at_rest_and_open_with_the_key(engine):
    key = new_key()
    _install(engine, [key])
    stored = _stored(engine)
    assert len(stored) == 4 and not any(TOKEN in v or REFRESH in v or v.startswith("xox") for v in stored)
    assert _opened(engine, [key]) == (TOKEN, REFRESH)
    with pytest.raises(CipherError):
        _opened(engine, [new_key()])


def test_key_rotation_reads_with_both_keys_while_resealing_then_with_the_new_one_alone(engine):
    old, new = new_key(), new_key()
    _install(engine, [old])
    before = _stored(engine)

    assert _opened(engine, [new, old]) == (TOKEN, REFRESH)  # the new key put first: all still open
    assert SealedInstallationStore("1111.2222", engine, TokenCipher([new, old])).reseal_all() == 4

    assert set(_stored(engine)).isdisjoint(before)
    assert _opened(engine, [new]) == (TOKEN, REFRESH)  # the old key can go
    with pytest.raises(CipherError):
        _opened(engine, [old])


def test_the_cli_reseals_with_the_first_key(engine, database_url, monkeypatch, capsys):
    old, new = new_key(), new_key()
    _install(engine, [old])
    for name, value in {
        "DATABASE_URL": database_url,
        "SLACK_CLIENT_ID": "1111.2222",
        "SLACK_CLIENT_SECRET": "client-secret",
        "SLACK_SIGNING_SECRET": "secret",
        "TOUCHPOINT_ENCRYPTION_KEY": f"{new},{old}",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)

    assert main(["reseal-tokens"]) == 0

    assert "resealed 4 tokens" in capsys.readouterr().out
    assert _opened(engine, [new]) == (TOKEN, REFRESH)
