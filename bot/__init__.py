"""Touchpoint: a Slack bot that facilitates customer touchpoint map workshops."""
