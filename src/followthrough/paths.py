"""Where followthrough keeps its files.

``FOLLOWTHROUGH_HOME`` overrides the per-user data folder (tests use it, so do
people who keep their job search on an encrypted volume).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "followthrough"


def home() -> Path:
    override = os.environ.get("FOLLOWTHROUGH_HOME")
    base = Path(override).expanduser() if override else Path(platformdirs.user_data_dir(APP_NAME))
    return base


def default_database_url() -> str:
    """The URL of the embedded SQLite database, unless ``FOLLOWTHROUGH_DB`` names another."""
    explicit = os.environ.get("FOLLOWTHROUGH_DB")
    if explicit:
        return explicit
    return f"sqlite:///{home() / 'followthrough.db'}"


def settings_file() -> Path:
    return home() / "settings.toml"
