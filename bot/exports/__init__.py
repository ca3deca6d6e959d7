"""Taking a map out of Slack and bringing one in: CSV, Markdown and images, as pure functions over the map's
document (bot/document; its JSON codec is bot/document/codec.py), and reading a CSV into a document."""
