"""How long imports and exports of the largest map an import takes (5,000 touchpoints) last.

    python -m benchmarks.transfer [--rows 5000] [--database-url URL]

The import's preview reads the CSV in the ack of the modal's submission (Slack allows 3 s); applying it
and making the export's files happen after an ack.
"""

import argparse
import csv
import io
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from bot.document.capture import export_document
from bot.document.merge import merge
from bot.exports.csv_import import as_document, read_table
from bot.exports.files import export_files
from storage.db import UnitOfWork, build_engine
from storage.migrate import upgrade
from storage.repositories import Maps

STAGES = ["آگاهی", "بررسی", "خرید", "شروع استفاده", "پشتیبانی", "وفاداری"]
CHANNELS = ["وب‌سایت", "اپلیکیشن موبایل", "ایمیل", "فروشگاه", "تلفن"]


def sample_csv(rows: int) -> bytes:
    """A Persian touchpoints CSV as Excel saves it: BOM, semicolons, CRLF."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["مرحله", "کانال", "نقطه تماس", "نیاز مشتری", "پرسوناها"])
    for n in range(rows):
        writer.writerow(
            [
                STAGES[n % 6],
                CHANNELS[n % 5],
                f"نقطه تماس شمارهٔ {n}",
                "می‌خواهد سریع بخرد؛ بدون دردسر",
                "خریدار",
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def timed(label: str, work):
    started = time.perf_counter()
    result = work()
    print(f"{label:<44}{(time.perf_counter() - started) * 1000:>9.0f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument(
        "--database-url",
        default=None,
        help="a scratch database (the map stays in it); default: a fresh SQLite file",
    )
    args = parser.parse_args()
    raw = sample_csv(args.rows)
    print(f"{args.rows} rows, {len(raw) / 1024:.0f} KB")
    with tempfile.TemporaryDirectory() as directory:
        url = args.database_url or f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        upgrade(url)
        engine = build_engine(url)
        uow = UnitOfWork(engine)
        table = timed("read and check the CSV (the preview's ack)", lambda: read_table(raw))
        document = as_document(table)
        with uow() as session:
            found = Maps(session, "T0BENCH").add(
                channel_id="C0BENCH", title="نقشه", language="fa", created_by="U1"
            )
            map_id = found.id
        with uow() as session:
            found = Maps(session, "T0BENCH").get(map_id)
            timed("apply it in one transaction", lambda: merge(session, found, document, "U1"))
        with uow() as session:
            found = Maps(session, "T0BENCH").get(map_id)
            exported = timed(
                "read the map for an export",
                lambda: export_document(session, "T0BENCH", found, datetime.now(UTC)),
            )
        for fmt in ("json", "csv", "md", "png"):
            timed(f"make the {fmt} files", lambda fmt=fmt: export_files(exported, fmt, "map", date.today()))
        engine.dispose()


if __name__ == "__main__":
    main()
