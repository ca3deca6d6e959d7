"""The entry points: a map picture in, PNG, SVG or PDF bytes out; no Slack and no database inside."""

import ctypes
import ctypes.util
import gc
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal, get_args

from matplotlib import rc_context

from bot.i18n import RTL_LANGUAGES
from bot.render.compose import compose
from bot.render.draw import Drawing, draw
from bot.render.layout import Layout, measure_layout
from bot.render.marks import Sheet
from bot.render.model import MapPicture
from bot.render.palette import CANVAS
from bot.render.sizing import VECTOR_DPI, png_dpi

Format = Literal["png", "svg", "pdf"]

# zlib's fastest level: a large map encodes in a quarter less time than at the default, for 10% more bytes.
PNG_COMPRESSION = 1

_lock = threading.Lock()


def _load_libc() -> Any:
    """glibc, for `malloc_trim`; None elsewhere (musl, macOS), where the allocator does as it does."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


_LIBC = _load_libc()


@contextmanager
def _drawing() -> Iterator[None]:
    """One drawing at a time (matplotlib's font caches and settings are process-wide), with unhinted
    glyphs, as `typography` measures them (and faster to shape and rasterise). A figure, its canvas and
    its artists refer to each other, so a drawing is freed only by a full garbage collection, which a
    busy worker seldom runs on its own (large buffers don't count towards it): one is run after each
    drawing, about 30 ms, rather than keep every drawn canvas (some 20 MB for a big map) until then.
    The memory freed then goes back to the system: glibc keeps it in the malloc arena of the thread that
    drew, and each request thread has its own. In an all-hands run a worker grew 70 to 90 MB over a
    dozen pictures without both (docs/benchmarks.md)."""
    try:
        with _lock, rc_context({"text.hinting": "no_hinting"}):
            yield
    finally:
        gc.collect()
        if _LIBC is not None:
            _LIBC.malloc_trim(0)


def render(picture: MapPicture, fmt: Format = "png") -> bytes:
    """The picture as an image file's bytes."""
    with _drawing():
        _, drawing = _draw(picture, fmt)
        data = _save(drawing, fmt)
        del drawing  # for the collection as the drawing ends
    return data


def render_with_layout(picture: MapPicture, fmt: Format = "png") -> tuple[bytes, Layout]:
    """The picture's bytes and where every text and card ended up, in pixels (points for SVG and PDF)."""
    with _drawing():
        sheet, drawing = _draw(picture, fmt)
        data = _save(drawing, fmt)
        renderer = drawing.figure.canvas.get_renderer()  # type: ignore[attr-defined]
        layout = measure_layout(sheet, drawing, renderer)
        del drawing, renderer  # for the collection as the drawing ends
    return data, layout


def _draw(picture: MapPicture, fmt: Format) -> tuple[Sheet, Drawing]:
    if fmt not in get_args(Format):
        raise ValueError(f"unknown image format {fmt!r}: use png, svg or pdf")
    sheet = compose(picture)
    dpi = png_dpi(sheet.width, sheet.height) if fmt == "png" else VECTOR_DPI
    return sheet, draw(sheet, dpi, picture.language in RTL_LANGUAGES)


def _save(drawing: Drawing, fmt: Format) -> bytes:
    buffer = io.BytesIO()
    options: dict[str, Any] = {"pil_kwargs": {"compress_level": PNG_COMPRESSION}} if fmt == "png" else {}
    drawing.figure.savefig(buffer, format=fmt, dpi="figure", facecolor=CANVAS, **options)
    return buffer.getvalue()
