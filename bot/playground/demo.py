"""`--demo`: the sample shop's map of `touchpoint-bot render --demo` as an export document (the JSON that
`touchpoint-bot import` reads), at step 3, with the sample people's notes, scores and votes."""

from typing import Any

from bot.document.capture import SCHEMA
from bot.render.demo import demo_picture
from bot.render.model import Language

VOTES_PER_PERSON = 5

_NOTES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (
        ("Clear prices, no surprises", "Quick and friendly", "Works well on a phone"),
        ("Slow to load", "Asks for the same details twice", "Hard to find"),
    ),
    "fa": (
        ("قیمت‌ها روشن است", "سریع و دوستانه", "روی گوشی خوب کار می‌کند"),
        ("کُند بارگذاری می‌شود", "اطلاعات را دو بار می‌پرسد", "پیدا کردنش سخت است"),
    ),
    "ar": (
        ("الأسعار واضحة", "سريع وودود", "يعمل جيدًا على الجوال"),
        ("بطيء في التحميل", "يطلب البيانات نفسها مرتين", "يصعب العثور عليه"),
    ),
}
_PERSONA_ABOUT = {
    "en": "Buys online for the first time from the shop",
    "fa": "نخستین بار از فروشگاه آنلاین خرید می‌کند",
    "ar": "يشتري من المتجر عبر الإنترنت لأول مرة",
}


def _scores(feeling: float, people: int) -> list[int]:
    """Whole scores from −2 to +2 for `people` people whose mean is as near `feeling` as they allow."""
    total = max(-2 * people, min(2 * people, round(feeling * people)))
    base, extra = divmod(total, people)
    return [base + 1 if n < extra else base for n in range(people)]


def demo_document(language: Language, people: tuple[str, ...]) -> dict[str, Any]:
    """The demo map, with `people` (Slack user ids, the first its facilitator) as its authors."""
    picture = demo_picture(language)
    persona = demo_picture(language, "persona")
    persona_titles = {card.title for card in persona.cards}
    persona_name = persona.persona or ""
    plus, minus = _NOTES[language]
    touchpoints, notes, scores, votes = [], [], [], []
    used = dict.fromkeys(people, 0)
    for number, card in enumerate(picture.cards, start=1):
        owner = people[card.stage % len(people)]
        touchpoints.append(
            {
                "id": number,
                "stage": picture.stages[card.stage].name,
                "channel": picture.channels[card.channel],
                "title": card.title,
                "description": "",
                "need": "",
                "owner": owner,
                "personas": [persona_name] if card.title in persona_titles else [],
                "notes": {"positive": card.plus, "negative": card.minus},
                "mean_score": None,
                "score_range": None,
                "votes": 0,
                "evidence": 0,
            }
        )
        for n in range(card.plus):
            notes.append(_note(number, "positive", plus[(number + n) % len(plus)], people[n % len(people)]))
        for n in range(card.minus):
            notes.append(
                _note(number, "negative", minus[(number + n) % len(minus)], people[(n + 1) % len(people)])
            )
        if card.feeling is not None:
            for user, score in zip(people, _scores(card.feeling, len(people)), strict=True):
                scores.append({"touchpoint": number, "user": user, "score": score})
        voters = sorted(people, key=lambda u: used[u])[: card.votes]
        for user in voters:
            if used[user] < VOTES_PER_PERSON:
                used[user] += 1
                votes.append({"touchpoint": number, "user": user})
    return {
        "schema": SCHEMA,
        "title": picture.title,
        "language": language,
        "step": picture.step,
        "votes_per_person": VOTES_PER_PERSON,
        "facilitators": list(people[:1]),
        "stages": [
            {"name": stage.name, "phase": stage.phase, "position": n}
            for n, stage in enumerate(picture.stages, start=1)
        ],
        "channels": [{"name": name, "position": n} for n, name in enumerate(picture.channels, start=1)],
        "personas": [{"name": persona_name, "description": _PERSONA_ABOUT[language]}],
        "touchpoints": touchpoints,
        "notes": notes,
        "scores": scores,
        "votes": votes,
        "evidence": [],
        "improvements": [],
    }


def _note(touchpoint: int, polarity: str, text: str, author: str) -> dict[str, Any]:
    return {"touchpoint": touchpoint, "polarity": polarity, "text": text, "author": author}
