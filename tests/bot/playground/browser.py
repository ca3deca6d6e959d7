"""What a browser does with the playground's HTML: find the form controls a person fills in, and the
`FormData` a form submits; and a check that HTML is well formed and harmless."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"br", "hr", "img", "input", "meta", "link"}
LINKS = ("http://", "https://", "mailto:")


@dataclass
class Control:
    tag: str  # input, textarea or select
    attrs: dict[str, str | None]
    value: str = ""  # a text box's
    options: list[tuple[str, bool]] = field(default_factory=list)  # a select's (value, selected)

    @property
    def kind(self) -> str:
        return self.attrs.get("type") or self.tag


class Page(HTMLParser):
    """The HTML parsed as a browser's DOM would hold it, as far as forms and safety go."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.controls: list[Control] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.problems: list[str] = []
        self.text: list[str] = []
        self._open: list[str] = []
        self._textarea: Control | None = None
        self._select: Control | None = None
        self._option: dict[str, str | None] | None = None
        self.feed(markup)
        self.close()
        if self._open:
            self.problems.append(f"never closed: {self._open}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.elements.append((tag, found))
        self._check(tag, found)
        if tag not in VOID:
            self._open.append(tag)
        if tag == "input":
            self.controls.append(Control(tag, found, found.get("value") or ""))
        elif tag == "textarea":
            self._textarea = Control(tag, found)
            self.controls.append(self._textarea)
        elif tag == "select":
            self._select = Control(tag, found)
            self.controls.append(self._select)
        elif tag == "option":
            self._option = found
            if self._select is not None:
                self._select.options.append((found.get("value") or "", "selected" in found))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self._open or self._open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self._open[-1:]}")
            return
        self._open.pop()
        if tag in ("textarea", "select"):
            self._textarea = self._select = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._textarea is not None:
            self._textarea.value += data

    def _check(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag in ("script", "style", "iframe", "object", "embed", "base", "meta", "link"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.problems.append(f"{name}= on <{tag}>")
            if name == "href" and not (value or "").lower().startswith(LINKS):
                self.problems.append(f"href={value!r}")
            if name == "src" and not (value or "").lower().startswith(("http://", "https://", "/")):
                self.problems.append(f"src={value!r}")

    # --- what a person does ---------------------------------------------------------------------------
    def named(self, name: str) -> list[Control]:
        found = [control for control in self.controls if control.attrs.get("name") == name]
        assert found, f"no control named {name!r} in {[c.attrs.get('name') for c in self.controls]}"
        return found

    def fill(self, name: str, answer: str | Sequence[str]) -> None:
        """Type `answer` in a text box, pick the option(s) or tick the box(es) whose values it holds."""
        chosen = [answer] if isinstance(answer, str) else list(answer)
        for control in self.named(name):
            if control.kind in ("checkbox", "radio"):
                control.attrs.pop("checked", None)
                if control.attrs.get("value") in chosen:
                    control.attrs["checked"] = None
            elif control.tag == "select":
                values = [value for value, _ in control.options]
                assert all(value in values for value in chosen), f"{chosen} not offered by {name}"
                control.options = [(value, value in chosen) for value in values]
            else:
                control.value = answer if isinstance(answer, str) else chosen[0]

    def offer(self, name: str, values: Sequence[str]) -> None:
        """What the page's script does with the bot's answer to an external select's search."""
        [select] = [control for control in self.named(name) if control.tag == "select"]
        select.options += [(value, False) for value in values]

    def form_data(self) -> dict[str, list[str]]:
        """What `new FormData(form)` holds, by name (a textarea's line breaks sent as CRLF); file inputs
        are left to the page, which sends file ids instead."""
        data: dict[str, list[str]] = {}
        for control in self.controls:
            name = control.attrs.get("name")
            if not name or control.kind == "file":
                continue
            if control.kind in ("checkbox", "radio"):
                values = [control.attrs.get("value") or "on"] if "checked" in control.attrs else []
            elif control.tag == "select":
                values = [value for value, selected in control.options if selected]
                if not values and "multiple" not in control.attrs and control.options:
                    values = [control.options[0][0]]  # a single select always sends its first option
            elif control.tag == "textarea":
                values = [control.value.replace("\n", "\r\n")]
            else:
                values = [control.value]
            data.setdefault(name, []).extend(values)
        return data


def harmless(markup: str) -> Page:
    """`markup` parsed; fails unless it is well formed and holds no script, handler or unsafe link."""
    page = Page(markup)
    assert not page.problems, (page.problems, markup[:500])
    return page


def interactive(page: Page) -> list[dict[str, str | None]]:
    """The attributes of every element the page's script acts on."""
    return [attrs for _, attrs in page.elements if "data-action-id" in attrs]
