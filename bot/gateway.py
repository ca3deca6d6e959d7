"""The one place the bot calls Slack's Web API. Slack's errors leave it as the core's own: a `UserError` when
the person can do something about it, else `SlackRefused` with Slack's error code."""

import logging
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryState
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.i18n import N_
from bot.method.errors import SlackRefused, UserError
from bot.workshop.chat import SharedFile

logger = logging.getLogger(__name__)

# Slack's errors that mean "the bot can't post there", with what the user can do about it.
_CHANNEL_ERRORS = {
    "not_in_channel": N_(
        "I'm not in this channel yet: invite me with `/invite @Touchpoint`, then try again."
    ),
    "channel_not_found": N_(
        "I can't see this channel: invite me with `/invite @Touchpoint`, then try again."
    ),
    "is_archived": N_("This channel is archived, so I can't post in it."),
}

OUTSIDER = N_(
    "You're here as a guest from another organisation: this workspace's touchpoint maps are open only to "
    "its own people."
)


# docs.slack.dev/interactivity/handling-user-interaction: a response_url "can be used up to 5 times within
# 30 minutes" of the interaction; past that Slack refuses it (`used_url`, `expired_url`).
RESPONSE_URL_USES, RESPONSE_URL_SECONDS = 5, 30 * 60

LOOKUP_SECONDS = 1.0  # the most a request waits for users.info before its ack (Slack gives the ack 3 s)

RETRY_AFTER_MAX = 30  # seconds: a longer Retry-After fails the call at once (the person is told)


class RateLimitRetryHandler(RateLimitErrorRetryHandler):
    """Retries a 429 after the Retry-After Slack asks for, unless that is over RETRY_AFTER_MAX seconds."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or not super()._can_retry(state=state, request=request, response=response):
            return False
        retry_after = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), ["1"])
        return not retry_after[0].isdigit() or int(retry_after[0]) <= RETRY_AFTER_MAX


def build_client(token: str | None, base_url: str) -> WebClient:
    """A WebClient that retries, twice at most: rate limits after the Retry-After Slack asks for, 500 and
    503 answers and dropped connections after a short backoff (slack_sdk's built-in handlers)."""
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=10,
        retry_handlers=[
            RateLimitRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
            ConnectionErrorRetryHandler(max_retry_count=2),
        ],
    )


class Person(NamedTuple):
    """What users.info says of a person, and when it was asked."""

    when: float
    locale: str | None
    tz: str | None
    name: str | None
    bot: bool = False
    team: str | None = None  # the person's own workspace (another organisation's, for a Slack Connect guest)
    org: str | None = None  # their Enterprise Grid organisation, if any


@dataclass(frozen=True)
class Message:
    text: str
    blocks: list[dict[str, Any]]


Tokens = Callable[[str], str]
"""The bot token for a team: the one SLACK_BOT_TOKEN, or the team's installation's."""


