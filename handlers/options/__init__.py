"""Menus whose options the bot loads as the person types (`external_select`)."""

from slack_bolt import App

from bot.blocks.ids import Field
from handlers.options import touchpoints


def register(app: App) -> None:
    app.options(Field.TOUCHPOINT)(touchpoints.suggest)
