"""The test harness: a fake Slack Web API and a driver that talks to the bot as Slack does."""
