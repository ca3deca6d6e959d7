"""The playground: a web page that stands in for Slack's client and Web API, so a workshop can run in a
browser with no Slack workspace. Nothing in bot/workshop or handlers knows of it: the bot talks to it as
it talks to Slack. The stand-in (`standin`, `webapi`, `workspace`, `checks`) is also what the tests run
the bot against."""