class SlackGateway:
    """Every Web API call goes out here, with the bot token of the team it is made for."""

    def __init__(self, client: WebClient, tokens: Tokens, membership_ttl: float = 30.0) -> None:
        self.client = client
        self.tokens = tokens
        self.membership_ttl = membership_ttl
        self._members: dict[str, tuple[float, frozenset[str]]] = {}
        self._members_lock = threading.Lock()
        self.locale_ttl = 3600.0
        self._people: dict[str, Person] = {}
        self._bot_users: dict[str, str] = {}
        self._lookups: dict[str, tuple[threading.Event, float]] = {}  # users.info under way: done, since
        self._response_urls: dict[str, tuple[float, int]] = {}  # url -> (when it arrived, uses so far)
        self._response_urls_pruned_at = 0  # how many were kept at the last pruning

    def __deepcopy__(self, memo: dict) -> "SlackGateway":
        return self  # shared by every request, like the client it wraps

    def is_member(self, team_id: str, channel: str, user: str) -> bool:
        """Whether `user` is in `channel`. Members are cached for a while; a miss always asks Slack again.
        A guest from another organisation (a Slack Connect channel's external member) is refused outright."""
        self.refuse_outsider(team_id, user)
        with self._members_lock:
            cached = self._members.get(channel)
        if cached is not None and time.monotonic() - cached[0] < self.membership_ttl and user in cached[1]:
            return True
        return user in self._fetch_members(team_id, channel)

    def is_outsider(self, team_id: str, user: str, within: float | None = None) -> bool:
        """Whether users.info says `user` belongs to another workspace than `team_id`, outside any
        Enterprise Grid organisation (whose workspaces share their people): a Slack Connect guest. With
        `within`, Slack's answer is waited for that long at most (the ack's path), else taken as no: a
        guest still in the channel sees what it shows anyway, and is refused from the next request on."""
        person = self._person(team_id, user) if within is None else self.person_within(team_id, user, within)
        return (
            person is not None
            and team_id.startswith("T")
            and person.org is None
            and person.team is not None
            and person.team != team_id
        )

    def refuse_outsider(self, team_id: str, user: str) -> None:
        """Raise the `UserError` a Slack Connect guest hears (`is_outsider`, waiting LOOKUP_SECONDS at
        most for users.info)."""
        if self.is_outsider(team_id, user, within=LOOKUP_SECONDS):
            raise UserError(OUTSIDER)

    def left(self, channel: str, user: str) -> None:
        """`user` left `channel` (member_left_channel): the cached members forget them at once."""
        with self._members_lock:
            cached = self._members.get(channel)
            if cached is not None:
                self._members[channel] = (cached[0], cached[1] - {user})

    def members(self, team_id: str, channel: str) -> frozenset[str]:
        """Everyone in `channel` (bots too), asked of Slack now rather than cached: for a decision that
        rests on who has left."""
        return self._fetch_members(team_id, channel)

    def people_in(self, team_id: str, channel: str) -> frozenset[str]:
        """The people in `channel`: its members, leaving out bots (the bot itself among them)."""
        bot = self.bot_user_id(team_id)
        members = self._fetch_members(team_id, channel)
        return frozenset(u for u in members if u != bot and not self._person(team_id, u).bot)

    def bot_user_id(self, team_id: str) -> str:
        """The bot's own user id in the team (auth.test), asked once."""
        if team_id not in self._bot_users:
            self._bot_users[team_id] = self._call(team_id, self.client.auth_test)["user_id"]
        return self._bot_users[team_id]

    def _fetch_members(self, team_id: str, channel: str) -> frozenset[str]:
        members: set[str] = set()
        cursor = None
        while True:
            page = self._call(
                team_id, self.client.conversations_members, channel=channel, limit=1000, cursor=cursor
            )
            members.update(page["members"])
            cursor = page.get("response_metadata", {}).get("next_cursor")
            if not cursor:
                break
        with self._members_lock:
            self._members[channel] = (time.monotonic(), frozenset(members))
        return frozenset(members)

    def locale(self, team_id: str, user: str) -> str | None:
        """The person's Slack locale, such as `fa-IR` (users.info), cached for an hour; None if unknown."""
        return self._person(team_id, user).locale

    def timezone(self, team_id: str, user: str) -> str | None:
        """The person's Slack time zone, such as `Asia/Tehran` (users.info), cached for an hour; None if
        unknown."""
        return self._person(team_id, user).tz

    def display_name(self, team_id: str, user: str) -> str | None:
        """The name Slack shows for the person (display name, else real name), cached like the locale."""
        return self._person(team_id, user).name

    def _person(self, team_id: str, user: str) -> "Person":
        cached = self.cached_person(user)
        if cached is not None:
            return cached
        try:
            answer = self._call(team_id, self.client.users_info, user=user, include_locale=True)["user"]
            profile = answer.get("profile") or {}
            person = Person(
                time.monotonic(),
                answer.get("locale") or None,
                answer.get("tz") or None,
                profile.get("display_name") or profile.get("real_name") or answer.get("real_name") or None,
                bool(answer.get("is_bot")),
                answer.get("team_id") or None,
                (answer.get("enterprise_user") or {}).get("enterprise_id") or None,
            )
        except (SlackRefused, UserError, KeyError):
            logger.warning("could not read %s's locale, time zone and name", user)
            person = Person(time.monotonic(), None, None, None)
        with self._members_lock:
            self._people[user] = person
        return person

    def is_admin(self, team_id: str, user: str) -> bool:
        """Whether `user` is an admin or owner of the workspace (users.info's `is_admin`, `is_owner`).

        Asked afresh every time, never cached (a person's role may have just been taken away), and False
        when Slack can't say: a check that grants power fails closed."""
        try:
            answer = self._call(team_id, self.client.users_info, user=user)["user"]
        except (SlackRefused, UserError, KeyError):
            logger.warning("could not read whether %s is a workspace admin", user)
            return False
        return bool(answer.get("is_admin") or answer.get("is_owner"))

    def cached_person(self, user: str) -> "Person | None":
        """What users.info said of the person if it was asked lately, without asking Slack (for the fast
        ack path); None when it wasn't."""
        with self._members_lock:
            cached = self._people.get(user)
        if cached is not None and time.monotonic() - cached.when < self.locale_ttl:
            return cached
        return None

    def person_within(self, team_id: str, user: str, seconds: float) -> "Person | None":
        """What users.info says of the person, if it is known or Slack answers within `seconds` of the
        lookup's start (for an answer only the ack, or a trigger, can carry: a request that asks twice waits
        `seconds` in all); None if Slack is slower. The lookup goes on in the background either way, and its
        answer is cached for the next request."""
        cached = self.cached_person(user)
        if cached is not None:
            return cached
        with self._members_lock:  # one lookup at a time per person, however many requests wait for it
            done, since = self._lookups.get(user) or (None, time.monotonic())
            started = done is None
            if done is None:
                done = threading.Event()
                self._lookups[user] = done, since
        if started:

            def look_up() -> None:
                try:
                    self._person(team_id, user)
                finally:
                    with self._members_lock:
                        self._lookups.pop(user, None)
                    done.set()

            threading.Thread(target=look_up, name="touchpoint-users-info", daemon=True).start()
        done.wait(max(0.0, since + seconds - time.monotonic()))
        return self.cached_person(user)

    def met_response_url(self, url: str) -> None:
        """A request brought `url`: Slack's 30 minutes for it run from now. Forgets the expired ones."""
        now = time.monotonic()
        with self._members_lock:
            if len(self._response_urls) >= self._response_urls_pruned_at + 1000:
                expired = [u for u, (at, _) in self._response_urls.items() if now - at > RESPONSE_URL_SECONDS]
                for old in expired:
                    del self._response_urls[old]
                self._response_urls_pruned_at = len(self._response_urls)
            self._response_urls.setdefault(url, (now, 0))

    def use_response_url(self, url: str) -> bool:
        """Count a use of `url`; False when Slack would refuse it (its five uses spent, or its thirty
        minutes past): the answer must go another way."""
        now = time.monotonic()
        with self._members_lock:
            arrived, uses = self._response_urls.get(url, (now, 0))
            if uses >= RESPONSE_URL_USES or now - arrived > RESPONSE_URL_SECONDS:
                return False
            self._response_urls[url] = (arrived, uses + 1)
            return True

    def open_view(self, team_id: str, trigger_id: str, view: dict[str, Any]) -> None:
        self._call(team_id, self.client.views_open, trigger_id=trigger_id, view=view)

    def post_ephemeral(
        self, team_id: str, channel: str, user: str, message: Message, thread_ts: str | None = None
    ) -> None:
        self._call(
            team_id,
            self.client.chat_postEphemeral,
            channel=channel,
            user=user,
            thread_ts=thread_ts,
            **_fields(message),
        )

    def upload(
        self,
        team_id: str,
        channel: str,
        data: bytes,
        *,
        filename: str,
        title: str,
        alt_text: str,
        comment: str,
        thread_ts: str | None = None,
    ) -> None:
        """Share a file (a map image) in `channel`, with alt text for screen readers."""
        self._call(
            team_id,
            self.client.files_upload_v2,
            channel=channel,
            content=data,
            filename=filename,
            title=title,
            alt_txt=alt_text,
            initial_comment=comment,
            thread_ts=thread_ts,
        )

    def share(self, team_id: str, channel: str, files: list[tuple[str, bytes]], *, comment: str) -> None:
        """Share files (name, bytes) in `channel` in one message (an export: a JSON, two CSVs…)."""
        uploads = [{"filename": name, "content": data, "title": name} for name, data in files]
        self._call(
            team_id,
            self.client.files_upload_v2,
            channel=channel,
            file_uploads=uploads,
            initial_comment=comment,
        )

    def direct_channel(self, team_id: str, user: str) -> str:
        """The id of the bot's direct message conversation with `user` (conversations.open)."""
        return self._call(team_id, self.client.conversations_open, users=user)["channel"]["id"]

    def file_info(self, team_id: str, file_id: str) -> SharedFile:
        answer = self._call(team_id, self.client.files_info, file=file_id)["file"]
        url = answer.get("url_private_download") or answer.get("url_private") or ""
        return SharedFile(answer.get("name") or "", int(answer.get("size") or 0), url)

    def download(self, team_id: str, shared: SharedFile, max_bytes: int) -> bytes:
        """The file's bytes, fetched with the bot token (Slack serves private files only to it), at most
        `max_bytes` + 1 of them: the caller refuses a file over its limit without reading it all."""
        request = urllib.request.Request(
            shared.url, headers={"Authorization": f"Bearer {self.tokens(team_id)}"}
        )
        with urllib.request.urlopen(request, timeout=self.client.timeout) as response:
            return response.read(max_bytes + 1)

    def permalink(self, team_id: str, channel: str, ts: str) -> str:
        return self._call(team_id, self.client.chat_getPermalink, channel=channel, message_ts=ts)["permalink"]

    def post(self, team_id: str, channel: str, message: Message, thread_ts: str | None = None) -> str:
        """Post `message` in `channel` (in a thread under `thread_ts`) and return its timestamp."""
        response = self._call(
            team_id, self.client.chat_postMessage, channel=channel, thread_ts=thread_ts, **_fields(message)
        )
        return response["ts"]

    def update(self, team_id: str, channel: str, ts: str, message: Message) -> None:
        self._call(team_id, self.client.chat_update, channel=channel, ts=ts, **_fields(message))

    def _call(self, team_id: str, method, **kwargs):
        try:
            return method(token=self.tokens(team_id), **kwargs)
        except SlackApiError as error:
            code = error.response.get("error", "")
            logger.warning("Slack answered %s to %s", code, method.__name__)
            if code in _CHANNEL_ERRORS:
                raise UserError(_CHANNEL_ERRORS[code]) from error
            raise SlackRefused(code) from error


def _fields(message: Message) -> dict[str, Any]:
    return {"text": message.text, "blocks": message.blocks}
