"""Workspaces that installed the bot by OAuth: each one's bot token, refreshed before it expires."""

import logging
import threading
import time
from dataclasses import dataclass

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_bolt.context import BoltContext
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import Engine

from bot.config import OAuth
from storage.cipher import TokenCipher
from storage.installations import SealedInstallationStore, held_alone, state_store
from storage.workspaces import grid_org_of, remember_grid_org

logger = logging.getLogger(__name__)

REFRESH_BEFORE_MINUTES = 120  # refresh a rotating token when it has less than this left (Bolt's default)
CACHE_SECONDS = 60.0  # how long a token read from the database serves before it is read again


class NotInstalled(Exception):
    """The team has no installation (never installed, or uninstalled since)."""


@dataclass
class _Cached:
    bot: Bot
    read_at: float


class InstalledTokens:
    """Each installed team's bot: read from the sealed store, cached for a minute, and refreshed when a
    rotating token nears its expiry, by one thread of one instance at a time (the others wait, then read
    the token it saved)."""

    def __init__(self, store: SealedInstallationStore, rotator: TokenRotator) -> None:
        self.store = store
        self.rotator = rotator
        self._cache: dict[str, _Cached] = {}
        self._orgs: dict[str, str | None] = {}  # each team's Enterprise Grid org, as far as known
        self._lock = threading.Lock()

    def __call__(self, team_id: str) -> str:
        """The team's bot token (the gateway's token source)."""
        token = self.bot(team_id).bot_token
        assert token is not None
        return token

    def bot(self, team_id: str, enterprise_id: str | None = None) -> Bot:
        """The bot of workspace `team_id`; `enterprise_id` is its Enterprise Grid org when a request says
        so (the scheduler doesn't know it: the org a request of the team named before is used)."""
        if enterprise_id:
            self.learn_org(team_id, enterprise_id)
        with self._lock:
            cached = self._cache.get(team_id)
        if cached is not None and time.monotonic() - cached.read_at < CACHE_SECONDS and _fresh(cached.bot):
            return cached.bot
        bot = self._find(team_id)
        if not _fresh(bot):
            with held_alone(self.store.engine, f"token-refresh:{bot.enterprise_id}:{bot.team_id}"):
                bot = self._find(team_id)  # another instance may have refreshed it meanwhile
                refreshed = self.rotator.perform_bot_token_rotation(
                    bot=bot, minutes_before_expiration=REFRESH_BEFORE_MINUTES
                )
                if refreshed is not None:
                    self.store.save_bot(refreshed)
                    logger.info("Refreshed the bot token of team %s", team_id)
                    bot = refreshed
        with self._lock:
            self._cache[team_id] = _Cached(bot, time.monotonic())
        return bot

    def org_bot(self, enterprise_id: str) -> Bot:
        """The org-wide install of an Enterprise Grid org (an org-level request names no workspace)."""
        bot = self.store.find_bot(enterprise_id=enterprise_id, team_id=None, is_enterprise_install=True)
        if bot is None or not bot.bot_token:
            raise NotInstalled(enterprise_id)
        return bot

    def forget(self, team_id: str) -> None:
        """Drop the cached token (the team uninstalled the app)."""
        with self._lock:
            self._cache.pop(team_id, None)

    def learn_org(self, team_id: str, enterprise_id: str) -> None:
        """Remember that workspace `team_id` belongs to the org `enterprise_id` (kept in the database)."""
        with self._lock:
            known = self._orgs.get(team_id)
        if known != enterprise_id and grid_org_of(self.store.engine, team_id) != enterprise_id:
            remember_grid_org(self.store.engine, team_id, enterprise_id)
        with self._lock:
            self._orgs[team_id] = enterprise_id

    def _org(self, team_id: str) -> str | None:
        with self._lock:
            if team_id in self._orgs:
                return self._orgs[team_id]
        org = grid_org_of(self.store.engine, team_id)
        with self._lock:
            self._orgs[team_id] = org
        return org

    def _find(self, team_id: str) -> Bot:
        """The workspace's own install (in a Grid org or not), else its org's org-wide install."""
        org = self._org(team_id)
        bot = self.store.find_bot(enterprise_id=org, team_id=team_id)
        if bot is None and org is not None:
            bot = self.store.find_bot(enterprise_id=org, team_id=None, is_enterprise_install=True)
        if bot is None or not bot.bot_token:
            raise NotInstalled(team_id)
        return bot


def _fresh(bot: Bot) -> bool:
    """Whether the token has more than REFRESH_BEFORE_MINUTES left (a token that doesn't rotate: always)."""
    expires_at = bot.bot_token_expires_at
    return expires_at is None or expires_at > time.time() + REFRESH_BEFORE_MINUTES * 60


class InstalledBots(Authorize):
    """Bolt's authorize step for many workspaces: the request's team's bot, from InstalledTokens (so a
    request and the scheduler share one cache and one refresher)."""

    def __init__(self, tokens: InstalledTokens) -> None:
        self.tokens = tokens

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        **_actor: str | None,
    ) -> AuthorizeResult | None:
        try:
            if team_id:
                bot = self.tokens.bot(team_id, enterprise_id)
            else:  # an org-wide request naming no workspace (an org-level event)
                bot = self.tokens.org_bot(enterprise_id or "")
        except NotInstalled:
            logger.warning(
                "A request from team %s (org %s), which has no installation", team_id, enterprise_id
            )
            return None
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_user_id=bot.bot_user_id,
            bot_id=bot.bot_id,
            bot_token=bot.bot_token,
            bot_scopes=bot.bot_scopes,
            user_id=user_id,
        )


@dataclass(frozen=True)
class Installs:
    """What installing by OAuth needs: the stores and the team tokens."""

    oauth: OAuth
    store: SealedInstallationStore
    tokens: InstalledTokens

    @classmethod
    def build(cls, oauth: OAuth, engine: Engine, client: WebClient) -> "Installs":
        """On `engine`, the core's own (one connection pool per process)."""
        store = SealedInstallationStore(oauth.client_id, engine, TokenCipher(oauth.encryption_keys))
        rotator = TokenRotator(client_id=oauth.client_id, client_secret=oauth.client_secret, client=client)
        return cls(oauth, store, InstalledTokens(store, rotator))

    def state_store(self):
        return state_store(self.store.engine)
