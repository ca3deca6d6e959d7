"""Block Kit builders: pure functions from the workshop's data to Slack message and view dicts."""
