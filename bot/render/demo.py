"""Realistic sample maps in English, Persian and Arabic, for `touchpoint-bot render --demo`, the tests and
the benchmark: an online shop's journey (DOMAIN.md's words), and generated maps of any size."""

import random
from dataclasses import dataclass, replace
from datetime import date

from bot.render.labels import labels_for
from bot.render.model import Card, Change, Feeling, Language, MapPicture, Phase, Stage, View

DEMO_DATE = date(2026, 3, 12)
DEMO_CHANNELS = 5

_LANGUAGES: tuple[Language, ...] = ("en", "fa", "ar")
_TITLES = {"en": "Online checkout journey", "fa": "سفر خرید آنلاین", "ar": "رحلة الشراء عبر الإنترنت"}
_PERSONAS = {"en": "First-time buyer", "fa": "خریدار تازه‌کار", "ar": "المشتري لأول مرة"}

# Each stage's name, purchase phase, and the team's feeling there: mean, low, high.
_STAGES: tuple[tuple[dict[str, str], Phase, Feeling], ...] = (
    ({"en": "Awareness", "fa": "آگاهی", "ar": "الوعي"}, "before", Feeling(0.6, -0.5, 1.5)),
    ({"en": "Consideration", "fa": "بررسی", "ar": "الدراسة"}, "before", Feeling(0.1, -1.5, 1.5)),
    ({"en": "Purchase", "fa": "خرید", "ar": "الشراء"}, "during", Feeling(-0.9, -2.0, 1.0)),
    ({"en": "Onboarding", "fa": "شروع استفاده", "ar": "البدء"}, "after", Feeling(0.6, -1.0, 1.5)),
    ({"en": "Support", "fa": "پشتیبانی", "ar": "الدعم"}, "after", Feeling(-1.2, -2.0, 0.5)),
    ({"en": "Loyalty", "fa": "وفاداری", "ar": "الولاء"}, "after", Feeling(1.1, 0.0, 2.0)),
)
_CHANNELS = {
    "en": (
        "Website",
        "Mobile app",
        "Email",
        "Social media",
        "Store",
        "Phone",
        "Live chat",
        "SMS",
        "Partner shops",
        "Print",
        "Events",
        "Video",
    ),
    "fa": (
        "وب‌سایت",
        "اپلیکیشن موبایل",
        "ایمیل",
        "شبکه‌های اجتماعی",
        "فروشگاه",
        "تلفن",
        "چت آنلاین",
        "پیامک",
        "فروشگاه‌های همکار",
        "چاپی",
        "رویدادها",
        "ویدیو",
    ),
    "ar": (
        "الموقع الإلكتروني",
        "تطبيق الجوال",
        "البريد الإلكتروني",
        "وسائل التواصل الاجتماعي",
        "المتجر",
        "الهاتف",
        "الدردشة المباشرة",
        "الرسائل القصيرة",
        "المتاجر الشريكة",
        "المطبوعات",
        "الفعاليات",
        "الفيديو",
    ),
}
_OWNERS = {
    "en": ("Sara K.", "Omid R.", "Lena M.", "Ali H.", "Maya P."),
    "fa": ("سارا کریمی", "امید رضایی", "لیلا مرادی", "علی حسینی", "مریم پاکزاد"),
    "ar": ("سارة خالد", "عمر رشيد", "ليلى منصور", "علي حسن", "مايا بطرس"),
}


@dataclass(frozen=True)
class _Row:
    """A demo touchpoint: where it is, who owns it, its analysis, whether the first-time buyer meets it,
    how it changed since the last snapshot, and its title in each language."""

    stage: int
    channel: int
    owner: int
    plus: int
    minus: int
    votes: int
    evidence: int
    feeling: float | None
    first_time: bool
    change: Change
    titles: tuple[str, str, str]

    def card(self, language: Language) -> Card:
        return Card(
            stage=self.stage,
            channel=self.channel,
            title=self.titles[_LANGUAGES.index(language)],
            owner=_OWNERS[language][self.owner],
            plus=self.plus,
            minus=self.minus,
            votes=self.votes,
            evidence=self.evidence,
            feeling=self.feeling,
            change=self.change,
        )


