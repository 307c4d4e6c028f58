"""A debrief with every form-of-address field, linked strengths, a promise's
link and file, and a reference's role: the tests' own, so they never read
``examples/`` or ``../shared``."""

from __future__ import annotations

from pathlib import Path

STRENGTH = "built the offline mode of a field-service app used by 3,000 technicians"
OTHER_STRENGTH = "mentored four junior engineers to their first production releases"

SAMPLE = f"""\
schema = 1

[candidate]
name = "Sam Okafor"
email = "sam.okafor@example.com"
timezone = "Europe/London"
strengths = [
  "{STRENGTH}",
  "{OTHER_STRENGTH}",
]

[interview]
company = "Nordlicht Mobility GmbH"
role = "Senior Android Engineer"
starts = 2026-12-02T10:00:00+01:00
timezone = "Europe/Berlin"
country = "DE"

[recruiter]
name = "Lena Hoffmann"
honorific = "Ms."
firm = "Talentbrücke Recruiting"
email = "lena.hoffmann@talent.example"
runs_process = true

[[interviewers]]
name = "Jonas Becker"
honorific = "Mr."
address = "first-name"
rapport = "warm"
topics = [
  {{ about = "keeping trip data in sync offline", strength = "{STRENGTH}" }},
  "how your team splits work between Kotlin Multiplatform and native code",
]

[[interviewers]]
name = "Aylin Demir"
honorific = "Dr."
family_name = "Demir-Wolf"
rapport = "neutral"
topics = [
  "your release trains and feature flags",
  {{ about = "mentoring in your team", strength = "{OTHER_STRENGTH}" }},
]

[[promises]]
what = "the design note on conflict-free sync"
to = "Aylin Demir"
url = "https://example.org/sync-note"
file = "files/note.pdf"

[[references]]
name = "Priyanka Das"
email = "priyanka.das@example.org"
address = "family-name"
honorific = "Ms."
role = "tech lead"
company = "Fieldwise Ltd"
current = true
emphasise = ["offline-first architecture"]
"""

TOLD_SAMPLE = SAMPLE.replace(f'strength = "{STRENGTH}" }}',
                             f'strength = "{STRENGTH}", told = true }}')
"""The sample where Jonas already heard about the strength linked to his first topic."""

KMP_TOPIC = "how your team splits work between Kotlin Multiplatform and native code"
SHORT_SAMPLE = SAMPLE.replace(
    f'strength = "{STRENGTH}" }}',
    f'strength = "{STRENGTH}", short = "offline sync" }}').replace(
    f'  "{KMP_TOPIC}",',
    f'  {{ about = "{KMP_TOPIC}", short = "your Kotlin Multiplatform split" }},')
"""The sample where Jonas's topics have short forms: one beside a strength, one
(a table of ``about`` and ``short`` only) without."""

SHOWS = "how the app merged offline edits from two devices without losing either"
SHOWS_SAMPLE = SAMPLE.replace('file = "files/note.pdf"\n',
                              f'file = "files/note.pdf"\nshows = "{SHOWS}"\n')
"""The sample where the promised design note says what it shows."""


def write_sample(folder: Path, text: str = SAMPLE) -> Path:
    """The sample as ``folder/debrief.toml``, with its promised ``files/note.pdf``."""
    (folder / "files").mkdir(parents=True, exist_ok=True)
    (folder / "files" / "note.pdf").write_bytes(b"%PDF-1.4 a note\n")
    path = folder / "debrief.toml"
    path.write_text(text, encoding="utf-8")
    return path


def line_number(text: str, starting: str, after: int = 0) -> int:
    """The 1-based number of the first line at or after ``after`` that contains ``starting``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number >= after and starting in line:
            return number
    raise AssertionError(f"{starting!r} not in the text")
