"""Time zones as people type them after a schedule or a deadline, and as they are stored.

Accepted, in any case and with ASCII, Persian or Arabic digits:

- a tz database name, `Asia/Tehran`, `asia/tehran`, or its city alone, `Tehran`, `new york`;
- `UTC`, `GMT`, or an offset from it: `+03:30`, `UTC+3:30`, `GMT-5`, `+0330`;
- a Persian or Arabic name of Iran's and Afghanistan's zones and the Arab world's capitals (and of their
  countries and largest cities): `تهران`, `طهران`, `الرياض`, `القاهرة`, `دبي`, `الدار البيضاء`…, with
  the letter variants stage names forgive (ي/ی, ك/ک, ة/ه, hamza forms, ZWNJ), `ال` or not.

What is stored is the canonical name: the tz database's (`Asia/Tehran`), or `UTC+03:30` for an offset.
"""

import difflib
import re
import unicodedata
from collections.abc import Callable
from datetime import timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from bot.method.errors import UserError
from bot.method.matching import normalize as normalize_name

UTC_NAME = "UTC"
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩−", "01234567890123456789-")
_OFFSET = re.compile(r"(?:utc|gmt)?([+-])(\d{1,2})(?::?(\d{2}))?")
_STORED_OFFSET = re.compile(r"UTC([+-])(\d{2}):(\d{2})")
_LARGEST_OFFSET = timedelta(hours=14)  # the tz database's range: −12:00 (Baker Island) to +14:00 (Kiribati)
_AREAS = (
    *("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian"),
    "Pacific",
)
_NOT_ZONES = {"localtime", "Factory"}  # tzdata files that are no place's zone
_MOST_WORDS = 3  # a zone's name is at most this many words: `سلطنة عمان`, `new york`
SUGGESTED = 3
_CLOSE, _ABOUT_AS_CLOSE = 0.6, 0.05  # difflib's ratios: how close a name must be to be suggested
_COMPARED_MAX = 64  # longer text is compared with no name (difflib's time grows with both lengths)

# Each zone's Persian and Arabic names: its cities, its country. `عمان` is Amman (عَمّان), the capital;
# Oman (عُمان, the same letters) is `مسقط` or `سلطنة عمان`. Jerusalem is the tz database's Asia/Jerusalem.
NAMES = {
    "Asia/Tehran": "تهران طهران ایران إيران مشهد اصفهان شیراز تبریز کرج قم اهواز",
    "Asia/Kabul": "کابل كابول افغانستان أفغانستان هرات",
    "Asia/Riyadh": "الرياض ریاض السعودية عربستان مكة مکه جدة جده الدمام",
    "Africa/Cairo": "القاهرة قاهره مصر الإسكندرية اسکندریه",
    "Asia/Dubai": "دبي أبوظبي ابوظبی الإمارات امارات الشارقة",
    "Asia/Baghdad": "بغداد العراق عراق البصرة بصره أربيل اربیل النجف كربلاء کربلا",
    "Asia/Qatar": "الدوحة دوحه قطر",
    "Asia/Amman": "عمان عمّان الأردن اردن",
    "Asia/Beirut": "بيروت لبنان",
    "Asia/Damascus": "دمشق سوريا سوریه حلب",
    "Asia/Kuwait": "الكويت کویت",
    "Asia/Muscat": "مسقط سلطنة_عمان",
    "Asia/Bahrain": "المنامة منامه البحرين بحرین",
    "Africa/Algiers": "الجزائر",
    "Africa/Tunis": "تونس",
    "Africa/Casablanca": "الرباط رباط الدار_البيضاء كازابلانكا کازابلانکا المغرب مراكش",
    "Africa/Tripoli": "طرابلس ليبيا لیبی بنغازي",
    "Africa/Khartoum": "الخرطوم خارطوم السودان سودان",
    "Asia/Aden": "صنعاء صنعا اليمن یمن عدن",
    "Asia/Jerusalem": "القدس قدس بیت_المقدس",
    "Asia/Hebron": "رام_الله الخليل فلسطين",
    "Asia/Gaza": "غزة",
    "Africa/Nouakchott": "نواكشوط موريتانيا",
    "Africa/Mogadishu": "مقديشو الصومال",
    "Africa/Djibouti": "جيبوتي",
    "Indian/Comoro": "موروني جزر_القمر",
}


def _latin_key(text: str) -> str:
    """`text` folded for looking a Latin name up: lower case, `_` and runs of spaces as one space."""
    return " ".join(text.casefold().replace("_", " ").split())


def _arabic_key(text: str) -> str:
    """`text` folded for looking a Persian or Arabic name up: letter variants, spaces, `ال` and a final
    hamza ignored (ریاض and الرياض, صنعا and صنعاء are one)."""
    key = normalize_name(text).replace(" ", "")
    return key.removeprefix("ال").removesuffix("ء")


def _key(text: str) -> str:
    return _arabic_key(text) if _is_arabic(text) else _latin_key(text)


def _is_arabic(text: str) -> bool:
    return any(unicodedata.bidirectional(c) == "AL" for c in text)


