"""Persistence: SQLAlchemy models, the unit of work, team-scoped repositories and migrations."""
