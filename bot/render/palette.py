"""The picture's colours: calm neutrals for structure and one diverging orange–blue scale for feeling.

Orange to blue stays distinguishable with the common colour-vision deficiencies (unlike red to green),
and every colour-coded mark also says what it means in shape or text (signs, arrows, outlines).
"""

from matplotlib.colors import LinearSegmentedColormap, to_hex, to_rgb

from bot.render.model import SCORE_MAX, SCORE_MIN

CANVAS = "#FFFFFF"
INK = "#1F2933"
MUTED = "#52606D"
FAINT = "#9AA5B1"
RULE = "#E4E7EB"
AXIS = "#B8C2CC"
LANE = "#F5F7FA"
LANE_ALT = "#FBFCFD"
LANE_LABEL = "#EDF1F6"
BAND = "#E9EEF4"
CARD_EDGE = "#D5DCE4"
SHADOW = "#E9EDF2"
NO_SCORE = "#CBD2D9"
HIGHLIGHT = "#243B53"
VOTE = "#334E68"
# The scale's ends, darkened, for marks that say better or worse (arrows, the biggest pain).
PLUS = "#2F6FA8"
MINUS = "#B4532A"
CURVE = "#334E68"
SPREAD = "#D3DDE8"

FEELING_STOPS = ("#C4552B", "#EFA47A", "#E8E6E1", "#8DB6DC", "#2F6FA8")
_FEELING = LinearSegmentedColormap.from_list("feeling", FEELING_STOPS)
_TINT = 0.32


def feeling_colour(score: float | None) -> str:
    """The scale's colour for a score from -2 to +2, or the no-score grey."""
    if score is None:
        return NO_SCORE
    return to_hex(_FEELING((score - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)))


def card_fill(score: float | None) -> str:
    """A card's background: white tinted lightly with its feeling colour, so dark text stays readable."""
    if score is None:
        return CANVAS
    red, green, blue = (1 - _TINT * (1 - c) for c in to_rgb(feeling_colour(score)))
    return to_hex((red, green, blue))
