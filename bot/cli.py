"""`touchpoint-bot`: run the bot, or manage its database."""

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError

from bot import admin_cli
from bot.config import (
    ConfigError,
    load_database_url,
    load_environment,
    load_local_settings,
    load_settings,
    slack_configured,
)
from bot.exports.files import FORMATS
from bot.gateway import build_client
from bot.i18n import LANGUAGES
from bot.logs import configure_logging
from bot.method.errors import UserError
from bot.render.model import VIEWS, MapPicture
from storage import migrate

if TYPE_CHECKING:
    from apscheduler.schedulers.background import BackgroundScheduler
    from slack_bolt import App

    from bot.workshop.core import Workshop

PROG = "touchpoint-bot"
LOOPBACK = "127.0.0.1"
IMAGE_SUFFIXES = (".png", ".svg", ".pdf")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Touchpoint: customer touchpoint map workshops in Slack. "
        "Settings come from the environment or a .env file (see docs/operations.md).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "run",
        help="start the bot (Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP on PORT)",
        description="Apply pending database migrations, then serve Slack: Socket Mode when SLACK_APP_TOKEN "
        "is set, otherwise HTTP on PORT (default 3000) at POST /slack/events, with GET /healthz.",
    )
    playground = commands.add_parser(
        "playground",
        help="try the bot in a browser, with no Slack workspace",
        description="Run the bot against a Slack stand-in served as a web page, with sample people and "
        "channels; the maps go to DATABASE_URL as usual. `run` does this too when no Slack setting is set.",
    )
    playground.add_argument(
        "--port", type=int, metavar="N", help="the port to serve on (default: PORT, else 3000)"
    )
    playground.add_argument(
        "--host",
        default=LOOPBACK,
        metavar="H",
        help=f"the address to listen on (default {LOOPBACK}: this machine only)",
    )
    playground.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="en",
        help="who you are at first, the English, Persian or Arabic speaker, and --demo's language "
        "(default: en)",
    )
    playground.add_argument(
        "--demo",
        action="store_true",
        help="open with the sample map of `render --demo` at step 3, in a channel",
    )
    db = commands.add_parser("db", help="manage the database", description="Manage the database.")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser(
        "upgrade",
        help="apply the database migrations",
        description="Apply every pending Alembic migration to DATABASE_URL.",
    )
    render = commands.add_parser(
        "render",
        help="draw a touchpoint map as a PNG, SVG or PDF image",
        description="Draw a touchpoint map to an image file, in the format its name ends with. --demo draws "
        "a sample online shop's map, without Slack or a database.",
    )
    source = render.add_mutually_exclusive_group(required=True)
    source.add_argument("--demo", action="store_true", help="draw the sample map")
    source.add_argument("--map", type=int, metavar="ID", help="draw map ID from DATABASE_URL")
    render.add_argument("--persona", metavar="NAME", help="with --map --view persona: whose path")
    render.add_argument(
        "--compare", type=int, metavar="VERSION", help="with --map --view compare: the snapshot"
    )
    render.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="the sample map's language (default: en)"
    )
    render.add_argument(
        "--view",
        choices=VIEWS,
        default="whole",
        help="the whole map, one persona's path, only the pain points, or compared with a snapshot "
        "(default: whole)",
    )
    render.add_argument(
        "-o",
        "--output",
        required=True,
        type=_image_path,
        metavar="FILE",
        help="the image to write: .png, .svg or .pdf",
    )
    export = commands.add_parser(
        "export",
        help="write a stored map to a file: JSON, CSV, Markdown or an image",
        description="Write map ID from DATABASE_URL to FILE. json: the whole map (docs/map-schema.json); "
        "csv: one row per touchpoint, and the notes in FILE's name with -notes; md: a report; png, svg, "
        "pdf: the map's picture. The format is FILE's extension unless --format names it.",
    )
    export.add_argument("--map", type=int, required=True, metavar="ID", help="the map to export")
    export.add_argument("--format", choices=FORMATS, help="the file's format (default: FILE's extension)")
    export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="the file to write")
    import_ = commands.add_parser(
        "import",
        help="create a map from an exported JSON file, or add a CSV's touchpoints to a map",
        description="FILE.json (an export, docs/map-schema.json) becomes a new map in Slack channel "
        "--channel of workspace --team. FILE.csv (the columns of a CSV export) adds its touchpoints to "
        "--map ID, creating the stages, channels and personas it names that the map lacks. Nothing is "
        "imported when anything in the file is wrong.",
    )
    import_.add_argument("file", type=Path, metavar="FILE", help="a .json or .csv file")
    import_.add_argument("--team", metavar="T…", help="with a JSON file: the Slack workspace's id")
    import_.add_argument("--channel", metavar="C…", help="with a JSON file: the Slack channel's id")
    import_.add_argument("--map", type=int, metavar="ID", help="with a CSV file: the map to add to")
    import_.add_argument(
        "--facilitator",
        metavar="U…",
        help="with a JSON file: the facilitator (and creator) when the file names none; otherwise one more",
    )
    admin_cli.add_commands(commands)
    return parser


def _image_path(value: str) -> Path:
    path = Path(value)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise argparse.ArgumentTypeError(f"{value!r} must end in .png, .svg or .pdf")
    return path


