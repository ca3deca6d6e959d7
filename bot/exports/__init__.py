"""Taking a map out of Slack and bringing one in: JSON, CSV, Markdown and images, as pure functions over
the map's document (bot/workshop/snapshot.py), and the reading of imported files."""
