"""Opening a modal within its trigger's 3 seconds, in the language of the person who asked for it.

A modal is read by the person who opened it, so its labels, hints and buttons are in their Slack locale;
the map's own words (its stages, channels, personas, the starter set's names) stay in the map's language,
and the builders take those apart. Making the form may wait on Slack twice: users.info for a person the
bot has not met, and conversations.members to check that the person is in the map's channel. Both happen
on a thread of their own while the trigger waits FORM_BUDGET: a form made by then opens as it is (one
call); otherwise a waiting modal opens with the trigger, in the best language known without waiting, and
views.update puts the form, or what went wrong, in its place once ready. An error raised within the budget
is raised here, so each surface says it as it always did.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as NotYet
from logging import Logger
from typing import Any

from slack_bolt import BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.inline_form import inline_form
from bot.blocks.waiting import said_modal, waiting_modal
from bot.gateway import Person
from bot.i18n import Translator, translator
from handlers.context import GATEWAY, team_of
from handlers.errors import FORMS_REFUSED, as_user_error, localized

Build = Callable[[Translator], dict[str, Any]]
Prepare = Callable[[], tuple[str | None, Build]]
"""Reads what the form shows (asking Slack if need be): the map's language (None: the form is of no one
map) and the modal as a function of the reader's translator."""

# Seconds the form may take before the waiting modal opens instead: well inside the trigger's 3 s, with
# room for views.open itself and the request's way here.
FORM_BUDGET = 0.8
READER_SECONDS = 5.0  # how long a form waits for a slow users.info before it is worded in the map's language


def open_for_reader(
    context: BoltContext,
    client: WebClient,
    trigger_id: str,
    prepare: Prepare,
    logger: Logger,
    respond: Respond | None = None,
) -> None:
    """Open the modal `prepare` reads, with `trigger_id`, in the language of the person asking. Where
    Slack won't open it in the trigger's life (its budget for modals spent), a form that can come as a
    message does, through `respond` (the click's response_url) if there is one."""
    form = _Form(context, prepare)
    pool = ThreadPoolExecutor(1, thread_name_prefix="touchpoint-form")
    try:
        made = pool.submit(form.make)
    finally:
        pool.shutdown(wait=False)  # the thread ends with the form
    try:
        view = made.result(timeout=FORM_BUDGET)
    except NotYet:
        try:
            waiting = client.views_open(trigger_id=trigger_id, view=waiting_modal(form.known()))["view"]
        except SlackApiError as refused:
            _in_a_message(refused, made.result, respond, form, logger)
            return
        try:
            view = made.result()
        except Exception as error:
            t = form.reader()
            view = said_modal(t, localized(as_user_error(error, logger, "Making a form"), t))
        try:  # the hash makes Slack refuse it if the modal has changed since
            client.views_update(view_id=waiting["id"], hash=waiting.get("hash"), view=view)
        except SlackApiError as refused:
            if refused.response.get("error") not in ("not_found", "hash_conflict"):
                raise
            logger.info("the waiting modal was closed or replaced: %s", refused.response.get("error"))
        return
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as refused:
        _in_a_message(refused, lambda: view, respond, form, logger)


def _in_a_message(
    refused: SlackApiError,
    view: Callable[[], dict[str, Any]],
    respond: Respond | None,
    form: "_Form",
    logger: Logger,
) -> None:
    """Slack refused to open the modal: post the form `view` gives as a message only the person sees, if
    it was refused for lack of Slack's time and can come as one; else raise the refusal."""
    if respond is None or refused.response.get("error") not in FORMS_REFUSED:
        raise refused
    t = form.reader()
    message = inline_form(t, view())
    if message is None:
        raise refused
    logger.info("Slack wouldn't open a modal (%s): the form went as a message", refused.response.get("error"))
    respond(response_type="ephemeral", replace_original=False, text=message.text, blocks=message.blocks)


class _Form:
    """A form as its thread makes it: the person's lookup started at once, the form read meanwhile (its
    map's language kept for the waiting modal), then worded for the reader."""

    def __init__(self, context: BoltContext, prepare: Prepare) -> None:
        self._slack = context.get(GATEWAY)
        self._team, self._user = team_of(context), context.user_id or ""
        self._prepare = prepare
        self._map_language: str | None = None

    def make(self) -> dict[str, Any]:
        self._person(0.0)  # starts users.info, if the person is new, while the form is read
        self._map_language, build = self._prepare()
        return build(self.reader())

    def reader(self) -> Translator:
        """The reader's language: their Slack locale if Slack says it within READER_SECONDS of the lookup's
        start, else the map's (English before the map is read, or for a form of no one map)."""
        return self._worded(self._person(READER_SECONDS))

    def known(self) -> Translator:
        """The best language known without waiting: the person's if known, else the map's if read by now."""
        person = self._slack.cached_person(self._user) if self._slack is not None and self._user else None
        return self._worded(person)

    def _worded(self, person: Person | None) -> Translator:
        """The person's language if Slack has said it (a locale), else the map's."""
        known = None if person is None else person.locale
        return translator(known or self._map_language)

    def _person(self, seconds: float) -> Person | None:
        if self._slack is None or not self._user:
            return None
        return self._slack.person_within(self._team, self._user, seconds)
