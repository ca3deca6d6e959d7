"""The touchpoint-map method itself, what every part of the core speaks: its four steps, its words and
limits (bot/method/vocabulary.py), how typed names match, and the errors a person can fix."""
