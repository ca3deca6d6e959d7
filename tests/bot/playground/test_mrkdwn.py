"""Slack's mrkdwn drawn as Slack's client draws it: each construct, nesting, escapes, and hostile text that
never becomes markup."""

from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.playground.mrkdwn import mrkdwn_html, plain_html
from tests.bot.playground.browser import harmless
from tests.support.hostile import examples, hostile_text

RLM, FSI, PDI = "\u200f", "\u2068", "\u2069"


@dataclass(frozen=True)
class Names:
    people: dict[str, str] = field(default_factory=lambda: {"U0ALICE01": "Alice", "U0BOB0001": "بهرام"})
    channels: dict[str, str] = field(default_factory=lambda: {"C0WORKSHOP": "journey-workshop"})


NAMES = Names()


def draw(text: str, **options: bool) -> str:
    return mrkdwn_html(text, NAMES, **options)


def link(url: str, text: str) -> str:
    return f'<a class="bk-link" href="{url}" target="_blank" rel="noopener noreferrer">{text}</a>'


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("*bold* _italic_ ~gone~", '<b>bold</b> <i>italic</i> <s class="bk-strike">gone</s>'),
        ("`code` and ```block```", '<code class="bk-code">code</code> and <pre class="bk-pre">block</pre>'),
        ("*_both_* and _*both*_", "<b><i>both</i></b> and <i><b>both</b></i>"),
        ("~*_all three_*~", '<s class="bk-strike"><b><i>all three</i></b></s>'),
        ("*bold `code *not bold*` still*", '<b>bold <code class="bk-code">code *not bold*</code> still</b>'),
        ("one\ntwo\n\nfour", "one<br>two<br><br>four"),
        ("✅ 1. Timeline · 6 stages", "✅ 1. Timeline · 6 stages"),
    ],
)
def test_each_marker_is_drawn_and_markers_nest(text, html):
    assert draw(text) == html


@pytest.mark.parametrize(
    "text",
    [
        "2*3*4",  # inside a word
        "snake_case_name and a_b_c",
        "* not bold*",  # a space after the opening marker
        "*not bold *",  # a space before the closing one
        "*not\nbold*",  # markers don't span lines
        "**",
        "~",
    ],
)
def test_markers_count_only_at_word_boundaries_on_one_line(text):
    assert "<b>" not in draw(text) and "<i>" not in draw(text) and "<s " not in draw(text)


def test_markers_at_word_boundaries_in_persian_and_next_to_punctuation():
    assert draw("(*پرداخت*)") == "(<b>پرداخت</b>)"
    assert draw(f"{RLM}*گام ۳*: {FSI}تحلیل{PDI}") == f"{RLM}<b>گام ۳</b>: {FSI}تحلیل{PDI}"


def test_code_blocks_keep_their_lines_and_show_sequences_as_text():
    html = draw("before\n```\nline <@U0ALICE01> *x* &lt;tag&gt;\n  indented\n```\nafter")
    assert html == ('before<pre class="bk-pre">line @Alice *x* &lt;tag&gt;<br>  indented</pre>after')


def test_quotes_start_a_line_escaped_or_not():
    assert (
        draw("> said\n&gt; and more\nreply")
        == '<blockquote class="bk-quote">said<br>and more</blockquote>reply'
    )
    assert draw("a > b") == "a &gt; b"
    # Slack's quote marker must start the line: a direction mark before it leaves it as text.
    assert draw(f"{RLM}> quoted") == f"{RLM}&gt; quoted"


def test_links_open_only_http_https_and_mailto():
    assert draw("<https://example.com/a?b=1&amp;c=2|a &amp; b>") == link(
        "https://example.com/a?b=1&amp;c=2", "a &amp; b"
    )
    assert draw("<https://example.com>") == link("https://example.com", "https://example.com")
    assert draw("<mailto:team@example.com>") == link("mailto:team@example.com", "team@example.com")
    assert draw("<javascript:alert(1)|click>") == "click"
    assert draw("<data:text/html,hi>") == "data:text/html,hi"
    assert draw('<https://x.example/" onmouseover="alert(1)|x>') == link(
        "https://x.example/&quot; onmouseover=&quot;alert(1)", "x"
    )


