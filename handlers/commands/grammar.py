"""The grammar of `/touchpoint …`'s subcommands: the text after the subcommand's word in, a typed command
out (handlers/commands/subcommands.py finds the word and calls its reader).

Parts of a command are separated by " / ", so names may hold spaces: `stage rename Buy / Purchase`.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.exports.files import Format
from bot.i18n import LANGUAGES, N_
from bot.method.errors import UserError
from bot.method.matching import normalize
from bot.method.vocabulary import PHASE_WORDS, Lane, Phase
from bot.scheduling import deadline, grammar, zones
from bot.workshop import rules


@dataclass(frozen=True)
class NewMap:
    title: str
    language: str | None = None  # from `--lang fa`; None: the creator's Slack locale


@dataclass(frozen=True)
class SetLanguage:
    language: str


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class Unknown:
    word: str


@dataclass(frozen=True)
class AddStage:
    name: str
    phase: Phase
    position: int | None


@dataclass(frozen=True)
class AddChannel:
    name: str
    position: int | None


@dataclass(frozen=True)
class Rename:
    lane: Lane
    query: str
    new_name: str


@dataclass(frozen=True)
class Move:
    lane: Lane
    query: str
    position: int


@dataclass(frozen=True)
class Remove:
    lane: Lane
    query: str


@dataclass(frozen=True)
class ChangeStep:
    delta: int


@dataclass(frozen=True)
class Status:
    pass


@dataclass(frozen=True)
class ListMaps:
    pass


@dataclass(frozen=True)
class UseMap:
    query: str


@dataclass(frozen=True)
class AddFacilitator:
    user_id: str


@dataclass(frozen=True)
class PostAnalysis:
    pass


@dataclass(frozen=True)
class SetBlind:
    blind: bool


@dataclass(frozen=True)
class SetVotes:
    count: int


@dataclass(frozen=True)
class PostSummary:
    pass


@dataclass(frozen=True)
class ListImprovements:
    pass


@dataclass(frozen=True)
class TakeSnapshot:
    pass


@dataclass(frozen=True)
class ShowReminder:
    pass


@dataclass(frozen=True)
class SetReminder:
    schedule: str
    timezone: str


@dataclass(frozen=True)
class ShowDeadline:
    pass


@dataclass(frozen=True)
class SetDeadline:
    when: str
    timezone: str
    advance: bool  # move the map on to the next step at the deadline


@dataclass(frozen=True)
class ClearDeadline:
    pass


@dataclass(frozen=True)
class QuickAdd:
    stage: str
    channel: str
    title: str


@dataclass(frozen=True)
class AddPersona:
    name: str
    description: str


@dataclass(frozen=True)
class ShowMap:
    """`map`, `map pains`, `map persona <name>`, `map compare v2`, or `map v2` (a snapshot's picture)."""

    view: str = "whole"
    persona: str | None = None
    compare_with: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class Export:
    """`export` (a modal asks), or `export csv` (to the person), `export csv here` (in the channel)."""

    format: Format | None = None
    here: bool = False


@dataclass(frozen=True)
class Import:
    pass


@dataclass(frozen=True)
class ListSnapshots:
    pass


@dataclass(frozen=True)
class Compare:
    """`compare v1 v3`; `compare v1` compares with the map as it stands (`second` None)."""

    first: int
    second: int | None


@dataclass(frozen=True)
class Restore:
    version: int


@dataclass(frozen=True)
class DeleteMap:
    """`delete`: asks the facilitator to confirm, then a button deletes the channel's map."""


@dataclass(frozen=True)
class ShowAudit:
    pass


@dataclass(frozen=True)
class TakeOver:
    """`takeover`: a workspace admin facilitates a map whose facilitators have all left the channel."""


Command = (
    ShowMap
    | NewMap
    | Help
    | Unknown
    | AddStage
    | AddChannel
    | Rename
    | Move
    | Remove
    | ChangeStep
    | Status
    | ListMaps
    | UseMap
    | AddFacilitator
    | QuickAdd
    | AddPersona
    | PostAnalysis
    | SetBlind
    | SetVotes
    | PostSummary
    | ListImprovements
    | TakeSnapshot
    | ShowReminder
    | SetReminder
    | ShowDeadline
    | SetDeadline
    | ClearDeadline
    | SetLanguage
    | Export
    | Import
    | ListSnapshots
    | Compare
    | Restore
    | DeleteMap
    | ShowAudit
    | TakeOver
)

_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_LANG_FLAG = re.compile(r"(?:^|\s)--lang(?:=|\s+)(\S*)")

# The words inside a command: stage and channel actions, purchase phases, on and off.
ACTION_WORDS = {
    "add": ("افزودن", "إضافة"),
    "rename": ("نام‌گذاری", "تسمية"),
    "move": ("جابه‌جایی", "نقل"),
    "remove": ("حذف", "إزالة"),
    **{phase.value: words for phase, words in PHASE_WORDS.items()},
    "on": ("روشن", "تشغيل"),
    "off": ("خاموش", "إيقاف"),
    "here": ("اینجا", "هنا"),
}
_EXTRA_ACTION_WORDS = {"move": ("جابجایی",), "add": ("اضافه", "أضف")}
NEXT_WORDS = ("بعدی", "التالي")  # `next`, as a subcommand and at the end of a deadline


def keyed(words: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """English words by each of their Persian and Arabic words (as `normalize` keys them), and by
    themselves."""
    keyed = {normalize(word): english for english, each in words.items() for word in each}
    return keyed | {english: english for english in words}


_ACTIONS = keyed(ACTION_WORDS) | keyed(_EXTRA_ACTION_WORDS)
_NEXT = {normalize(word) for word in ("next", *NEXT_WORDS)}


def _action_word(word: str) -> str:
    return _ACTIONS.get(normalize(word), word.lower())


def read_new(text: str) -> NewMap:
    """`new <title>`, with `--lang fa` or `--lang=ar` anywhere in it choosing the map's language."""
    flag = _LANG_FLAG.search(text)
    language = None
    if flag is not None:
        language = read_language(flag.group(1))
        text = " ".join((text[: flag.start()] + " " + text[flag.end() :]).split())
    if not text:
        raise UserError("Give the map a title, e.g. `/touchpoint new Checkout journey`.")
    return NewMap(title=rules.title(text), language=language)


# Languages by their names, as people may type them instead of the code.
_LANGUAGE_NAMES = {
    normalize(name): code
    for code, names in {
        "en": ("english", "انگلیسی", "الإنجليزية"),
        "fa": ("persian", "farsi", "فارسی", "الفارسية"),
        "ar": ("arabic", "عربی", "العربية"),
    }.items()
    for name in names
}


def read_language(text: str) -> str:
    code = _LANGUAGE_NAMES.get(normalize(text), text.strip().lower())
    if code not in LANGUAGES:
        raise UserError(
            "Choose a language: {choices}, e.g. `/touchpoint language fa`.", choices=", ".join(LANGUAGES)
        )
    return code


def _parts(text: str) -> list[str]:
    return [part.strip() for part in text.split(" / ")]


def number(text: str, most: int) -> int | None:
    """`text` as a whole number from 0 to `most`, in Latin, Persian or Arabic digits; None if it isn't one
    (its length is checked first: `int()` refuses numbers of thousands of digits)."""
    digits = text.strip()
    if not digits.isdecimal() or len(digits) > len(str(most)) or int(digits) > most:
        return None
    return int(digits)


def position(text: str) -> int:
    """A 1-based position, typed in Latin, Persian or Arabic digits."""
    found = number(text, 999)
    if not found:
        raise UserError(
            "“{text}” is not a position: use a number such as 1, ۲ or ٣.", field="position", text=text
        )
    return found


def read_lane(lane: Lane, text: str) -> Command:
    action, _, rest = text.partition(" ")
    parts = _parts(rest)
    match _action_word(action), len(parts):
        case "add", n if n >= 1 and parts[0]:
            if lane is Lane.CHANNEL:
                return AddChannel(rules.name(parts[0]), position(parts[1]) if n > 1 else None)
            phase = _phase(parts[1]) if n > 1 else Phase.BEFORE
            return AddStage(rules.name(parts[0]), phase, position(parts[2]) if n > 2 else None)
        case "rename", 2:
            return Rename(lane, parts[0], rules.name(parts[1]))
        case "move", 2:
            return Move(lane, parts[0], position(parts[1]))
        case "remove", 1 if parts[0]:
            return Remove(lane, parts[0])
    raise UserError(
        "Use `/touchpoint {lane} add <name>`, `{lane} rename <name> / <new name>`, "
        "`{lane} move <name> / <position>` "
        "or `{lane} remove <name>`.",
        lane=lane.value,
    )


def _phase(text: str) -> Phase:
    try:
        return Phase(_action_word(text.strip()))
    except ValueError:
        raise UserError(
            "The purchase phase is one of before, during or after, not “{text}”.", text=text
        ) from None


def read_use(text: str) -> UseMap:
    if not text:
        raise UserError("Name the map to use, e.g. `/touchpoint use Checkout`.")
    return UseMap(text)


def read_restore(text: str) -> Restore:
    return Restore(read_version(text, N_("Use `/touchpoint restore v2`: the snapshot to bring back.")))


def alone(command: Command, word: str) -> Callable[[str], Command]:
    """The reader of a subcommand that takes nothing after its word."""

    def read(text: str) -> Command:
        if text:
            raise UserError("Use `/touchpoint {command}` alone, with nothing after it.", command=word)
        return command

    return read


def read_facilitator(text: str) -> AddFacilitator:
    action, _, who = text.partition(" ")
    found = _MENTION.match(who.strip())
    if _action_word(action) != "add" or found is None:
        raise UserError("Use `/touchpoint facilitator add @person`.")
    return AddFacilitator(found.group(1))


def read_quick_add(text: str) -> QuickAdd:
    parts = _parts(text)
    if len(parts) != 3 or not all(parts):
        raise UserError(
            "Use `/touchpoint add <stage> / <channel> / <title>`, e.g. `add Purchase / Website / Checkout`."
        )
    return QuickAdd(parts[0], parts[1], rules.title(parts[2]))


def read_persona(text: str) -> AddPersona:
    action, _, rest = text.partition(" ")
    parts = _parts(rest)
    if _action_word(action) != "add" or not parts[0] or len(parts) > 2:
        raise UserError("Use `/touchpoint persona add <name>` or `persona add <name> / <who they are>`.")
    return AddPersona(rules.name(parts[0]), parts[1] if len(parts) > 1 else "")


def read_blind(text: str) -> SetBlind:
    match _action_word(text) if text else "":
        case "on" | "":
            return SetBlind(True)
        case "off":
            return SetBlind(False)
    raise UserError("Use `/touchpoint blind on` or `/touchpoint blind off`.")


def read_votes(text: str) -> int:
    found = number(text, 99)
    if not found:
        raise UserError("Give a number of votes, e.g. `/touchpoint votes 3`.")
    return found


def read_remind(text: str, word: str) -> ShowReminder | SetReminder:
    """`remind` alone shows the reminder; `remind <schedule>`, `remind <schedule> <time zone>` or
    `remind <schedule> / <time zone>` sets it. `word` is the subcommand as typed, quoted back in a refusal."""
    if not text:
        return ShowReminder()
    parts = _parts(text)
    if len(parts) > 2 or not parts[0]:
        raise UserError(
            "Use `/touchpoint remind <schedule>` or `remind <schedule> <time zone>`, "
            "e.g. `remind every monday 09:00 Asia/Tehran`."
        )
    schedule, zone = _with_zone(parts, grammar.reads)
    return SetReminder(schedule, _zone(zone, word, text))


def read_deadline(text: str, word: str) -> ShowDeadline | SetDeadline | ClearDeadline:
    """`deadline` shows it, `deadline off` removes it, `deadline <when> [<time zone>] [/ next]` sets it (the
    zone after ` / ` or not; `next`: the map moves on to the next step at the deadline). `word` is the
    subcommand as typed, quoted back in a refusal."""
    if not text:
        return ShowDeadline()
    if _action_word(text) == "off":
        return ClearDeadline()
    parts = _parts(text)
    advance = len(parts) > 1 and normalize(parts[-1]) in _NEXT
    if advance:
        parts = parts[:-1]
    if len(parts) > 2 or not parts[0]:
        raise UserError(
            "Use `/touchpoint deadline <when>`, `deadline <when> <time zone>` or add `/ next` to move on "
            "at the deadline, e.g. `deadline friday 17:00 Europe/Paris / next`."
        )
    when, zone = _with_zone(parts, deadline.reads)
    return SetDeadline(when, _zone(zone, word, text), advance)


def _with_zone(parts: list[str], reads: Callable[[str], bool]) -> tuple[str, str]:
    """(the time, the zone) from `<time> / <zone>`, or from `<time> <zone>` (`zones.split`)."""
    return (parts[0], parts[1]) if len(parts) == 2 else zones.split(parts[0], reads)


def _zone(typed: str, word: str, text: str) -> str:
    """The canonical name of the zone typed in the command `word text` ("" when none was); an unknown one
    is refused with the closest names and the command as it would work."""
    if not typed:
        return ""
    found = zones.known(typed)
    if found is not None:
        return found
    close = zones.suggestions(typed)
    head, _, tail = " ".join(text.split()).rpartition(" ".join(typed.split()))
    command = f"/touchpoint {word} {head}{close[0] if close else zones.UTC_NAME}{tail}"
    if close:
        raise UserError(
            "“{zone}” is not a time zone I know. Did you mean {choices}? This works: `{command}`",
            zone=typed,
            choices=", ".join(close),
            command=command,
        )
    raise UserError(
        "“{zone}” is not a time zone I know: use a name such as Asia/Tehran, an offset such as +03:30, or "
        "UTC, e.g. `{command}`",
        zone=typed,
        command=command,
    )


_MAP_USAGE = N_("Use `/touchpoint map`, `map pains`, `map persona <name>`, `map compare v1` or `map v2`.")


def read_map(text: str) -> ShowMap:
    view, _, rest = text.partition(" ")
    match view.lower(), rest.strip():
        case "", "":
            return ShowMap()
        case "pains", "":
            return ShowMap("pains")
        case "persona", name if name:
            return ShowMap("persona", persona=name)
        case "compare", version:
            return ShowMap("compare", compare_with=read_version(version, _MAP_USAGE))
        case version, "" if _is_version(version):
            return ShowMap(version=read_version(version, _MAP_USAGE))
    raise UserError(_MAP_USAGE)


def _is_version(text: str) -> bool:
    digits = text.strip().lower().removeprefix("v")
    return digits.isdecimal() and len(digits) <= 5 and int(digits) > 0


def read_version(text: str, usage: str) -> int:
    """A snapshot's version, typed `v2`, `2`, `v۲` or `٢`."""
    if not _is_version(text):
        raise UserError(usage)
    return int(text.strip().lower().removeprefix("v"))


_FORMATS: dict[str, Format] = {
    "json": "json",
    "csv": "csv",
    "md": "md",
    "markdown": "md",
    "png": "png",
    "svg": "svg",
    "pdf": "pdf",
}


def read_export(text: str) -> Export:
    words = text.split()
    if not words:
        return Export()
    fmt = _FORMATS.get(words[0].lower().lstrip("."))
    here = [_action_word(word) for word in words[1:]] == ["here"]
    if fmt is None or not (len(words) == 1 or here):
        raise UserError(
            "Use `/touchpoint export json|csv|md|png|svg|pdf`: the file comes to you; add `here` to share it "
            "in the channel."
        )
    return Export(fmt, here)


def read_compare(text: str) -> Compare:
    usage = N_("Use `/touchpoint compare v1 v3`, or `compare v1` to compare a snapshot with the map now.")
    versions = text.split()
    if len(versions) not in (1, 2):
        raise UserError(usage)
    return Compare(
        read_version(versions[0], usage), read_version(versions[1], usage) if len(versions) == 2 else None
    )
