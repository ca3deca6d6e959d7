"""The workshop domain: steps, rules and permissions, with no Slack payloads in sight."""
