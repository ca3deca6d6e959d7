"""The touchpoint map as a picture, without Slack or a database: `render(picture, fmt)` turns a
`bot.render.model.MapPicture` into PNG, SVG or PDF bytes; `bot.render.demo` holds sample maps.

Importing the package (or its model) stays cheap: matplotlib loads with the first `render`.
"""

from typing import Any

# Bump when the drawing changes, so pictures kept from an earlier renderer are drawn again.
RENDERER_VERSION = 1

_IMAGE = ("Format", "render", "render_with_layout")


def __getattr__(name: str) -> Any:
    if name in _IMAGE:
        from bot.render import image

        return getattr(image, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
