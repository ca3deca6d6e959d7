"""The Home view, as data: what it says about each map, and that Slack takes it for any number of maps."""

from bot.blocks.home import MAPS_SHOWN, home_view
from bot.i18n import translator
from bot.workshop.home import HomeMap
from tests.support.fake_slack import VIEW_BLOCKS_MAX, validate_view

t = translator("en")
SECTION_TEXT_MAX = 3000


def _map(**changes) -> HomeMap:
    values = dict(
        map_id=7, title="Checkout journey", channel_id="C0WORKSHOP", step=1, facilitator=False, waiting=0
    )
    values.update(changes)
    return HomeMap(**values)


def _sections(view: dict) -> list[str]:
    return [b["text"]["text"] for b in view["blocks"] if b["type"] == "section"]


def test_each_map_shows_its_channel_step_and_what_waits_on_the_reader():
    view = home_view(
        [_map(step=3, facilitator=True, waiting=2), _map(title="Onboarding", waiting=1)], t, "T1"
    )
    validate_view(view)
    assert view["type"] == "home"
    assert _sections(view) == [
        "*Checkout journey* · <#C0WORKSHOP>\nStep 3 of 4: Analysis\n"
        "⏳ 2 touchpoints you own await analysis\nYou facilitate this map.",
        "*Onboarding* · <#C0WORKSHOP>\nStep 1 of 4: Timeline\n⏳ 1 touchpoint you own awaits analysis",
    ]


def test_no_maps_shows_the_welcome():
    view = home_view([], t, "T1")
    validate_view(view)
    [welcome] = _sections(view)
    assert welcome.startswith("*Welcome to Touchpoint!*")
    assert "`/touchpoint new &lt;title&gt;`" in welcome


def test_titles_cannot_mention_or_link():
    [text] = _sections(home_view([_map(title="<!channel> & <https://evil|click>")], t, "T1"))
    assert text.startswith("*&lt;!channel&gt; &amp; &lt;https://evil|click&gt;* · ")


def test_two_hundred_maps_with_the_longest_titles_stay_within_slacks_limits():
    maps = [_map(map_id=n, title="<&>" * 50, waiting=n, facilitator=n % 2 == 0) for n in range(200)]
    view = home_view(maps, t, "T1")
    validate_view(view)
    assert len(view["blocks"]) <= VIEW_BLOCKS_MAX
    assert max(len(text) for text in _sections(view)) <= SECTION_TEXT_MAX
    assert len(_sections(view)) == MAPS_SHOWN
    assert view["blocks"][-1]["elements"][0]["text"] == f"and {200 - MAPS_SHOWN} more"


def test_each_map_has_a_button_to_its_channel_and_one_for_what_its_step_asks_next():
    view = home_view([_map(step=n, map_id=n) for n in (1, 2, 3, 4)], t, "T1")
    validate_view(view)
    rows = [
        [(e["action_id"], e["value"]) for e in b["elements"]]
        for b in view["blocks"]
        if b["type"] == "actions"
    ]
    assert rows == [
        [("tp_add_stage", "1"), ("tp_open_channel", "1")],
        [("tp_add_touchpoint", "2"), ("tp_open_channel", "2")],
        [("tp_open_channel", "3")],
        [("tp_add_improvement", "4"), ("tp_open_channel", "4")],
    ]
    links = {e["url"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"] if "url" in e}
    assert links == {"slack://channel?team=T1&id=C0WORKSHOP"}