# stage, channel, owner, + notes, − notes, votes, evidence, feeling, first-time buyer, change since v2
_FACTS: tuple[tuple[int, int, int, int, int, int, int, float | None, bool, Change], ...] = (
    (0, 0, 2, 2, 1, 0, 0, 0.5, True, "unchanged"),
    (0, 1, 1, 1, 0, 0, 0, 0.9, False, "unchanged"),
    (0, 2, 2, 0, 2, 2, 1, -1.0, False, "unchanged"),
    (0, 2, 4, 0, 0, 0, 0, 0.2, False, "removed"),
    (0, 3, 4, 3, 0, 0, 0, 1.5, True, "unchanged"),
    (0, 4, 3, 1, 0, 0, 0, 1.0, False, "unchanged"),
    (1, 0, 0, 1, 3, 4, 2, -1.5, True, "unchanged"),
    (1, 1, 1, 2, 0, 0, 0, 1.2, True, "unchanged"),
    (1, 2, 2, 1, 1, 0, 0, 0.3, False, "unchanged"),
    (1, 3, 4, 2, 0, 0, 0, 0.8, False, "added"),
    (1, 4, 3, 4, 0, 0, 1, 1.8, False, "unchanged"),
    (2, 0, 0, 0, 4, 7, 3, -1.8, True, "score_down"),
    (2, 0, 0, 0, 1, 1, 0, -0.5, True, "unchanged"),
    (2, 1, 1, 3, 0, 0, 0, 1.6, True, "added"),
    (2, 1, 1, 0, 2, 3, 1, -1.2, False, "unchanged"),
    (2, 2, 2, 1, 0, 0, 0, 0.7, True, "unchanged"),
    (2, 2, 3, 0, 0, 0, 0, -0.3, False, "removed"),
    (2, 4, 3, 0, 2, 1, 0, -0.8, False, "unchanged"),
    (3, 0, 0, 1, 1, 0, 0, 0.4, True, "unchanged"),
    (3, 1, 1, 2, 0, 0, 0, 1.1, True, "score_up"),
    (3, 2, 2, 0, 2, 2, 0, -1.0, True, "unchanged"),
    (3, 4, 3, 5, 0, 0, 1, 1.9, False, "score_up"),
    (4, 0, 0, 0, 3, 3, 2, -1.6, False, "unchanged"),
    (4, 1, 1, 3, 0, 0, 0, 1.4, True, "unchanged"),
    (4, 2, 2, 1, 1, 0, 0, 0.0, False, "unchanged"),
    (4, 3, 4, 0, 3, 4, 3, -1.9, False, "score_down"),
    (4, 4, 3, 0, 2, 1, 0, -1.1, True, "unchanged"),
    (5, 0, 0, 0, 1, 2, 0, -0.6, False, "unchanged"),
    (5, 1, 1, 2, 0, 0, 0, 1.3, False, "unchanged"),
    (5, 2, 2, 3, 0, 0, 0, 1.7, False, "unchanged"),
    (5, 2, 2, 1, 0, 0, 0, 0.6, False, "unchanged"),
    (5, 3, 4, 2, 0, 0, 0, 1.5, False, "added"),
    (5, 4, 3, 2, 0, 0, 0, 1.2, False, "unchanged"),
)

