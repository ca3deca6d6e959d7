"""The core's notices in words: each one as the Slack messages that say it, in its language."""

from bot.blocks.analysis import analysis_list_messages, analysis_prompt, revealed_message, summary_messages
from bot.blocks.audit import deleted_notice, takeover_notice
from bot.blocks.board import board_message
from bot.blocks.deadlines import deadline_summary, nudge_message
from bot.blocks.exports import export_comment
from bot.blocks.iteration import snapshot_message
from bot.blocks.kit import directed
from bot.blocks.mrkdwn import escape
from bot.blocks.reminders import failure_message, reason, revisit_message
from bot.blocks.snapshots import restored_message
from bot.blocks.steps import step_prompt
from bot.gateway import Message
from bot.i18n import Translator, translator
from bot.workshop.analysis import (
    LIST_PAGE,
    AnalysisListed,
    AnalysisOpened,
    AnalysisSummarized,
    NotesRevealed,
)
from bot.workshop.board import Board
from bot.workshop.deadlines import DeadlineClosed, NudgeDue
from bot.workshop.iteration import SnapshotTaken
from bot.workshop.notices import (
    ExportShared,
    FailedForGood,
    MapDeleted,
    Notice,
    PictureShared,
    StepStarted,
    TakenOver,
)
from bot.workshop.revisits import RevisitPost
from bot.workshop.snapshots import Restored


def messages(notice: Notice) -> list[Message]:
    """The messages that say `notice`, in order (most notices are one message)."""
    t = translator(notice.language)
    match notice:
        case Board():
            return [board_message(notice, t)]
        case StepStarted(step=step):
            return [step_prompt(step, t)]
        case TakenOver(title=title, admin_id=admin):
            return [takeover_notice(t, title, admin)]
        case MapDeleted(title=title, deleted_by=by):
            return [deleted_notice(t, title, by)]
        case AnalysisOpened(count=count, map_id=map_id, unlisted=unlisted):
            return [analysis_prompt(t, count, map_id, unlisted)]
        case AnalysisListed(map_id=map_id, rows=rows, following=following, total=total):
            left = total - (following - 1) * LIST_PAGE if following is not None else 0
            return analysis_list_messages(t, map_id, rows, following, left)
        case NotesRevealed():
            return [revealed_message(t)]
        case AnalysisSummarized(summary=summary):
            return summary_messages(t, summary)
        case SnapshotTaken(taken=taken):
            return [snapshot_message(t, taken)]
        case Restored():
            return [restored_message(t, notice)]
        case RevisitPost():
            return [revisit_message(t, notice)]
        case DeadlineClosed(closed=closed):
            return [deadline_summary(t, closed)]
        case NudgeDue(nudged=nudged):
            return [nudge_message(t, nudged)]
        case FailedForGood(what=what, title=title, channel_id=channel, error=error):
            return [failure_message(t, t(what), title, channel, reason(t, error))]
    raise TypeError(f"no message says {type(notice).__name__}")


def comment(notice: Notice) -> str:
    """The text that introduces shared files: a picture of the map, or an export."""
    t = translator(notice.language)
    match notice:
        case PictureShared(title=title, version=version):
            return directed(_picture_comment(t, title, version), t)
        case ExportShared(title=title, fmt=fmt, shared_by=by, channel_id=channel):
            return export_comment(t, title, fmt, by, channel)
    raise TypeError(f"no comment says {type(notice).__name__}")


def _picture_comment(t: Translator, title: str, version: int | None) -> str:
    if version is not None:
        return t("The map “{title}” as snapshot v{version} froze it.", title=escape(title), version=version)
    return t("The map “{title}”, as it stands.", title=escape(title))
