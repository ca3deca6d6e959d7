"""The playground: the real bot against a Slack stand-in, in a web page, with no Slack workspace.

Edge code only: nothing in the core, the handlers or storage imports it or knows it exists. The stand-in
(`standin`, `webapi`, `workspace`, `checks`) is also what the tests run the bot against.
"""