def test_bare_urls_link_unless_the_text_is_verbatim():
    assert (
        draw("see https://example.com/a_b_c. ok")
        == "see " + link("https://example.com/a_b_c", "https://example.com/a_b_c") + ". ok"
    )
    assert draw("see https://example.com/a", verbatim=True) == "see https://example.com/a"
    assert draw("<https://example.com|explicit>", verbatim=True) == link("https://example.com", "explicit")


def test_mentions_show_names_and_broadcasts_as_slack_does():
    assert draw("<@U0ALICE01> <@U0BOB0001>") == (
        '<span class="bk-chip bk-mention">@Alice</span> <span class="bk-chip bk-mention">@بهرام</span>'
    )
    assert draw("<@U0NOBODY|someone> <@U0NOBODY>") == (
        '<span class="bk-chip bk-mention">@someone</span> <span class="bk-chip bk-mention">@U0NOBODY</span>'
    )
    assert draw("<#C0WORKSHOP> <#C0OTHER|other> <#C0OTHER>") == (
        '<span class="bk-chip bk-channel">#journey-workshop</span> '
        '<span class="bk-chip bk-channel">#other</span> <span class="bk-chip bk-channel">#C0OTHER</span>'
    )
    assert draw("<!here> <!channel> <!everyone> <!here|here>") == " ".join(
        f'<span class="bk-chip bk-broadcast">@{word}</span>'
        for word in ("here", "channel", "everyone", "here")
    )
    assert draw("<!subteam^S0TEAM001|@designers>") == '<span class="bk-chip bk-mention">@designers</span>'
    assert draw("<!date^1392734382^{date} at {time}|Feb 18, 2014>") == "Feb 18, 2014"


def test_formatting_wraps_mentions_and_links():
    assert draw("*<@U0ALICE01>*") == '<b><span class="bk-chip bk-mention">@Alice</span></b>'
    assert draw("_<https://example.com|docs>_") == "<i>" + link("https://example.com", "docs") + "</i>"


def test_emoji_shortcodes_are_drawn_but_not_in_code_or_unknown():
    assert draw(":white_check_mark: :tada: :+1: :no_such_emoji:") == "✅ 🎉 👍 :no_such_emoji:"
    assert draw("`:tada:`") == '<code class="bk-code">:tada:</code>'


def test_escapes_are_decoded_once_and_escaped_once():
    assert draw("&lt;b&gt;hi&lt;/b&gt; &amp; &amp;lt; &quot; & <") == (
        "&lt;b&gt;hi&lt;/b&gt; &amp; &amp;lt; &amp;quot; &amp; &lt;"
    )
    assert draw("\"quoted\" 'single'") == "&quot;quoted&quot; &#x27;single&#x27;"


def test_raw_markup_never_becomes_markup():
    # A raw `<…>` is a control sequence to Slack: one that is no link or mention shows as its text.
    assert draw("<script>alert(1)</script>") == "scriptalert(1)/script"
    assert draw("<img src=x onerror=alert(1)>") == "img src=x onerror=alert(1)"


def test_direction_marks_and_isolates_are_kept():
    text = f"{RLM}{FSI}<@U0ALICE01>{PDI} · {FSI}سفر خرید{PDI}"
    assert draw(text) == f'{RLM}{FSI}<span class="bk-chip bk-mention">@Alice</span>{PDI} · {FSI}سفر خرید{PDI}'


def test_plain_text_is_only_escaped_with_its_emoji():
    assert (
        plain_html("<!channel> & *not bold* :tada:\nnext") == "&lt;!channel&gt; &amp; *not bold* 🎉<br>next"
    )
    assert plain_html(":tada:", emoji=False) == ":tada:"


MRKDWN = st.text(alphabet=st.sampled_from([*"*_~`>&<|:@#!^ \nab/.\"'", RLM, "ش", "\U000f0001"]))


@settings(max_examples=examples(300))
@given(st.one_of(hostile_text(), MRKDWN), st.booleans())
def test_any_text_is_well_formed_and_harmless(text, verbatim):
    harmless(f"<div>{draw(text, verbatim=verbatim)}</div>")
    harmless(f"<div>{plain_html(text)}</div>")
