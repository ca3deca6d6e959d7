"""The one place the bot calls Slack's Web API. Slack's errors leave it as the core's own: a `UserError` when
the person can do something about it, else `SlackRefused` with Slack's error code."""

import itertools
import logging
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, ServerErrorRetryHandler

from bot.i18n import N_
from bot.lookups import SharedAnswers, SingleFlight
from bot.method.errors import SlackRefused, UserError
from bot.pacing import Pacer, PatientRateLimitHandler, hurried, slack_method, time_left
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
MISSING_SCOPE = N_(
    "I lack Slack's permission `{scope}` for this: ask a workspace admin to reinstall Touchpoint so it "
    "gets that permission."
)

OUTSIDER = N_(
    "You're here as a guest from another organisation: this workspace's touchpoint maps are open only to "
    "its own people."
)


# docs.slack.dev/interactivity/handling-user-interaction: a response_url "can be used up to 5 times within
# 30 minutes" of the interaction; past that Slack refuses it (`used_url`, `expired_url`).
RESPONSE_URL_USES, RESPONSE_URL_SECONDS = 5, 30 * 60

LOOKUP_SECONDS = 1.0  # the most a request waits for users.info before its ack (Slack gives the ack 3 s)
# The most users.info waits for Slack's rate limit, in the background too: a person's language is worth
# less than the thread it would hold while people wait for their modals (a failure is kept FAILED_TTL).
LOOKUP_WAIT = 2.0

SIGN_IN_PAGE = N_(
    "Slack sent a sign-in page instead of your file: I may not be allowed to read it. Paste the CSV's "
    "text instead, or ask a workspace admin to reinstall me, then try again."
)

MEMBERSHIP_TTL = 30.0  # seconds a channel's members are kept (someone missing makes the bot ask again)
FAILED_TTL = 60.0  # seconds: a users.info that failed is asked again after this (never kept as an answer)
# As many people unknown at once (a big channel's nudges) are looked up in users.list's pages, at most
# USERS_LIST_PAGES of USERS_LIST_PAGE, rather than one users.info each; whoever isn't there is asked alone.
USERS_LIST_FROM = 20
USERS_LIST_PAGE = 200  # Slack's advice for users.list
USERS_LIST_PAGES = 10


def build_client(token: str | None, base_url: str) -> WebClient:
    """A WebClient that retries rate limits after the Retry-After Slack asks for, as often as it takes
    (bot/pacing.py), and 500 and 503 answers and dropped connections twice, after a short backoff
    (slack_sdk's built-in handlers)."""
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=10,
        retry_handlers=[
            PatientRateLimitHandler(),
            ServerErrorRetryHandler(max_retry_count=2),
            ConnectionErrorRetryHandler(max_retry_count=2),
        ],
    )


class Person(NamedTuple):
    """What users.info says of a person, and when it was asked (time.monotonic())."""

    when: float
    locale: str | None
    tz: str | None
    name: str | None
    bot: bool = False
    deleted: bool = False
    failed: bool = False  # Slack didn't say: nothing is known of them
    team: str | None = None  # the person's own workspace (another organisation's, for a Slack Connect guest)
    org: str | None = None  # their Enterprise Grid organisation, if any

    @classmethod
    def kept(cls, when: float, stored: dict[str, Any]) -> "Person":
        return cls(
            when,
            stored.get("locale"),
            stored.get("tz"),
            stored.get("name"),
            bool(stored.get("bot")),
            bool(stored.get("deleted")),
            team=stored.get("team"),
            org=stored.get("org"),
        )


@dataclass(frozen=True)
class Message:
    text: str
    blocks: list[dict[str, Any]]


@dataclass(frozen=True)
class MessageWithMetadata(Message):
    """A message that says what it is, for apps to read (docs.slack.dev/messaging/message-metadata)."""

    metadata: dict[str, Any]


Tokens = Callable[[str], str]
"""The bot token for a team: the one SLACK_BOT_TOKEN, or the team's installation's."""


