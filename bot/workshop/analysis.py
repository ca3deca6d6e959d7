"""Step 3: what works and what falls short at each touchpoint, how the customer feels, and dot votes."""

import logging
import statistics
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from bot.i18n import N_
from bot.method.errors import UserError
from bot.method.vocabulary import Polarity
from bot.workshop import rules
from bot.workshop.service import Actor, Announcement, Origin, Service
from storage.analysis import AnalysisFigures, Notes, Scores, TouchpointTally, Votes
from storage.models import Map, Touchpoint
from storage.repositories import Channels, RequestLog, Stages
from storage.touchpoints import EvidenceLog, Touchpoints

logger = logging.getLogger(__name__)

VOTES_MAX = 20
NOTES_SHOWN = 20
TOP = 5


@dataclass(frozen=True)
class ShownNote:
    polarity: Polarity
    text: str
    author_id: str


@dataclass(frozen=True)
class AnalysisForm:
    """What the *Analyse* modal shows about one touchpoint, for one person."""

    map_id: int
    channel_id: str
    language: str
    touchpoint_id: int
    title: str
    stage: str
    channel: str
    description: str
    need: str
    owner_id: str | None
    evidence: list[tuple[Polarity, str]]
    notes: list[ShownNote]
    hidden_notes: int
    blind: bool
    my_score: int | None
    voted: bool
    votes_left: int
    votes_per_person: int
    still_after: int = 0  # touchpoints after this one in the list the person has not analysed yet


@dataclass(frozen=True)
class Finding:
    touchpoint_id: int | None
    title: str
    detail: dict[str, float | int]


@dataclass(frozen=True)
class Summary:
    pains: list[Finding]
    low_stages: list[Finding]
    disagreements: list[Finding]


@dataclass(frozen=True)
class AnalysisOpened:
    """For the channel: the analysis of `count` touchpoints starts, in the thread below. `unlisted`: the
    list's first page couldn't be posted, so the prompt offers to post it."""

    language: str
    count: int
    map_id: int = 0
    unlisted: bool = False


@dataclass(frozen=True)
class AnalysisListed:
    """For the thread: a page of the touchpoints by stage (id, stage, channel, title, pieces of evidence),
    each to analyse, of the `total` in the list; `following` is the number of the next page, offered by
    *More* (None: there is none, or it was posted already)."""

    language: str
    map_id: int
    rows: list[tuple[int, str, str, str, int]]
    following: int | None = None
    total: int = 0


# Touchpoints a page of the list shows: one message (each under its stage's heading, with *More*, fits
# Slack's 50 blocks), so one post a click, as Slack takes about one message a second in a channel.
LIST_PAGE = 24
LIST_LATER = N_(
    "The prompt is posted, but Slack limits how fast I post in a channel, so its touchpoints aren't in "
    "the thread yet: use *Post the touchpoints* on the prompt in a moment."
)
MORE_LATER = N_(
    "Slack limits how fast I post in a channel, so the next touchpoints aren't posted yet: use *More* "
    "again in a moment."
)


@dataclass(frozen=True)
class NotesRevealed:
    """For the channel: blind analysis ended, everyone's notes show."""

    language: str


@dataclass(frozen=True)
class AnalysisSummarized:
    """For the channel: the step's summary, a message per finding."""

    language: str
    summary: Summary


def summarize(tallies: list[TouchpointTally], stage_names: dict[int, str]) -> Summary:
    """The pains to fix first (votes, then negatives), the stages where feeling dips lowest, and the
    touchpoints where people disagree most (widest spread of scores)."""
    pains = sorted(
        (t for t in tallies if t.votes or t.negatives), key=lambda t: (-t.votes, -t.negatives, t.title)
    )
    by_stage: dict[int, list[int]] = {}
    for tally in tallies:
        by_stage.setdefault(tally.stage_id, []).extend(tally.scores)
    means = sorted((statistics.fmean(s), stage) for stage, s in by_stage.items() if s)
    spread = sorted(
        ((statistics.pstdev(t.scores), t) for t in tallies if len(t.scores) > 1 and len(set(t.scores)) > 1),
        key=lambda pair: (-pair[0], pair[1].title),
    )
    return Summary(
        pains=[
            Finding(t.touchpoint_id, t.title, {"votes": t.votes, "negatives": t.negatives})
            for t in pains[:TOP]
        ],
        low_stages=[Finding(None, stage_names[s], {"mean": round(m, 1)}) for m, s in means[:3] if m < 0],
        disagreements=[
            Finding(
                t.touchpoint_id, t.title, {"low": min(t.scores), "high": max(t.scores), "spread": round(d, 1)}
            )
            for d, t in spread[:3]
        ],
    )


