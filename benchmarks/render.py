"""Speed and memory of drawing the map picture, against a bare matplotlib figure.

    python -m benchmarks.render [--repeat 5]

Targets (issue 4): a 6 × 5 map with 40 touchpoints under 400 ms, 30 × 12 with 1,000 touchpoints under
3 s, under 300 MB while rendering. Each map is compared with a bare figure of the same size in pixels
with as many text boxes, holding the same strings in the same font, drawn to PNG in the same run (with
the same unhinted glyphs as the map). Peak
memory is the resident set of a fresh process that renders the map once (matplotlib's pixel buffer
lives outside Python's allocator, so tracemalloc would not see it): Linux's VmHWM, since a child's
ru_maxrss starts from its parent's.
"""

import argparse
import io
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.render import render
from bot.render.compose import compose
from bot.render.demo import sample_picture
from bot.render.image import PNG_COMPRESSION
from bot.render.model import MapPicture
from bot.render.sizing import png_dpi
from bot.render.typography import FAMILY


@dataclass(frozen=True)
class Case:
    name: str
    target_ms: float
    picture: Callable[[], MapPicture]


CASES = (
    Case("6 × 5, 40 touchpoints (en)", 400, lambda: sample_picture("en", 6, 5, 40)),
    Case("6 × 5, 40 touchpoints (fa)", 400, lambda: sample_picture("fa", 6, 5, 40)),
    Case("30 × 12, 1,000 touchpoints (ar)", 3000, lambda: sample_picture("ar", 30, 12, 1000)),
)
MEMORY_TARGET_MB = 300


def _best_ms(draw: Callable[[], object], repeat: int) -> tuple[float, float]:
    draw()  # warm caches: fonts, glyph widths
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        draw()
        times.append((time.perf_counter() - started) * 1000)
    return min(times), statistics.median(times)


def _bare_figure(strings: list[str], width: float, height: float, dpi: float) -> bytes:
    """As many text boxes as the map draws, the same strings, on an empty figure of the same size."""
    figure = Figure(figsize=(width / 72, height / 72), dpi=dpi)
    FigureCanvasAgg(figure)
    columns = max(1, int(len(strings) ** 0.5))
    for i, text in enumerate(strings):
        x, y = (i % columns) / columns, 1 - (i // columns + 1) / (len(strings) / columns + 1)
        figure.text(x, y, text, family=list(FAMILY), fontsize=8, parse_math=False)
    buffer = io.BytesIO()
    with rc_context({"text.hinting": "no_hinting"}):
        figure.savefig(buffer, format="png", pil_kwargs={"compress_level": PNG_COMPRESSION})
    return buffer.getvalue()


def _peak_rss_mb(case_index: int) -> tuple[float, float]:
    """(resident MB after importing and warming up, peak resident MB) of a fresh process rendering once."""
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.render", "--memory-of", str(case_index)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(output[0]), float(output[1])


def _peak_mb() -> float:
    status = Path("/proc/self/status")
    if status.exists():
        (line,) = [line for line in status.read_text().splitlines() if line.startswith("VmHWM:")]
        return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _report_memory(case_index: int) -> None:
    picture = CASES[case_index].picture()
    render(sample_picture("en", 1, 1, 1))
    before = _peak_mb()
    render(picture)
    print(before, _peak_mb())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--memory-of", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_of is not None:
        _report_memory(args.memory_of)
        return

    print(
        f"{'map':<33}{'texts':>7}{'pixels':>13}{'best ms':>9}{'median':>8}{'target':>8}"
        f"{'bare ms':>9}{'ratio':>7}{'base MB':>9}{'peak MB':>9}"
    )
    for index, case in enumerate(CASES):
        picture = case.picture()
        sheet = compose(picture)
        dpi = png_dpi(sheet.width, sheet.height)
        strings = ["\n".join(text.lines) for text in sheet.texts]
        best, median = _best_ms(partial(render, picture), args.repeat)
        bare, _ = _best_ms(partial(_bare_figure, strings, sheet.width, sheet.height, dpi), args.repeat)
        base, peak = _peak_rss_mb(index)
        pixels = f"{round(sheet.width * dpi / 72)}×{round(sheet.height * dpi / 72)}"
        print(
            f"{case.name:<33}{len(strings):>7}{pixels:>13}{best:>9.0f}{median:>8.0f}{case.target_ms:>8.0f}"
            f"{bare:>9.0f}{best / bare:>7.2f}{base:>9.0f}{peak:>9.0f}"
        )
    print(
        "base MB: a fresh process's resident memory once warmed up; peak MB: its peak while rendering "
        f"the map (target under {MEMORY_TARGET_MB})."
    )


if __name__ == "__main__":
    main()