_CARD_TITLES = (
    (
        "Search ad leads to a landing page",
        "تبلیغ جستجو کاربر را به صفحه فرود می‌برد",
        "إعلان البحث يقود إلى صفحة الهبوط",
    ),
    ("App Store page with screenshots", "صفحه App Store با اسکرین‌شات‌ها", "صفحة App Store مع لقطات الشاشة"),
    (
        "Newsletter pop-up appears too early",
        "پنجره عضویت خبرنامه خیلی زود باز می‌شود",
        "نافذة الاشتراك في النشرة تظهر مبكرًا جدًا",
    ),
    ("Paper catalogue by post", "کاتالوگ کاغذی با پست", "الكتالوج الورقي بالبريد"),
    (
        "Instagram reel with a 20% launch discount",
        "ریلز Instagram با ۲۰٪ تخفیف افتتاحیه",
        "مقطع Instagram مع خصم ٢٠٪ للإطلاق",
    ),
    ("Window display at the mall", "ویترین فروشگاه در مرکز خرید", "واجهة المتجر في المركز التجاري"),
    (
        "Compare plans: prices hidden until sign-up",
        "مقایسه طرح‌ها: قیمت‌ها تا ثبت‌نام پنهان است",
        "مقارنة الخطط: الأسعار مخفية حتى التسجيل",
    ),
    (
        "Reviews and a 4.6 star rating in the app",
        "نظرات کاربران و امتیاز ۴٫۶ در اپ",
        "مراجعات المستخدمين وتقييم ٤٫٦ في التطبيق",
    ),
    ("Comparison guide (PDF) by email", "راهنمای مقایسه PDF در ایمیل", "دليل المقارنة PDF عبر البريد"),
    (
        "Questions answered in Instagram DMs",
        "پاسخ به سؤال‌ها در دایرکت Instagram",
        "الرد على الأسئلة عبر رسائل Instagram",
    ),
    ("Try the product in store", "امتحان محصول در فروشگاه", "تجربة المنتج في المتجر"),
    (
        "Checkout asks for the address twice",
        "صفحه پرداخت دو بار آدرس را می‌پرسد",
        "صفحة الدفع تطلب العنوان مرتين",
    ),
    (
        "Free delivery over €50 shown only at the last step",
        "ارسال رایگان بالای ۵۰ یورو فقط در مرحله آخر",
        "التوصيل المجاني فوق ٥٠ يورو يظهر في الخطوة الأخيرة",
    ),
    ("Pay with Apple Pay in 3 steps", "پرداخت با Apple Pay در ۳ مرحله", "الدفع عبر Apple Pay في ٣ خطوات"),
    (
        "Discount code field rejects lowercase codes",
        "فیلد کد تخفیف حروف کوچک را نمی‌پذیرد",
        "حقل رمز الخصم يرفض الأحرف الصغيرة",
    ),
    ("Order confirmation email #A-1024", "ایمیل تأیید سفارش #A-1024", "بريد تأكيد الطلب رقم A-1024"),
    ("Phone order hotline", "سفارش تلفنی", "الطلب عبر الهاتف"),
    (
        "Queue at the till: $20 – $30 baskets wait 10 min",
        "صف صندوق: سبدهای ۲۰ تا ۳۰ دلاری ۱۰ دقیقه منتظرند",
        "طابور الدفع: سلال $20 – $30 تنتظر ١٠ دقائق",
    ),
    ("Account activation with an SMS code", "فعال‌سازی حساب با کد SMS", "تفعيل الحساب برمز SMS"),
    ("Welcome tour in the app", "تور خوشامدگویی در اپلیکیشن", "جولة ترحيبية في التطبيق"),
    (
        "Setup guide email arrives 2 days late",
        "ایمیل راهنمای راه‌اندازی ۲ روز دیر می‌رسد",
        "بريد دليل الإعداد يصل متأخرًا يومين",
    ),
    (
        "Staff help set up the device in store",
        "کارکنان فروشگاه دستگاه را راه‌اندازی می‌کنند",
        "الموظفون يساعدون في إعداد الجهاز في المتجر",
    ),
    (
        "Help centre search finds nothing for “refund”",
        "جستجوی مرکز راهنما برای «بازگشت وجه» چیزی نمی‌یابد",
        "البحث في مركز المساعدة لا يجد شيئًا عن «الاسترداد»",
    ),
    (
        "Live chat answers within 2 minutes",
        "چت آنلاین در کمتر از ۲ دقیقه پاسخ می‌دهد",
        "الدردشة المباشرة ترد خلال دقيقتين",
    ),
    ("Ticket updates by email", "اطلاع‌رسانی تیکت با ایمیل", "تحديثات التذكرة عبر البريد"),
    (
        "Complaints on X get a reply after 3 days",
        "شکایت‌ها در X بعد از ۳ روز پاسخ می‌گیرند",
        "الشكاوى على X تُرد بعد ٣ أيام",
    ),
    (
        "Returns desk needs the printed receipt",
        "پیشخوان مرجوعی رسید چاپی می‌خواهد",
        "مكتب الإرجاع يطلب الإيصال المطبوع",
    ),
    (
        "Referral link is hard to find",
        "لینک معرفی به دوستان به سختی پیدا می‌شود",
        "رابط الإحالة صعب العثور عليه",
    ),
    ("Points balance on the home screen", "موجودی امتیاز در صفحه اصلی", "رصيد النقاط في الشاشة الرئيسية"),
    ("Birthday voucher: 15% off", "کوپن تولد: ۱۵٪ تخفیف", "قسيمة عيد الميلاد: خصم ١٥٪"),
    (
        "Renewal reminder 30 days before expiry",
        "یادآور تمدید ۳۰ روز قبل از انقضا",
        "تذكير التجديد قبل ٣٠ يومًا من الانتهاء",
    ),
    (
        "Customers share unboxing videos on TikTok",
        "مشتریان ویدیوی جعبه‌گشایی را در TikTok می‌گذارند",
        "العملاء يشاركون فيديوهات فتح العلبة على TikTok",
    ),
    ("VIP evening for members", "شب ویژه اعضای VIP", "أمسية خاصة لأعضاء VIP"),
)

