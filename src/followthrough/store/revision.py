"""The schema revision this version of followthrough reads and writes, apart
from :mod:`followthrough.store.migrate` so that reading it imports nothing."""

HEAD = "0014_actions_by_kind"
"""The newest revision; a test keeps it equal to the scripts' head."""
