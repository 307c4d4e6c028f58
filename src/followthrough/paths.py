"""Where followthrough keeps its files, and keeping them private.

``FOLLOWTHROUGH_HOME`` overrides the per-user data folder (tests use it, so do
people who keep their job search on an encrypted volume).

Job-search notes are personal: the data folder is 0700 and every file we
write is 0600 (the commands run under :func:`private_umask`; the SQLite file
is created 0600 and its WAL and SHM files take its mode). Files left open to
others by an older version are tightened when the store opens, with a notice.
"""

from __future__ import annotations

import os
import posixpath
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

APP_NAME = "followthrough"
FOLDER_MODE = 0o700
FILE_MODE = 0o600
OTHERS = 0o077
"""The permission bits of the group and of everyone else."""


def home() -> Path:
    override = os.environ.get("FOLLOWTHROUGH_HOME")
    if override:
        return Path(override).expanduser()
    plain = plain_linux_data_dir()
    if plain is not None:
        return Path(plain)
    import platformdirs  # imports tempfile, shutil and random (about 4 ms of a start-up)

    return Path(platformdirs.user_data_dir(APP_NAME))


def plain_linux_data_dir() -> str | None:
    """``platformdirs.user_data_dir(APP_NAME)`` on Linux, read from the environment
    as platformdirs reads it when the case is plain (``$XDG_DATA_HOME`` absolute, or
    else ``$HOME`` absolute: ``~/.local/share``); None for any other case (Android,
    another system, no usable home), which is platformdirs' to answer.
    ``tests/test_paths.py`` holds the two to the same folder."""
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel") or (
            os.environ.get("ANDROID_DATA") == "/data"
            and os.environ.get("ANDROID_ROOT") == "/system"):
        return None
    data = os.environ.get("XDG_DATA_HOME", "")
    if posixpath.isabs(data):
        return posixpath.join(data, APP_NAME)
    if not posixpath.isabs(os.environ.get("HOME", "")):
        return None
    return posixpath.join(posixpath.expanduser("~/.local/share"), APP_NAME)


def default_database_url() -> str:
    """The URL of the embedded SQLite database, unless ``FOLLOWTHROUGH_DB`` names another."""
    explicit = os.environ.get("FOLLOWTHROUGH_DB")
    if explicit:
        return explicit
    return f"sqlite:///{home() / 'followthrough.db'}"


def settings_file() -> Path:
    return home() / "settings.toml"


@contextmanager
def private_umask() -> Iterator[None]:
    """Files created in the block are 0600 and folders 0700 (whatever the code
    that creates them asks for); the previous umask comes back afterwards."""
    previous = os.umask(OTHERS)
    try:
        yield
    finally:
        os.umask(previous)


def private_folder(folder: Path) -> Path:
    """``folder``, created 0700 (with its missing parents) if it does not exist.

    Several processes may start at once on a new home folder, so the folder is
    created without looking first: whoever loses the race finds it made."""
    try:
        folder.mkdir(parents=True, mode=FOLDER_MODE)
    except FileExistsError:
        if not folder.is_dir():
            raise
        return folder
    folder.chmod(FOLDER_MODE)
    return folder


def private_file(path: Path) -> Path:
    """``path``, created empty and 0600 if it does not exist (an empty file is
    an empty SQLite database; SQLite then gives its WAL and SHM files this mode)."""
    private_folder(path.parent)
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    except FileExistsError:
        return path
    os.close(descriptor)
    return path


def tighten(path: Path) -> str | None:
    """Take the group's and everyone's permissions off ``path``; a notice if
    there were any (or if they could not be taken off). Symbolic links and
    missing files are left alone."""
    try:
        found = path.lstat()
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(found.st_mode):
        return None
    mode = stat.S_IMODE(found.st_mode)
    if not mode & OTHERS:
        return None
    try:
        path.chmod(mode & ~OTHERS)
    except OSError as err:
        return (f"{path} can be read by other users of this computer and could not be "
                f"made private ({err.strerror}); run: chmod go-rwx '{path}'")
    return f"{path} could be read by other users of this computer; it is private now"


def tighten_tree(folder: Path) -> list[str]:
    """:func:`tighten` ``folder`` and everything in it (the data folder)."""
    if not folder.is_dir():
        return []
    notices = [tighten(folder)]
    for parent, folders, files in os.walk(folder):
        notices.extend(tighten(Path(parent, name)) for name in (*folders, *files))
    return [notice for notice in notices if notice]