_ROWS = tuple(_Row(*facts, titles) for facts, titles in zip(_FACTS, _CARD_TITLES, strict=True))


def demo_picture(language: Language = "en", view: View = "whole") -> MapPicture:
    """The sample shop's map in one language and view: 6 stages, 5 channels, about 30 touchpoints."""
    rows = [row for row in _ROWS if view == "compare" or row.change != "removed"]
    if view == "persona":
        rows = [row for row in rows if row.first_time]
    cards = tuple(row.card(language) for row in rows)
    if view != "compare":
        cards = tuple(replace(card, change="unchanged") for card in cards)
    return MapPicture(
        title=_TITLES[language],
        language=language,
        step=3,
        version="v3",
        date=DEMO_DATE,
        stages=tuple(Stage(names[language], phase, feeling) for names, phase, feeling in _STAGES),
        channels=_CHANNELS[language][:DEMO_CHANNELS],
        cards=cards,
        view=view,
        persona=_PERSONAS[language] if view == "persona" else None,
        baseline="v2" if view == "compare" else None,
    )


def sample_picture(
    language: Language, stages: int, channels: int, cards: int, crowded: int = 0, seed: int = 4
) -> MapPicture:
    """A generated map of any size with the demo's words: `cards` touchpoints spread at random, plus
    `crowded` more in the first cell; every stage gets a feeling."""
    rng = random.Random(seed)
    number = labels_for(language).number
    names = [names[language] for names, _, _ in _STAGES]
    stage_list = tuple(
        Stage(
            names[i % len(names)] + ("" if i < len(names) else f" {number(i // len(names) + 1)}"),
            ("before", "during", "after")[min(2, 3 * i // stages)],
            _feeling(rng),
        )
        for i in range(stages)
    )
    channel_names = _CHANNELS[language]
    channel_list = tuple(
        channel_names[i % len(channel_names)] + ("" if i < len(channel_names) else f" {number(i + 1)}")
        for i in range(channels)
    )
    places = [(rng.randrange(stages), rng.randrange(channels)) for _ in range(cards)] + [(0, 0)] * crowded
    card_list = tuple(
        replace(
            rng.choice(_ROWS).card(language),
            stage=stage,
            channel=channel,
            feeling=_score(rng),
            change="unchanged",
        )
        for stage, channel in places
    )
    return replace(demo_picture(language), stages=stage_list, channels=channel_list, cards=card_list)


def _score(rng: random.Random) -> float | None:
    return None if rng.random() < 0.1 else round(rng.uniform(-2, 2), 1)


def _feeling(rng: random.Random) -> Feeling:
    low, high = sorted(round(rng.uniform(-2, 2), 1) for _ in range(2))
    return Feeling(round(rng.uniform(low, high), 1), low, high)
