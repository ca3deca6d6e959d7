"""The floor for benchmarks/load.py: a Bolt app that only acks, served like the bot (gunicorn's gthread
workers, as many as WEB_CONCURRENCY says, behind the same signature and body check), with no database
and no work after the ack.

    SLACK_SIGNING_SECRET=… SLACK_BOT_TOKEN=… SLACK_API_URL=… PORT=3001 [WEB_CONCURRENCY=2] \
        python -m benchmarks.bare_app
"""

import os
import re

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.server import GunicornServer, wsgi_app


def bare_app(signing_secret: str, token: str, api_url: str) -> App:
    app = App(
        client=WebClient(token=token, base_url=api_url),
        signing_secret=signing_secret,
        process_before_response=True,
        token_verification_enabled=False,
    )

    def acknowledge(ack: Ack) -> None:
        ack()

    app.command(re.compile(".*"))(acknowledge)
    app.action(re.compile(".*"))(acknowledge)
    app.view(re.compile(".*"))(acknowledge)
    return app


def main() -> None:
    secret = os.environ["SLACK_SIGNING_SECRET"]
    app = bare_app(secret, os.environ["SLACK_BOT_TOKEN"], os.environ["SLACK_API_URL"])
    port, workers = int(os.environ["PORT"]), int(os.environ.get("WEB_CONCURRENCY", "1"))
    GunicornServer(lambda: wsgi_app(app, secret), port, lambda: None, workers=workers).run()


if __name__ == "__main__":
    main()
