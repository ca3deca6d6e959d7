"""The workshop's use cases, one module per family: who may do what, what is stored, and what happened
(outcomes, and notices for the chat); no Slack payload or message in sight. core.py builds them all."""