class AnalysisService(Service):
    def origin(self, actor: Actor, map_id: int) -> Origin:
        """The map whose touchpoint a member looks for, to analyse it."""
        with self.reading_map(actor, map_id) as (_session, found):
            return Origin.of(found)

    def form(self, actor: Actor, map_id: int, touchpoint_id: int) -> AnalysisForm:
        with self.reading_map(actor, map_id) as (session, found):
            touchpoint = Touchpoints(session, actor.team_id).get(found.id, touchpoint_id)
            if touchpoint is None:
                raise UserError("That touchpoint is no longer on the map.")
            return _form(session, actor, found, touchpoint)

    def next_form(self, actor: Actor, map_id: int, touchpoint_id: int) -> AnalysisForm | None:
        """The *Analyse* form of the first touchpoint after `touchpoint_id`, in the list's order, that the
        person has not analysed yet; None when there is none (or the touchpoint is gone)."""
        with self.reading_map(actor, map_id) as (session, found):
            touchpoints = Touchpoints(session, actor.team_id)
            current = touchpoints.get(found.id, touchpoint_id)
            if current is None:
                return None
            still = AnalysisFigures(session, actor.team_id).still_to_analyse(
                found.id, actor.user_id, _list_key(session, actor, current)
            )
            following = touchpoints.get(found.id, still[0]) if still else None
            return None if following is None else _form(session, actor, found, following)

    def analyse(
        self,
        actor: Actor,
        map_id: int,
        touchpoint_id: int,
        *,
        positive: str,
        negative: str,
        score: int | None,
        vote: bool,
        request_key: str,
    ) -> None:
        """Add the person's notes, set their score, and cast or take back their vote: all or nothing."""
        texts = {
            Polarity.POSITIVE: rules.note(positive, field="positive"),
            Polarity.NEGATIVE: rules.note(negative, field="negative"),
        }
        if score is not None and not -2 <= score <= 2:
            raise UserError("The feeling score goes from −2 to +2.", field="score")
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            if not Touchpoints(session, actor.team_id).exists(found.id, touchpoint_id):
                raise UserError("That touchpoint is no longer on the map.")
            if not self.claim(session, actor, request_key):
                return
            for polarity, text in texts.items():
                if text:
                    Notes(session, actor.team_id).add(touchpoint_id, actor.user_id, polarity, text)
            if score is not None:
                Scores(session, actor.team_id).set(touchpoint_id, actor.user_id, score)
            votes = Votes(session, actor.team_id)
            voted = votes.has(touchpoint_id, actor.user_id)
            if vote and not voted:
                if votes.used(found.id, actor.user_id) >= found.votes_per_person:
                    raise UserError(
                        "You have used all {count} of your votes: take one back first.",
                        field="vote",
                        count=found.votes_per_person,
                    )
                votes.add(found.id, touchpoint_id, actor.user_id)
            elif voted and not vote:
                votes.remove(touchpoint_id, actor.user_id)

    def post_list(self, actor: Actor, map_id: int | None) -> int:
        """Post a prompt, and in its thread the first page of the touchpoints by stage, each with an
        *Analyse* button, and *More* for the next page. If the page can't be posted, the prompt says so
        and offers to post it: a list is never left half posted and unsaid."""
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            rows = AnalysisFigures(session, actor.team_id).listing(found.id)
            map_id, channel, language = found.id, found.channel_id, found.language
        if not rows:
            raise UserError("The map has no touchpoints to analyse yet.")
        opened = AnalysisOpened(language, len(rows), map_id)
        thread = self.chat.post(actor.team_id, channel, opened)
        try:
            self.chat.post(actor.team_id, channel, _page(opened, rows, 1), thread_ts=thread)
        except UserError:
            raise
        except Exception as error:
            logger.warning("the analysis list of map %s is not posted: %r", map_id, error)
            self._quietly(
                lambda: self.chat.update(actor.team_id, channel, thread, replace(opened, unlisted=True))
            )
            raise UserError(LIST_LATER) from error
        return map_id

    def post_page(self, actor: Actor, map_id: int, page: int, thread_ts: str, clicked_ts: str) -> int:
        """*More* (or *Post the touchpoints*) on the message at `clicked_ts`: post page `page` of the list
        in the thread, once whoever clicks and however often, then take the button off."""
        key = f"analysis-page:{clicked_ts}"
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            if not self.claim(session, actor, key):
                return found.id
            rows = AnalysisFigures(session, actor.team_id).listing(found.id)
            map_id, channel, language = found.id, found.channel_id, found.language
        opened, team = AnalysisOpened(language, len(rows), map_id), actor.team_id
        if (page - 1) * LIST_PAGE >= len(rows):  # touchpoints were deleted since: nothing left to post
            self._quietly(
                lambda: self.chat.update(team, channel, clicked_ts, _unbuttoned(opened, rows, page))
            )
            return map_id
        try:
            self.chat.post(team, channel, _page(opened, rows, page), thread_ts=thread_ts)
        except Exception as error:
            with self.uow() as session:
                RequestLog(session, team).release(key)  # so that *More* can be used again
            if isinstance(error, UserError):
                raise
            logger.warning("page %s of map %s's analysis list is not posted: %r", page, map_id, error)
            raise UserError(MORE_LATER) from error
        self._quietly(lambda: self.chat.update(team, channel, clicked_ts, _unbuttoned(opened, rows, page)))
        return map_id

    def _quietly(self, work: Callable[[], None]) -> None:
        """Work that only tidies a message: a failure is logged, and changes nothing else."""
        try:
            work()
        except Exception:
            logger.warning("could not tidy a message of the analysis list", exc_info=True)

    def set_blind(
        self, actor: Actor, blind: bool, map_id: int | None = None
    ) -> tuple[int, Announcement | None]:
        """Start or end blind analysis; ending it reveals everyone's notes, which the returned
        announcement says in the channel."""
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id, facilitator=True)
            was, found.blind = found.blind, blind
            if was and not blind:
                return found.id, Announcement(found.channel_id, NotesRevealed(found.language))
            return found.id, None

    def set_votes(self, actor: Actor, count: int) -> int:
        if not 1 <= count <= VOTES_MAX:
            raise UserError("Each person can have from 1 to {limit} votes.", limit=VOTES_MAX)
        with self.changing(actor) as session:
            found = self.open_map(session, actor, facilitator=True)
            found.votes_per_person = count
            return found.id

    def post_summary(self, actor: Actor, map_id: int | None) -> int:
        """The step's summary in the channel: one message per finding, so each has a thread to discuss it."""
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id, facilitator=True)
            if found.blind:
                raise UserError("Reveal the analysis first (`/touchpoint reveal`), then post its summary.")
            stages = {s.id: s.name for s in Stages(session, actor.team_id).rows(found.id)}
            summary = summarize(AnalysisFigures(session, actor.team_id).tallies(found.id), stages)
            map_id, channel, language = found.id, found.channel_id, found.language
        self.chat.post(actor.team_id, channel, AnalysisSummarized(language, summary))
        return map_id


