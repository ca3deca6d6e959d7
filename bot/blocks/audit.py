"""A map's deletion (asked first, then noted where its board was), an admin's takeover, and the audit log."""

from babel.dates import format_datetime

from bot.blocks.ids import Action
from bot.blocks.kit import Block, actions, bidi_safe, button, section
from bot.blocks.mrkdwn import escape, mention
from bot.gateway import Message
from bot.i18n import Translator
from bot.workshop.audit import AuditLine, Deletion
from storage.models import AuditAction


def _touchpoints(t: Translator, count: int) -> str:
    return t.plural("{count} touchpoint", "{count} touchpoints", count)


def confirm_deletion(t: Translator, deletion: Deletion) -> Message:
    """Asked of a facilitator before the map is deleted, with a button that deletes it."""
    text = t(
        "Delete the map “{title}” and everything on it: {touchpoints} and {notes}, its stages, channels, "
        "votes, improvements and snapshots? This can't be undone.",
        title=escape(deletion.title),
        touchpoints=_touchpoints(t, deletion.touchpoints),
        notes=t.plural("{count} note", "{count} notes", deletion.notes),
    )
    delete = button(t("Delete the map"), Action.DELETE_MAP, str(deletion.map_id), "danger")
    return bidi_safe(Message(text=text, blocks=[section(text), actions(delete)]), t)


def deleted_notice(t: Translator, title: str, deleted_by: str) -> Message:
    """What the deleted map's board says instead, in the map's language."""
    text = t(
        "🗑️ The touchpoint map “{title}” was deleted by {person}.",
        title=escape(title),
        person=mention(deleted_by),
    )
    return bidi_safe(Message(text=text, blocks=[section(text)]), t)


def takeover_notice(t: Translator, title: str, admin: str) -> Message:
    text = t(
        "{person}, a workspace admin, now facilitates the map “{title}”: none of its facilitators is in "
        "this channel any more.",
        person=mention(admin),
        title=escape(title),
    )
    return bidi_safe(Message(text=text, blocks=[section(text)]), t)


def _what(t: Translator, line: AuditLine) -> str:
    details = line.details
    person, title = mention(line.actor_id), escape(str(details.get("title", "")))
    match line.action:
        case AuditAction.MAP_DELETED:
            return t(
                "{person} deleted the map “{title}”, with {touchpoints} and {notes}.",
                person=person,
                title=title,
                touchpoints=_touchpoints(t, int(details.get("touchpoints", 0))),
                notes=t.plural("{count} note", "{count} notes", int(details.get("notes", 0))),
            )
        case AuditAction.STAGE_REMOVED | AuditAction.CHANNEL_REMOVED:
            template = (
                t("{person} removed the stage “{name}” of “{title}”, with its {touchpoints}.")
                if line.action is AuditAction.STAGE_REMOVED
                else t("{person} removed the channel “{name}” of “{title}”, with its {touchpoints}.")
            )
            return t.format(
                template,
                person=person,
                name=escape(str(details.get("name", ""))),
                title=title,
                touchpoints=_touchpoints(t, int(details.get("touchpoints", 0))),
            )
        case AuditAction.FACILITATOR_ADDED:
            return t(
                "{person} made {other} a facilitator of “{title}”.",
                person=person,
                other=mention(str(details.get("user", ""))),
                title=title,
            )
        case AuditAction.FACILITATOR_TAKEOVER:
            return t(
                "{person}, a workspace admin, took over “{title}”: none of its facilitators was in the "
                "channel.",
                person=person,
                title=title,
            )
    return ""


def audit_list(t: Translator, lines: list[AuditLine]) -> Message:
    """The channel's audit log, newest first, in the reader's language."""
    blocks: list[Block] = [section(t("*Audit log of this channel*, newest first"))]
    if not lines:
        blocks.append(section(t("Nothing recorded yet: deletions and changes of facilitators show here.")))
    for line in lines:
        when = t.digits(format_datetime(line.at, "medium", locale=t.language))
        blocks.append(section(f"{when} · {_what(t, line)}"))
    text = "\n".join(block["text"]["text"] for block in blocks)
    return bidi_safe(Message(text=text, blocks=blocks), t)
