"""The grammar of `/touchpoint …`: text in, a typed command out.

Parts of a command are separated by " / ", so names may hold spaces: `stage rename Buy / Purchase`.
"""

import re
from dataclasses import dataclass

from bot.i18n import LANGUAGES, N_
from bot.method.errors import UserError
from bot.method.matching import normalize
from bot.method.vocabulary import PHASE_WORDS, Lane
from bot.workshop import rules
from storage.models import Phase


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

    format: str | None = None
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

# Each subcommand's Persian and Arabic words (as `normalize` keys them), listed in the localized help.
COMMAND_WORDS = {
    "new": ("جدید", "جديد"),
    "help": ("راهنما", "مساعدة"),
    "stage": ("مرحله", "مرحلة"),
    "channel": ("کانال", "قناة"),
    "next": ("بعدی", "التالي"),
    "back": ("قبلی", "السابق"),
    "status": ("وضعیت", "الحالة"),
    "list": ("فهرست", "قائمة"),
    "use": ("انتخاب", "استخدام"),
    "facilitator": ("تسهیلگر", "ميسّر"),
    "add": ("افزودن", "إضافة"),
    "persona": ("پرسونا", "شخصية"),
    "analyse": ("تحلیل", "تحليل"),
    "blind": ("پنهان", "معمّى"),
    "reveal": ("آشکار", "كشف"),
    "votes": ("رأی", "أصوات"),
    "summary": ("خلاصه", "ملخص"),
    "map": ("نقشه", "خريطة"),
    "improvements": ("بهبودها", "تحسينات"),
    "snapshot": ("نسخه", "لقطة"),
    "remind": ("یادآوری", "تذكير"),
    "deadline": ("مهلت", "موعد"),
    "language": ("زبان", "اللغة"),
    "export": ("خروجی", "تصدير"),
    "import": ("ورودی", "استيراد"),
    "snapshots": ("نسخه‌ها", "لقطات"),
    "compare": ("مقایسه", "مقارنة"),
    "restore": ("بازگردانی", "استعادة"),
    "delete": ("حذف", "حذف"),
    "audit": ("ممیزی", "تدقيق"),
    "takeover": ("تصدی", "تولي"),
}
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
_EXTRA_WORDS = {"analyse": ("analyze", "تحلیل‌ها"), "move": ("جابجایی",), "add": ("اضافه", "أضف")}


def _keyed(words: dict[str, tuple[str, ...]]) -> dict[str, str]:
    keyed = {normalize(word): english for english, each in words.items() for word in each}
    keyed |= {normalize(word): english for english, each in _EXTRA_WORDS.items() for word in each}
    return keyed | {english: english for english in words}


_COMMANDS, _ACTIONS = _keyed(COMMAND_WORDS), _keyed(ACTION_WORDS)


def _command_word(word: str) -> str:
    """The English subcommand for a word typed in English, Persian or Arabic (or the word, lowercased)."""
    return _COMMANDS.get(normalize(word), word.lower())


def _action_word(word: str) -> str:
    return _ACTIONS.get(normalize(word), word.lower())


def parse(text: str) -> Command:
    """Parse the text typed after `/touchpoint`; raise UserError for a known command used wrongly."""
    word, _, rest = text.strip().partition(" ")
    rest = rest.strip()
    match _command_word(word):
        case "" | "help":
            return Help()
        case "new":
            return _new_map(rest)
        case "stage" | "channel" as lane:
            return _lane_command(Lane(lane), rest)
        case "language":
            return SetLanguage(_language(rest))
        case "next":
            return ChangeStep(+1)
        case "back":
            return ChangeStep(-1)
        case "status":
            return Status()
        case "list":
            return ListMaps()
        case "use":
            if not rest:
                raise UserError("Name the map to use, e.g. `/touchpoint use Checkout`.")
            return UseMap(rest)
        case "facilitator":
            return _facilitator(rest)
        case "add":
            return _quick_add(rest)
        case "persona":
            return _persona(rest)
        case "analyse":
            return PostAnalysis()
        case "blind":
            return _blind(rest)
        case "reveal":
            return SetBlind(False)
        case "votes":
            return SetVotes(_count(rest))
        case "summary":
            return PostSummary()
        case "map":
            return _show_map(rest)
        case "improvements":
            return ListImprovements()
        case "snapshot":
            return TakeSnapshot()
        case "remind":
            return _remind(rest)
        case "export":
            return _export(rest)
        case "import":
            return Import()
        case "snapshots":
            return ListSnapshots()
        case "compare":
            return _compare(rest)
        case "restore":
            return Restore(_version(rest, N_("Use `/touchpoint restore v2`: the snapshot to bring back.")))
        case "deadline":
            return _deadline(rest)
        case "delete" if not rest:
            return DeleteMap()
        case "audit" if not rest:
            return ShowAudit()
        case "takeover" if not rest:
            return TakeOver()
        case "delete" | "audit" | "takeover" as alone:
            raise UserError("Use `/touchpoint {command}` alone, with nothing after it.", command=alone)
        case _:
            return Unknown(word)