def _list_key(session: Session, actor: Actor, touchpoint: Touchpoint) -> tuple[int, int, int]:
    """Where `touchpoint` stands in the list: its stage's position, its channel's, its id."""
    stage = Stages(session, actor.team_id).get(touchpoint.stage_id)
    channel = Channels(session, actor.team_id).get(touchpoint.channel_id)
    return stage.position, channel.position, touchpoint.id


def _form(session: Session, actor: Actor, found: Map, touchpoint: Touchpoint) -> AnalysisForm:
    """What `actor` sees on `touchpoint`'s *Analyse* form: their own notes only while the map is blind."""
    team = actor.team_id
    stage = Stages(session, team).get(touchpoint.stage_id)
    channel = Channels(session, team).get(touchpoint.channel_id)
    notes = Notes(session, team).on(touchpoint.id)
    visible = [n for n in notes if not found.blind or n.author_id == actor.user_id]
    score = Scores(session, team).of(touchpoint.id, actor.user_id)
    votes = Votes(session, team)
    still = AnalysisFigures(session, team).still_to_analyse(
        found.id, actor.user_id, (stage.position, channel.position, touchpoint.id)
    )
    return AnalysisForm(
        map_id=found.id,
        channel_id=found.channel_id,
        language=found.language,
        touchpoint_id=touchpoint.id,
        title=touchpoint.title,
        stage=stage.name,
        channel=channel.name,
        description=touchpoint.description,
        need=touchpoint.need,
        owner_id=touchpoint.owner_id,
        evidence=EvidenceLog(session, team).links(touchpoint.id),
        notes=[ShownNote(n.polarity, n.text, n.author_id) for n in visible[-NOTES_SHOWN:]],
        hidden_notes=len(notes) - len(visible),
        blind=found.blind,
        my_score=score.score if score else None,
        voted=votes.has(touchpoint.id, actor.user_id),
        votes_left=max(0, found.votes_per_person - votes.used(found.id, actor.user_id)),
        votes_per_person=found.votes_per_person,
        still_after=len(still),
    )


def _page(opened: AnalysisOpened, rows: list[tuple[int, str, str, str, int]], page: int) -> AnalysisListed:
    """Page `page` (from 1) of the list `rows`, under the prompt `opened`."""
    start = (page - 1) * LIST_PAGE
    following = page + 1 if start + LIST_PAGE < len(rows) else None
    return AnalysisListed(
        opened.language, opened.map_id, rows[start : start + LIST_PAGE], following, len(rows)
    )


def _unbuttoned(
    opened: AnalysisOpened, rows: list[tuple[int, str, str, str, int]], page: int
) -> AnalysisOpened | AnalysisListed:
    """The message whose button asked for page `page` (the prompt for the first), without the button."""
    return opened if page == 1 else replace(_page(opened, rows, page - 1), following=None)
