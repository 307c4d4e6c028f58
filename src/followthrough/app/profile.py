"""The saved profile: "About you" (name, e-mail, time zone, signature,
strengths) typed once and kept in ``profile.toml`` in the data folder, so
every new debrief starts with it and the agenda reads times in its zone.

    name = "Ravi Subramanian"
    email = "ravi.subramanian@example.net"
    timezone = "Asia/Tokyo"
    signature = "Ravi Subramanian\\n+81 90-0000-0000"
    strengths = ["passed the JLPT N2"]

It holds the debrief's ``[candidate]`` table and is checked by the same model.
One person's computer has one profile; a team server keeps none (its data
folder is nobody's own)."""

from __future__ import annotations

import os
import tempfile
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followthrough import paths
from followthrough.errors import BadInput, Problem

if TYPE_CHECKING:
    from followthrough.debrief.model import Candidate

PROFILE_FILE = "profile.toml"
MAX_PROFILE_BYTES = 20_000
FIELDS = ("name", "email", "timezone", "signature", "strengths")


def profile_file() -> Path:
    return paths.home() / PROFILE_FILE


def load_profile(path: Path | None = None) -> Candidate | None:
    """The saved :class:`~followthrough.debrief.model.Candidate`, or None when
    there is none; a file that is not a valid profile is refused, naming the field."""
    from followthrough.debrief.reading import read_file

    path = path or profile_file()
    if not path.exists():
        return None
    raw = read_file(path, MAX_PROFILE_BYTES, what=PROFILE_FILE)
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise BadInput([Problem("profile", f"not readable as TOML: {error}",
                                expected="save the profile again")], str(path)) from None
    return checked_profile(data, source=str(path))


def checked_profile(values: Mapping[str, Any], source: str | None = None) -> Candidate:
    """``values`` as a Candidate, checked like a debrief's ``[candidate]``."""
    from pydantic import ValidationError

    from followthrough.debrief.model import Candidate

    unknown = [Problem(str(key), "unknown field", expected=", ".join(FIELDS))
               for key in values if key not in FIELDS]
    if unknown:
        raise BadInput(unknown, source)
    try:
        return Candidate.model_validate(dict(values), strict=True)
    except ValidationError as err:
        raise BadInput([Problem(".".join(str(part) for part in error["loc"]) or "profile",
                                str(error["msg"]).removeprefix("Value error, "))
                        for error in err.errors()], source) from None


def save_profile(values: Mapping[str, Any], path: Path | None = None) -> Candidate:
    """Check ``values`` and replace the profile file atomically (readable by
    its owner only); returns the saved Candidate. Nothing is written on a problem."""
    import tomli_w

    candidate = checked_profile(values)
    document = profile_fields(candidate)
    target = path or profile_file()
    with paths.private_umask():
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=".profile-",
                                        suffix=".toml")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(tomli_w.dumps(document))
            os.replace(name, target)
        finally:
            if os.path.exists(name):
                os.unlink(name)
    return candidate


def profile_fields(candidate: Any) -> dict[str, Any]:
    """The fields of a profile that hold a value, in :data:`FIELDS` order."""
    values = candidate.model_dump()
    return {key: values[key] for key in FIELDS if values.get(key) not in (None, [])}