@cache
def _index() -> dict[str, str]:
    """Every accepted name's key → the zone's canonical name."""
    names = sorted(available_timezones() - _NOT_ZONES)
    cities: dict[str, list[str]] = {}
    for name in names:
        area, _, city = name.rpartition("/")
        if area.split("/")[0] in _AREAS:
            cities.setdefault(_latin_key(city.rpartition("/")[2]), []).append(name)
    # A city in two areas (Asia/Istanbul, Europe/Istanbul) is the same place: the shortest name wins.
    index = {city: min(zones, key=lambda n: (n.count("/"), n)) for city, zones in cities.items()}
    index |= {_latin_key(name): name for name in names}
    for zone_name, words in NAMES.items():
        index |= {_arabic_key(word.replace("_", " ")): zone_name for word in words.split()}
    return index


def _offset(text: str) -> str | None:
    """The canonical name of an offset typed as `+03:30`, `UTC+3`, `gmt-5`…; None if `text` isn't one."""
    found = _OFFSET.fullmatch("".join(text.translate(_DIGITS).casefold().split()))
    if found is None:
        return None
    sign, hours, minutes = found[1], int(found[2]), int(found[3] or 0)
    offset = timedelta(hours=hours, minutes=minutes)
    if minutes > 59 or offset > _LARGEST_OFFSET:
        return None
    return UTC_NAME if not offset else f"UTC{sign}{hours:02d}:{minutes:02d}"


def known(text: str) -> str | None:
    """The canonical name of the zone `text` names, None if it names none."""
    return _offset(text) or _index().get(_key(text))


def looks_like_zone(text: str) -> bool:
    """Whether `text` is meant as a zone, known or not: a tz-style name or an offset, or a word in Persian
    or Arabic script (which no schedule has)."""
    folded = text.translate(_DIGITS).casefold()
    return "/" in text or _is_arabic(text) or re.match(r"(utc|gmt)?\s*[+-]\d", folded) is not None


def suggestions(text: str) -> list[str]:
    """The zones whose names are closest to `text`, best first: those about as close as the closest."""
    if len(text) > _COMPARED_MAX or _latin_key(text) in {area.lower() for area in _AREAS}:
        return []  # an area alone (`Asia`) is no zone nearly: the refusal shows what a name looks like
    index, key = _index(), _key(text)
    scored = [
        (difflib.SequenceMatcher(None, key, name).ratio(), index[name])
        for name in difflib.get_close_matches(key, index, n=SUGGESTED * 3, cutoff=_CLOSE)
    ]
    best = max((score for score, _ in scored), default=0)
    close = [zone for score, zone in scored if score >= best - _ABOUT_AS_CLOSE]
    return list(dict.fromkeys(close))[:SUGGESTED]


def resolve(text: str, field: str | None = None) -> str:
    """The canonical name of the zone `text` names; UserError, with the closest names, when it names none."""
    found = known(text)
    if found is not None:
        return found
    raise unknown_zone(text, field)


def unknown_zone(text: str, field: str | None = None) -> UserError:
    """The refusal of a zone that isn't one: its closest names if any, else what names look like."""
    close = suggestions(text)
    if close:
        return UserError(
            "“{zone}” is not a time zone I know. Did you mean {choices}?",
            field=field,
            zone=text,
            choices=", ".join(close),
        )
    return UserError(
        "“{zone}” is not a time zone I know: use a name such as Asia/Tehran, an offset such as +03:30, "
        "or UTC.",
        field=field,
        zone=text,
    )


def zone(name: str) -> tzinfo:
    """The zone a stored (canonical) name stands for: a tz database zone, or a fixed offset from UTC."""
    found = _STORED_OFFSET.fullmatch(name)
    if found is None:
        return ZoneInfo(name)
    offset = timedelta(hours=int(found[2]), minutes=int(found[3]))
    return timezone(-offset if found[1] == "-" else offset, name)


def split(text: str, reads: Callable[[str], bool]) -> tuple[str, str]:
    """`text` as (what comes before a zone typed at its end, that zone), or (`text`, "") when it ends with
    none. `reads` tells whether a text is, without a zone, what comes before one (a schedule, a deadline).

    The longest known name at the end wins (`الدار البيضاء` over `البيضاء`); an unknown one is split off
    too when it looks like a zone, or when the words before it read without it, so that it is refused as
    a zone, with suggestions, not as a schedule."""
    words = text.split()
    if reads(text) or len(words) < 2:
        return text, ""
    tails = range(min(_MOST_WORDS, len(words) - 1), 0, -1)
    for size in tails:
        if known(" ".join(words[-size:])):
            return " ".join(words[:-size]), " ".join(words[-size:])
    for size in tails:
        tail = words[-size:]
        a_word = size == 1 and tail[0].isalpha()  # `Tehrn`, not `9` (a time missing its minutes)
        if all(looks_like_zone(word) for word in tail) or (a_word and reads(" ".join(words[:-1]))):
            return " ".join(words[:-size]), " ".join(tail)
    return text, ""
