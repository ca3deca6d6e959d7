"""The starter set: common stages and channels a team can tick instead of typing."""

from dataclasses import dataclass

from bot.i18n import N_
from storage.models import Phase


@dataclass(frozen=True)
class StarterStage:
    key: str
    name: str
    phase: Phase


@dataclass(frozen=True)
class StarterChannel:
    key: str
    name: str


STAGES = (
    StarterStage("awareness", N_("Awareness"), Phase.BEFORE),
    StarterStage("consideration", N_("Consideration"), Phase.BEFORE),
    StarterStage("purchase", N_("Purchase"), Phase.DURING),
    StarterStage("onboarding", N_("Onboarding"), Phase.AFTER),
    StarterStage("support", N_("Support"), Phase.AFTER),
    StarterStage("loyalty", N_("Loyalty"), Phase.AFTER),
)

CHANNELS = (
    StarterChannel("website", N_("Website")),
    StarterChannel("app", N_("Mobile app")),
    StarterChannel("email", N_("Email")),
    StarterChannel("social", N_("Social media")),
    StarterChannel("store", N_("Store")),
    StarterChannel("phone", N_("Phone and support")),
)