def _new_map(text: str) -> NewMap:
    """`new <title>`, with `--lang fa` or `--lang=ar` anywhere in it choosing the map's language."""
    flag = _LANG_FLAG.search(text)
    language = None
    if flag is not None:
        language = _language(flag.group(1))
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


def _language(text: str) -> str:
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


def _lane_command(lane: Lane, text: str) -> Command:
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


def _facilitator(text: str) -> AddFacilitator:
    action, _, who = text.partition(" ")
    found = _MENTION.match(who.strip())
    if _action_word(action) != "add" or found is None:
        raise UserError("Use `/touchpoint facilitator add @person`.")
    return AddFacilitator(found.group(1))


def _quick_add(text: str) -> QuickAdd:
    parts = _parts(text)
    if len(parts) != 3 or not all(parts):
        raise UserError(
            "Use `/touchpoint add <stage> / <channel> / <title>`, e.g. `add Purchase / Website / Checkout`."
        )
    return QuickAdd(parts[0], parts[1], rules.title(parts[2]))


def _persona(text: str) -> AddPersona:
    action, _, rest = text.partition(" ")
    parts = _parts(rest)
    if _action_word(action) != "add" or not parts[0] or len(parts) > 2:
        raise UserError("Use `/touchpoint persona add <name>` or `persona add <name> / <who they are>`.")
    return AddPersona(rules.name(parts[0]), parts[1] if len(parts) > 1 else "")


def _blind(text: str) -> SetBlind:
    match _action_word(text) if text else "":
        case "on" | "":
            return SetBlind(True)
        case "off":
            return SetBlind(False)
    raise UserError("Use `/touchpoint blind on` or `/touchpoint blind off`.")


def _count(text: str) -> int:
    found = number(text, 99)
    if not found:
        raise UserError("Give a number of votes, e.g. `/touchpoint votes 3`.")
    return found


def _remind(text: str) -> ShowReminder | SetReminder:
    """`remind` alone shows the reminder; `remind <schedule>` or `remind <schedule> / <time zone>` sets it."""
    if not text:
        return ShowReminder()
    parts = _parts(text)
    if len(parts) > 2 or not parts[0]:
        raise UserError(
            "Use `/touchpoint remind <schedule>` or `remind <schedule> / <time zone>`, "
            "e.g. `remind every monday 09:00 / Asia/Tehran`."
        )
    return SetReminder(parts[0], parts[1] if len(parts) > 1 else "")


def _deadline(text: str) -> ShowDeadline | SetDeadline | ClearDeadline:
    """`deadline` shows it, `deadline off` removes it, `deadline <when> [/ <time zone>] [/ next]` sets it
    (`next`: the map moves on to the next step at the deadline)."""
    if not text:
        return ShowDeadline()
    if _action_word(text) == "off":
        return ClearDeadline()
    parts = _parts(text)
    advance = len(parts) > 1 and _command_word(parts[-1]) == "next"
    if advance:
        parts = parts[:-1]
    if len(parts) > 2 or not parts[0]:
        raise UserError(
            "Use `/touchpoint deadline <when>`, `deadline <when> / <time zone>` or add `/ next` to move on "
            "at the deadline, e.g. `deadline friday 17:00 / Europe/Paris / next`."
        )
    return SetDeadline(parts[0], parts[1] if len(parts) > 1 else "", advance)


_MAP_USAGE = N_("Use `/touchpoint map`, `map pains`, `map persona <name>`, `map compare v1` or `map v2`.")


def _show_map(text: str) -> ShowMap:
    view, _, rest = text.partition(" ")
    match view.lower(), rest.strip():
        case "", "":
            return ShowMap()
        case "pains", "":
            return ShowMap("pains")
        case "persona", name if name:
            return ShowMap("persona", persona=name)
        case "compare", version:
            return ShowMap("compare", compare_with=_version(version, _MAP_USAGE))
        case version, "" if _is_version(version):
            return ShowMap(version=_version(version, _MAP_USAGE))
    raise UserError(_MAP_USAGE)


def _is_version(text: str) -> bool:
    digits = text.strip().lower().removeprefix("v")
    return digits.isdecimal() and len(digits) <= 5 and int(digits) > 0


def _version(text: str, usage: str) -> int:
    """A snapshot's version, typed `v2`, `2`, `v۲` or `٢`."""
    if not _is_version(text):
        raise UserError(usage)
    return int(text.strip().lower().removeprefix("v"))


_FORMATS = {
    "json": "json",
    "csv": "csv",
    "md": "md",
    "markdown": "md",
    "png": "png",
    "svg": "svg",
    "pdf": "pdf",
}


def _export(text: str) -> Export:
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


def _compare(text: str) -> Compare:
    usage = N_("Use `/touchpoint compare v1 v3`, or `compare v1` to compare a snapshot with the map now.")
    versions = text.split()
    if len(versions) not in (1, 2):
        raise UserError(usage)
    return Compare(_version(versions[0], usage), _version(versions[1], usage) if len(versions) == 2 else None)