class SlackGateway:
    """Every Web API call goes out here, with the bot token of the team it is made for."""

    def __init__(
        self,
        client: WebClient,
        tokens: Tokens,
        membership_ttl: float = MEMBERSHIP_TTL,
        answers: SharedAnswers | None = None,
        *,
        single_flight: bool = True,
    ) -> None:
        self.client = client
        self.tokens = tokens
        self.membership_ttl = membership_ttl
        self._members: dict[str, tuple[float, frozenset[str]]] = {}
        self._members_lock = threading.Lock()
        self.locale_ttl = 3600.0
        self._people: dict[str, Person] = {}
        self._bot_users: dict[str, str] = {}
        self._lookups = SingleFlight()  # users.info under way in the background, for person_within
        self._response_urls: dict[str, tuple[float, int]] = {}  # url -> (when it arrived, uses so far)
        self._response_urls_pruned_at = 0  # how many were kept at the last pruning
        # People and channels' members: asked once for concurrent askers in this process, and kept in the
        # database for every instance (bot/lookups.py); either can be left out, to measure them
        # (benchmarks/people_lookups.py).
        self.answers = answers
        self._flights = SingleFlight() if single_flight else None
        self.pacer = Pacer()
        sdk = client  # its retry handlers, not a Web API method (tests/test_manifest.py reads `client.…`)
        for handler in sdk.retry_handlers:
            if isinstance(handler, PatientRateLimitHandler):
                handler.on_limited = self.pacer.limited

    def __deepcopy__(self, memo: dict) -> "SlackGateway":
        return self  # shared by every request, like the client it wraps

    def is_member(self, team_id: str, channel: str, user: str) -> bool:
        """Whether `user` is in `channel`. A channel's members are kept `membership_ttl` seconds; someone
        missing from them makes the bot ask Slack again (once for everyone who asks meanwhile). A guest
        from another organisation (a Slack Connect channel's external member) is refused outright."""
        self.refuse_outsider(team_id, user)
        if user in self._channel_members(team_id, channel, self.membership_ttl)[1]:
            return True
        key = f"members:{channel}"  # counted in since by another instance (member_joined), or asked since
        kept = self.answers.fresh(team_id, [key], self.membership_ttl).get(key) if self.answers else None
        if kept is not None and user in kept[1]:
            with self._members_lock:
                self._members[channel] = (_monotonic(kept[0]), frozenset(kept[1]))
            return True
        return user in self.members(team_id, channel)

    def member_joined(self, team_id: str, channel: str, user: str) -> None:
        """Slack says `user` joined `channel`: the members kept here and in the database count them in."""
        self._amend_members(team_id, channel, lambda members: members | {user})

    def member_left(self, team_id: str, channel: str, user: str) -> None:
        """Slack says `user` left `channel`: the members kept here and in the database leave them out."""
        self._amend_members(team_id, channel, lambda members: members - {user})

    def _amend_members(
        self, team_id: str, channel: str, change: Callable[[frozenset[str]], frozenset[str]]
    ) -> None:
        with self._members_lock:
            cached = self._members.get(channel)
            if cached is not None:
                self._members[channel] = (cached[0], change(cached[1]))
        if self.answers is not None:
            self.answers.amend(team_id, f"members:{channel}", lambda kept: sorted(change(frozenset(kept))))

    def knows_member(self, team_id: str, channel: str, user: str) -> bool:
        """Whether `user` is among `channel`'s members as this process keeps them, without asking anyone."""
        with self._members_lock:
            cached = self._members.get(channel)
        return cached is not None and time.monotonic() - cached[0] < self.membership_ttl and user in cached[1]

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

    def members(self, team_id: str, channel: str) -> frozenset[str]:
        """Everyone in `channel` (bots too), asked of Slack now rather than cached: for a decision that
        rests on who has left."""
        return self._channel_members(team_id, channel, 0.0)[1]

    def people_in(self, team_id: str, channel: str) -> frozenset[str]:
        """The people in `channel`: its members, leaving out bots (the bot itself among them) and
        deactivated accounts; a person Slack couldn't tell about is counted in."""
        bot = self.bot_user_id(team_id)
        members = self._channel_members(team_id, channel, self.membership_ttl)[1]
        people = self.people(team_id, members - {bot})
        return frozenset(u for u, person in people.items() if not (person.bot or person.deleted))

    def bot_user_id(self, team_id: str) -> str:
        """The bot's own user id in the team (auth.test), asked once."""
        if team_id not in self._bot_users:
            self._bot_users[team_id] = self._call(team_id, self.client.auth_test)["user_id"]
        return self._bot_users[team_id]

    def _channel_members(self, team_id: str, channel: str, max_age: float) -> tuple[float, frozenset[str]]:
        """The channel's members as known less than `max_age` seconds ago, with when they were asked: from
        this process, else the database, else Slack (one call for every concurrent asker)."""
        with self._members_lock:
            cached = self._members.get(channel)
        if cached is not None and time.monotonic() - cached[0] < max_age:
            return cached
        # an asker who wants Slack's answer now (max_age 0) doesn't take one kept a while from another
        flight = ("members", team_id, channel, "kept" if max_age > 0 else "now")
        return self._once(flight, lambda: self._load_members(team_id, channel, max_age))

    def _load_members(self, team_id: str, channel: str, max_age: float) -> tuple[float, frozenset[str]]:
        with self._members_lock:
            cached = self._members.get(channel)
        if cached is not None and time.monotonic() - cached[0] < max_age:
            return cached  # asked while this caller waited for its turn
        key = f"members:{channel}"
        if self.answers is not None and max_age > 0:
            when, value = self.answers.ask_once(
                team_id, key, max_age, lambda: sorted(self._fetch_members(team_id, channel))
            )
            entry = (_monotonic(when), frozenset(value or ()))
        else:
            entry = (time.monotonic(), self._fetch_members(team_id, channel))
            if self.answers is not None:
                self.answers.keep(team_id, {key: sorted(entry[1])}, time.time())
        with self._members_lock:
            self._members[channel] = entry
        return entry

    def _once(self, key: tuple[str, ...], call: Callable[[], Any]) -> Any:
        return call() if self._flights is None else self._flights.do(key, call)

    def _fetch_members(self, team_id: str, channel: str) -> frozenset[str]:
        pages = self._pages(team_id, self.client.conversations_members, None, channel=channel, limit=1000)
        return frozenset(member for page in pages for member in page["members"])

    def _pages(
        self, team_id: str, method: Callable[..., Any], most: int | None, **kwargs: Any
    ) -> Iterator[dict[str, Any]]:
        """A paged method's answer, page by page as its cursor leads (`most` pages at most)."""
        cursor = None
        for _ in itertools.count() if most is None else range(most):
            page = self._call(team_id, method, cursor=cursor, **kwargs)
            yield page
            cursor = page.get("response_metadata", {}).get("next_cursor")
            if not cursor:
                return

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
        return self.people(team_id, [user])[user]

    def people(self, team_id: str, users: Iterable[str]) -> dict[str, "Person"]:
        """What users.info says of each of `users`: known in this process, else kept in the database (one
        query for them all), else asked of Slack, once a person however many ask at once."""
        found: dict[str, Person] = {}
        missing = []
        for user in users:
            cached = self.cached_person(user)
            if cached is None:
                missing.append(user)
            else:
                found[user] = cached
        if missing and self.answers is not None:
            kept = self.answers.fresh(team_id, [f"user:{u}" for u in missing], self.locale_ttl)
            for user in missing:
                if f"user:{user}" in kept:
                    when, value = kept[f"user:{user}"]
                    found[user] = self._remember(user, Person.kept(_monotonic(when), value))
        unknown = {user for user in missing if user not in found}
        if len(unknown) >= USERS_LIST_FROM:
            found.update(self._list_people(team_id, unknown))
        for user in missing:
            if user not in found:
                found[user] = self._once(("user", team_id, user), partial(self._ask_person, team_id, user))
        return found

    def _list_people(self, team_id: str, wanted: set[str]) -> dict[str, "Person"]:
        """The workspace's people from users.list's pages, until `wanted` are all seen (or the pages
        allowed are read), each remembered here and kept in the database; those of `wanted` seen."""
        seen: dict[str, dict[str, Any]] = {}
        when = time.time()
        pages = self._pages(
            team_id, self.client.users_list, USERS_LIST_PAGES, limit=USERS_LIST_PAGE, include_locale=True
        )
        try:
            for page in pages:
                seen |= {answer["id"]: _kept(answer) for answer in page["members"]}
                if wanted <= seen.keys():
                    break
        except (SlackRefused, UserError, KeyError):
            logger.warning("could not list the workspace's people: asking for each instead")
        if self.answers is not None:
            self.answers.keep(team_id, {f"user:{user}": stored for user, stored in seen.items()}, when)
        people = {
            user: self._remember(user, Person.kept(_monotonic(when), stored)) for user, stored in seen.items()
        }
        return {user: people[user] for user in wanted if user in people}

    def _ask_person(self, team_id: str, user: str) -> "Person":
        cached = self.cached_person(user)
        if cached is not None:
            return cached  # asked while this caller waited for its turn
        if self.answers is None:
            when, stored = time.time(), self._users_info(team_id, user)
        else:
            ask = partial(self._users_info, team_id, user)
            when, stored = self.answers.ask_once(team_id, f"user:{user}", self.locale_ttl, ask)
        if stored is None:
            return self._remember(user, Person(time.monotonic(), None, None, None, failed=True))
        return self._remember(user, Person.kept(_monotonic(when), stored))

    def _users_info(self, team_id: str, user: str) -> dict[str, Any] | None:
        """What users.info says of `user`, as a `Person` keeps it; None when Slack can't say."""
        try:
            with hurried(LOOKUP_WAIT):  # a rate limit is waited for LOOKUP_WAIT at most, even after the ack
                answer = self._call(team_id, self.client.users_info, user=user, include_locale=True)["user"]
        except (SlackRefused, UserError, KeyError):
            logger.warning("could not read %s's locale, time zone and name", user)
            return None
        return _kept(answer)

    def _remember(self, user: str, person: "Person") -> "Person":
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
        if cached is not None and time.monotonic() - cached.when < (
            FAILED_TTL if cached.failed else self.locale_ttl
        ):
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
        done, since = self._lookups.in_background(
            (team_id, user), partial(self._person, team_id, user), "touchpoint-users-info"
        )
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

    def update_view(self, team_id: str, external_id: str, view: dict[str, Any]) -> None:
        """Replace the open modal whose `external_id` is given (SlackRefused `not_found` once it is
        closed, or while Slack doesn't show it yet)."""
        self._call(team_id, self.client.views_update, external_id=external_id, view=view)

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
    ) -> str | None:
        """Share a file (a map image) in `channel`, with alt text for screen readers; its file id."""
        answer = self._call(
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
        shared = answer.get("file") or {}
        return shared.get("id") if isinstance(shared, dict) else None

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
            if response.headers.get_content_type() == "text/html":
                # A private download Slack won't serve answers 200 with its sign-in page, not an error.
                raise UserError(SIGN_IN_PAGE)
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
        wait = self.pacer.delay(team_id, slack_method(method.__name__), kwargs.get("channel"))
        left = time_left()
        if wait > 0 and (left is None or wait < left - 1):  # before an ack, never past its budget
            time.sleep(wait)
        try:
            return method(token=self.tokens(team_id), **kwargs)
        except SlackApiError as error:
            code = error.response.get("error", "")
            if code == "missing_scope":
                needed = error.response.get("needed") or "?"
                logger.error("Slack answered missing_scope to %s: the app needs %s", method.__name__, needed)
                raise UserError(MISSING_SCOPE, scope=needed) from error
            logger.warning("Slack answered %s to %s", code, method.__name__)
            if code in _CHANNEL_ERRORS:
                raise UserError(_CHANNEL_ERRORS[code]) from error
            raise SlackRefused(code) from error


def _kept(answer: dict[str, Any]) -> dict[str, Any]:
    """What the bot keeps of a person as users.info or users.list describes them (a `Person`'s fields)."""
    profile = answer.get("profile") or {}
    return {
        "locale": answer.get("locale") or None,
        "tz": answer.get("tz") or None,
        "name": profile.get("display_name") or profile.get("real_name") or answer.get("real_name") or None,
        "bot": bool(answer.get("is_bot")),
        "deleted": bool(answer.get("deleted")),
        "team": answer.get("team_id") or None,
        "org": (answer.get("enterprise_user") or {}).get("enterprise_id") or None,
    }


def _monotonic(epoch: float) -> float:
    """`epoch` (time.time()) on time.monotonic()'s scale, to age a kept answer like one asked here."""
    return time.monotonic() - (time.time() - epoch)


def _fields(message: Message) -> dict[str, Any]:
    if isinstance(message, MessageWithMetadata):
        return {"text": message.text, "blocks": message.blocks, "metadata": message.metadata}
    return {"text": message.text, "blocks": message.blocks}