def _playground(env: dict[str, str], port: int | None, host: str, lang: str, demo: bool) -> int:
    """Serve the playground until Ctrl-C; a port that is taken is said plainly."""
    from bot.playground.serve import Options, serve_forever

    database_url, default_port, log_level = load_local_settings(env)
    configure_logging(log_level)
    port = default_port if port is None else port
    if host not in (LOOPBACK, "localhost", "::1"):
        print(
            f"{PROG}: listening on {host}:{port}: anyone who can reach port {port} can act as any sample "
            "person in the playground.",
            file=sys.stderr,
        )
    try:
        serve_forever(
            Options(database_url, port, host, lang, demo, log_level), lambda line: print(f"{PROG}: {line}")
        )
    except OSError as error:
        print(
            f"{PROG}: cannot serve on {host}:{port} ({error.strerror or error}): try --port.", file=sys.stderr
        )
        return 2
    return 0


def _run() -> int:
    env = load_environment()
    if not slack_configured(env):
        _, port, _ = load_local_settings(env)
        rule = "━" * 100
        print(
            f"{rule}\nNo Slack settings: serving the playground at http://{LOOPBACK}:{port} "
            f"(set SLACK_BOT_TOKEN … to serve Slack)\n{rule}",
            flush=True,
        )
        return _playground(env, None, LOOPBACK, "en", demo=False)
    settings = load_settings(env)
    configure_logging(settings.log_level)
    migrate.upgrade(settings.database_url)

    from bot.app import build_runtime, create_app, run_scheduler
    from bot.server import WsgiApp, serve_http, socket_mode_handler, wsgi_app

    team_id = None  # OAuth installs' tokens are checked as requests use them
    if settings.bot_token is not None:
        team_id = build_client(settings.bot_token, settings.slack_api_url).auth_test()["team_id"]

    running: list[tuple[Workshop, BackgroundScheduler]] = []

    def serving() -> "App":
        """The app, with the scheduler running beside it (in each gunicorn worker: after the fork)."""
        runtime = build_runtime(settings)
        if team_id:  # its token works, so the workspace has the app (again, after an uninstall)
            runtime.workshop.workspaces.installed(team_id)
        running.append((runtime.workshop, run_scheduler(settings, runtime.workshop)))
        return create_app(settings, runtime=runtime)

    def stop_background() -> None:
        """While the interpreter is still whole: drop the board refreshes not yet sent (each board catches
        up with its map's next change), let the firings under way finish and start no more."""
        for workshop, scheduler in running:
            workshop.board_locks.close()
            scheduler.shutdown(wait=True)

    if settings.app_token:
        try:
            socket_mode_handler(serving(), settings.app_token).start()
        finally:
            stop_background()
    else:

        def build() -> "WsgiApp":
            return wsgi_app(serving(), settings.signing_secret or "")

        serve_http(build, settings.port, stop_background, settings.workers)
    return 0


def _db_upgrade() -> None:
    env = load_environment()
    configure_logging(env.get("LOG_LEVEL", "INFO").upper())
    migrate.upgrade(load_database_url(env))
    print(f"{PROG}: the database is up to date.")


def _stored_picture(args: argparse.Namespace) -> MapPicture | None:
    """Map ARGS.map as stored in DATABASE_URL (an operator's command: any team's map); None if absent."""
    from bot.workshop.images import PictureRequest, load_map, map_picture
    from storage.db import UnitOfWork, build_engine
    from storage.models import Map

    engine = build_engine(load_database_url(load_environment()))
    try:
        with UnitOfWork(engine)() as session:
            found = session.get(Map, args.map)
            if found is None:
                return None
            request = PictureRequest(args.view, args.persona, args.compare)
            stored = load_map(session, found.team_id, found, request)
        return map_picture(stored, request, datetime.now(UTC).date())
    finally:
        engine.dispose()


def _render(args: argparse.Namespace) -> int:
    from bot.render.demo import demo_picture
    from bot.render.image import render

    picture: MapPicture | None
    if args.map is None:
        picture = demo_picture(args.lang, args.view)
    else:
        try:
            picture = _stored_picture(args)
        except UserError as error:  # no such snapshot or persona
            print(f"{PROG}: {error.message.format(**error.params)}", file=sys.stderr)
            return 2
        if picture is None:
            print(f"{PROG}: there is no map {args.map} in the database.", file=sys.stderr)
            return 2
    image = render(picture, args.output.suffix.lower().lstrip("."))
    try:
        args.output.write_bytes(image)
    except OSError as error:
        print(f"{PROG}: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"{PROG}: wrote {args.output}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            return _run()
        elif args.command == "playground":
            return _playground(load_environment(), args.port, args.host, args.lang, args.demo)
        elif args.command == "render":
            return _render(args)
        elif args.command in ("export", "import"):
            from bot import transfer_cli

            return (transfer_cli.export if args.command == "export" else transfer_cli.import_)(args)
        elif args.command in ("purge", "new-key", "reseal-tokens"):
            return admin_cli.run(args)
        else:
            _db_upgrade()
    except ConfigError as error:
        print(f"{PROG}: cannot start, the configuration needs attention:", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    except SlackApiError as error:
        print(
            f"{PROG}: Slack refused the bot token ({error.response.get('error')}): check SLACK_BOT_TOKEN.",
            file=sys.stderr,
        )
        return 2
    except OSError as error:
        print(
            f"{PROG}: cannot reach Slack's Web API ({error}): check SLACK_API_URL and the network.",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
