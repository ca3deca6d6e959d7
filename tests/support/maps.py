"""A whole map in English, Persian or Arabic, stored straight into the database: every kind of row a map
has, with the zero-width non-joiner, mixed scripts and characters CSV and Markdown must escape."""

from sqlalchemy.orm import Session

from bot.document.capture import capture
from storage.models import (
    Channel,
    Evidence,
    Improvement,
    ImprovementStatus,
    Map,
    Note,
    Persona,
    Phase,
    Polarity,
    Score,
    Snapshot,
    Stage,
    Touchpoint,
    Vote,
)
from storage.repositories import Maps
from tests.support.fake_slack import ALICE, BOB, CAROL, TEAM_ID, WORKSHOP_CHANNEL

WORDS = {
    "en": {
        "title": "Checkout journey",
        "stages": [("Awareness", "before"), ("Purchase", "during"), ("Support", "after")],
        "channels": ["Website", "Mobile app", "Email"],
        "personas": [("First-time buyer", "Buys once a year"), ("Returning, loyal", "")],
        "touchpoints": ["Search ad", "Checkout page", "=Order confirmation", "Help chat"],
        "notes": ['Clear prices, "no" surprises', "Slow; card form resets", "Agents answer in 2 min"],
        "action": "Keep the card form | its entries",
    },
    "fa": {
        "title": "سفر خرید",
        "stages": [("آگاهی", "before"), ("خرید", "during"), ("پشتیبانی", "after")],
        "channels": ["وب‌سایت", "اپلیکیشن موبایل", "ایمیل"],
        "personas": [("خریدار تازه‌کار", "سالی یک بار می‌خرد"), ("مشتری وفادار", "")],
        "touchpoints": ["تبلیغ جست‌وجو", "صفحهٔ پرداخت", "تأیید سفارش SMS", "گفت‌وگوی پشتیبانی"],
        "notes": ["قیمت‌ها روشن است", "کُند است؛ فرم کارت پاک می‌شود", "پاسخ در ۲ دقیقه"],
        "action": "فرم کارت پس از بارگذاری دوباره نگه داشته شود",
    },
    "ar": {
        "title": "رحلة الشراء",
        "stages": [("الوعي", "before"), ("الشراء", "during"), ("الدعم", "after")],
        "channels": ["الموقع الإلكتروني", "تطبيق الجوال", "البريد الإلكتروني"],
        "personas": [("مشترٍ جديد", "يشتري مرة في السنة"), ("عميل وفيّ", "")],
        "touchpoints": ["إعلان البحث", "صفحة الدفع", "تأكيد الطلب SMS", "دردشة الدعم"],
        "notes": ["الأسعار واضحة", "بطيء؛ نموذج البطاقة يُمسح", "الرد خلال ٢ دقيقة"],
        "action": "الاحتفاظ ببيانات نموذج البطاقة",
    },
}


def whole_map(session: Session, language: str, team: str = TEAM_ID, channel: str = WORKSHOP_CHANNEL) -> Map:
    """A map at step 4 with three stages, three channels, two personas, four touchpoints (one untouched),
    notes, scores, votes, evidence, two improvements, a second facilitator and a snapshot."""
    words = WORDS[language]
    found = Maps(session, team).add(
        channel_id=channel, title=words["title"], language=language, created_by=ALICE
    )
    Maps(session, team).add_facilitator(found.id, BOB)
    found.step, found.votes_per_person = 4, 5
    on_map = {"team_id": team, "map_id": found.id}
    stages = [
        Stage(**on_map, name=name, phase=Phase(phase), position=n, created_by=ALICE)
        for n, (name, phase) in enumerate(words["stages"], start=1)
    ]
    channels = [
        Channel(**on_map, name=name, position=n, created_by=ALICE)
        for n, name in enumerate(words["channels"], 1)
    ]
    personas = [
        Persona(**on_map, name=name, description=about, created_by=BOB) for name, about in words["personas"]
    ]
    session.add_all([*stages, *channels, *personas])
    session.flush()
    placed = [(0, 0, [0]), (1, 0, [0, 1]), (1, 2, []), (2, 1, [1])]
    touchpoints = [
        Touchpoint(
            **on_map,
            stage_id=stages[stage].id,
            channel_id=channels[lane].id,
            title=title,
            description=f"{title}: {words['notes'][0]}" if n == 1 else "",
            need=words["notes"][2] if n != 2 else "",
            owner_id=CAROL if n in (1, 3) else None,
            created_by=ALICE,
            personas=[personas[p] for p in who],
        )
        for n, ((stage, lane, who), title) in enumerate(zip(placed, words["touchpoints"], strict=True))
    ]
    session.add_all(touchpoints)
    session.flush()
    search, checkout, _, chat = touchpoints
    on = {tp: {"team_id": team, "touchpoint_id": tp.id} for tp in touchpoints}
    good, bad, fast = words["notes"]
    session.add_all(
        [
            Note(**on[checkout], author_id=ALICE, polarity=Polarity.POSITIVE, text=good),
            Note(**on[checkout], author_id=BOB, polarity=Polarity.NEGATIVE, text=bad),
            Note(**on[checkout], author_id=CAROL, polarity=Polarity.NEGATIVE, text=bad + "!"),
            Note(**on[chat], author_id=BOB, polarity=Polarity.POSITIVE, text=fast),
            Note(**on[search], author_id=CAROL, polarity=Polarity.NEGATIVE, text="<@U0MALLORY> *bold* | #1"),
            Score(**on[checkout], user_id=ALICE, score=-2),
            Score(**on[checkout], user_id=BOB, score=-1),
            Score(**on[chat], user_id=BOB, score=2),
            Score(**on[search], user_id=CAROL, score=0),
            Vote(**on[checkout], map_id=found.id, user_id=ALICE),
            Vote(**on[checkout], map_id=found.id, user_id=BOB),
            Vote(**on[search], map_id=found.id, user_id=CAROL),
            Evidence(
                **on[checkout],
                polarity=Polarity.NEGATIVE,
                message_channel="C0SUPPORT",
                message_ts="1700000000.000200",
                permalink="https://touchpoint-test.slack.com/archives/C0SUPPORT/p1700000000000200",
                quote=bad,
                added_by=BOB,
            ),
            Improvement(
                **on[checkout],
                map_id=found.id,
                action=words["action"],
                owner_id=CAROL,
                status=ImprovementStatus.IN_PROGRESS,
                created_by=ALICE,
            ),
            Improvement(**on[chat], map_id=found.id, action=fast, owner_id=None, created_by=BOB),
        ]
    )
    session.flush()
    session.add(Snapshot(**on_map, version=1, data=capture(session, team, found), created_by=BOB))
    session.flush()
    return found
