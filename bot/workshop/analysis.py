"""Step 3: what works and what falls short at each touchpoint, how the customer feels, and dot votes."""

import statistics
from dataclasses import dataclass

from bot.method.errors import UserError
from bot.method.vocabulary import Polarity
from bot.workshop import rules
from bot.workshop.service import Actor, Announcement, Service
from storage.analysis import AnalysisFigures, Notes, Scores, TouchpointTally, Votes
from storage.repositories import Channels, Stages
from storage.touchpoints import EvidenceLog, Touchpoints

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
    """For the channel: the analysis of `count` touchpoints starts, in the thread below."""

    language: str
    count: int


@dataclass(frozen=True)
class AnalysisListed:
    """For the thread: the touchpoints by stage (id, title, stage, channel, notes), each to analyse."""

    language: str
    map_id: int
    rows: list[tuple[int, str, str, str, int]]


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
    def form(self, actor: Actor, map_id: int, touchpoint_id: int) -> AnalysisForm:
        with self.reading_map(actor, map_id) as (session, found):
            touchpoint = Touchpoints(session, actor.team_id).get(found.id, touchpoint_id)
            if touchpoint is None:
                raise UserError("That touchpoint is no longer on the map.")
            stage = Stages(session, actor.team_id).get(touchpoint.stage_id)
            channel = Channels(session, actor.team_id).get(touchpoint.channel_id)
            notes = Notes(session, actor.team_id).on(touchpoint.id)
            visible = [n for n in notes if not found.blind or n.author_id == actor.user_id]
            score = Scores(session, actor.team_id).of(touchpoint.id, actor.user_id)
            votes = Votes(session, actor.team_id)
            evidence = EvidenceLog(session, actor.team_id).links(touchpoint.id)
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
                evidence=evidence,
                notes=[ShownNote(n.polarity, n.text, n.author_id) for n in visible[-NOTES_SHOWN:]],
                hidden_notes=len(notes) - len(visible),
                blind=found.blind,
                my_score=score.score if score else None,
                voted=votes.has(touchpoint.id, actor.user_id),
                votes_left=max(0, found.votes_per_person - votes.used(found.id, actor.user_id)),
                votes_per_person=found.votes_per_person,
            )

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
        """Post the touchpoints by stage, each with an *Analyse* button, in a thread under a prompt."""
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            rows = AnalysisFigures(session, actor.team_id).listing(found.id)
            map_id, channel, language = found.id, found.channel_id, found.language
        if not rows:
            raise UserError("The map has no touchpoints to analyse yet.")
        thread = self.chat.post(actor.team_id, channel, AnalysisOpened(language, len(rows)))
        self.chat.post(actor.team_id, channel, AnalysisListed(language, map_id, rows), thread_ts=thread)
        return map_id

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
