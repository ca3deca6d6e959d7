"""The method's four steps, in order."""

from dataclasses import dataclass

from bot.i18n import N_


@dataclass(frozen=True)
class Step:
    number: int
    name: str
    explanation: str


STEPS = (
    Step(
        1,
        N_("Timeline"),
        N_(
            "List the journey's stages in order (before, during and after purchase) and the channels "
            "where customers meet you."
        ),
    ),
    Step(
        2,
        N_("Touchpoints"),
        N_(
            "Add every interaction, on a stage and a channel, with the customer's need, an owner and the "
            "personas it concerns."
        ),
    ),
    Step(
        3,
        N_("Analysis"),
        N_(
            "For each touchpoint, note what works (+) and what falls short (−) for the customer, how they "
            "feel, and vote on the pains to fix first."
        ),
    ),
    Step(
        4,
        N_("Iteration"),
        N_(
            "Turn the top pains into improvements with owners, take snapshots, and come back to the map "
            "as the product changes."
        ),
    ),
)


def step(number: int) -> Step:
    return STEPS[number - 1]
