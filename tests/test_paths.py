"""The data folder read from the environment is the one platformdirs gives,
in every case the plain reading answers; the others are left to platformdirs."""

from __future__ import annotations

import sys

import platformdirs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from followthrough import paths
from tests.conftest import fresh_python

UNSET = None
folders = st.sampled_from([UNSET, "", "relative/data", "~/data", "/", "/srv/data",
                           "/srv/data/", "//srv//data", "/home/ana smith/.data", "/srv/ü"])
"""Values of ``$XDG_DATA_HOME`` and ``$HOME``: unset, empty, relative, absolute."""


def _set(monkeypatch: pytest.MonkeyPatch, name: str, value: str | None) -> None:
    if value is None:
        monkeypatch.delenv(name, raising=False)
    else:
        monkeypatch.setenv(name, value)


@pytest.mark.skipif(sys.platform != "linux", reason="the plain reading is for Linux")
@given(folders, folders)
def test_the_data_folder_is_platformdirs_own(data: str | None, home: str | None) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.delenv("FOLLOWTHROUGH_HOME", raising=False)
        for name in ("ANDROID_DATA", "ANDROID_ROOT"):
            monkeypatch.delenv(name, raising=False)
        _set(monkeypatch, "XDG_DATA_HOME", data)
        _set(monkeypatch, "HOME", home)
        plain = paths.plain_linux_data_dir()
        try:
            theirs = platformdirs.user_data_dir(paths.APP_NAME)
        except RuntimeError:  # no home at all: platformdirs' to say
            assert plain is None
            return

        assert plain in (None, theirs)
        assert str(paths.home()) == str(platformdirs.user_data_path(paths.APP_NAME))
        if data and data.startswith("/"):
            assert plain == theirs


def test_android_is_left_to_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANDROID_DATA", "/data")
    monkeypatch.setenv("ANDROID_ROOT", "/system")

    assert paths.plain_linux_data_dir() is None


def test_the_override_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_HOME", "~/jobs")
    monkeypatch.setenv("HOME", "/home/ana")

    assert paths.home().as_posix() == "/home/ana/jobs"


def test_reading_the_data_folder_imports_no_platformdirs() -> None:
    probe = ("import os, sys\nos.environ.pop('FOLLOWTHROUGH_HOME', None)\n"
             "os.environ['XDG_DATA_HOME'] = '/srv/data'\n"
             "from followthrough import paths\n"
             "print(paths.home(), 'platformdirs' in sys.modules)\n")

    assert fresh_python(probe).split() == ["/srv/data/followthrough", "False"]
