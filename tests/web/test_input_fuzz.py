"""Hypothesis over every field of the debrief form, every other form the pages
post, and the JSON API's bodies: integers, floats (infinite and NaN too),
control characters and long strings never give a 500, and every refusal
names the field it is about."""

from __future__ import annotations

import html
import json
import os
import re
import tomllib
from typing import Any

import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from followthrough.debrief import validate_debrief
from followthrough.errors import BadInput
from followthrough.web import forms
from tests.conftest import PROJECT

EXAMPLES = int(os.environ.get("FT_WEB_FUZZ_EXAMPLES", "200"))
"""Examples per web fuzz test: each is a full request through the app, so CI's
2,000 for the time maths and parsers (FT_HYPOTHESIS_EXAMPLES) would take most
of an hour here; 200 per field found every 500 the issue listed."""
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def _berlin() -> dict[str, Any]:
    """The Berlin example as data, without its promise's file (not in the repository)."""
    data = tomllib.loads((PROJECT / "examples" / "debrief-berlin.toml").read_text("utf-8"))
    for promise in data.get("promises", []):
        promise.pop("file", None)
    return data


BASE = forms.from_debrief(validate_debrief(_berlin())).values
FIELDS = sorted({f"{section.name}[0].{field.name}" if section.many else
                 f"{section.name}.{field.name}"
                 for section in forms.SECTIONS for field in section.fields}
                | {key for key in BASE if ".topics[" in key and key.endswith(".strength")}
                | {key.removesuffix(".strength") + ".told" for key in BASE
                   if ".topics[" in key and key.endswith(".strength")}
                | {key.removesuffix(".about") + ".short" for key in BASE
                   if ".topics[" in key and key.endswith(".about")})
NAMES = {"candidate.name", "recruiter.name", "interviewers[0].name", "references[0].name"}
REFERRERS: dict[str, tuple[str, ...]] = {
    **{name: (".to",) for name in NAMES},
    "candidate.strengths": (".strength",),
    "interviewers[0].topics": (".strength", "missed[0].about", "promises[0].about",
                               "resources[0].about"),
    "interviewers[0].topics[0].about": ("missed[0].about", "promises[0].about",
                                        "resources[0].about"),
    "interview.starts": ("interview.decision_by",),
    "interview.timezone": ("interview.starts", "interview.decision_by"),
    "interview.country": ("interview.region", "interview.starts", "interview.decision_by"),
}
"""Fields another field points at: changing one can make the other wrong."""

control = st.text(st.characters(codec="utf-8", categories=("Cc", "Zl", "Zp", "Cf", "L", "N")),
                  min_size=1, max_size=30)
VALUES = st.one_of(
    st.integers().map(str),
    st.integers(min_value=10**20, max_value=10**60).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["²", "٣", "1e999", "NaN", "-inf", "9" * 5_000, "0", "-1", "", " "]),
    control,
    st.integers(150, 6_000).map(lambda n: "é" * n),
    st.just("x" * 25_000),
)
"""What a forged or careless form can hold."""


def _problem_paths(values: dict[str, str]) -> set[str]:
    try:
        forms.to_debrief(forms.submitted(values))
    except BadInput as error:
        return {problem.path for problem in error.problems}
    return set()


def _names_the_field(field: str, paths: set[str]) -> bool:
    if field in paths or any(path.startswith((field + "[", field + ".")) for path in paths):
        return True
    row = re.match(r"^(\w+\[0\])\.", field)
    if row and any(path.startswith(row.group(1) + ".") for path in paths):
        return True  # a field of the same row (a row needs its first field)
    if field.startswith("interviewers[0].topics[") and "interviewers[0].topics" in paths:
        return True
    shape = re.sub(r"\[\d+\]", "[0]", field)
    referrers = REFERRERS.get(shape, ()) + REFERRERS.get(shape.removesuffix("[0]"), ())
    return any(any(ref in path for ref in referrers) for path in paths)


@FUZZ
@given(field=st.sampled_from(FIELDS), value=VALUES)
def test_every_form_field_is_refused_by_name_never_with_a_500(
        client: TestClient, token: str, field: str, value: str) -> None:
    posted = {**BASE, field: value}

    answer = client.post("/interviews/new", data={**posted, "csrf_token": token})

    assert answer.status_code in (303, 400, 422), answer.text[:500]
    if answer.status_code == 400:  # a NUL character, refused as the form arrives
        assert "\x00" in value
        assert f"{field}: contains a NUL character" in html.unescape(answer.text)
    if answer.status_code == 422:
        paths = _problem_paths(posted)
        assert paths, ("the page refused what the form accepts", field, value[:80])
        assert _names_the_field(field, paths), (field, paths)


def test_the_form_fuzz_covers_every_field() -> None:
    for section in forms.SECTIONS:
        for field in section.fields:
            path = f"{section.name}[0].{field.name}" if section.many else \
                f"{section.name}.{field.name}"
            assert path in FIELDS
    assert any(".topics[" in path for path in FIELDS)
    assert "interviewers[0].topics[0].short" in FIELDS


@pytest.mark.parametrize(("field", "value", "said"), [
    ("candidate.name", "Sam\nOkafor", "a line break (U+000A); this field is one line"),
    ("interview.company", "N" * 1_000_000, "at most 200 are allowed"),
    ("interview.role", "R" * 201, "is 201 characters long; at most 200 are allowed"),
    ("interview.starts", "0001-01-01T10:00", "more than 5 years from today"),
    ("interview.decision_by", "9999-12-31", "more than 2 years after the interview"),
    ("interview.timezone", "localtime", "whatever zone this computer is set to"),
    ("interview.timezone", "Europe/Berln", "did you mean 'Europe/Berlin'?"),
    ("interview.minutes", "²", "is not a whole number"),
    ("questions[0].answer", "a\x07b", "a control character (U+0007)"),
])
def test_the_form_shows_each_refusal_beside_its_field(
        client: TestClient, token: str, field: str, value: str, said: str) -> None:
    answer = client.post("/interviews/new", data={**BASE, field: value, "csrf_token": token})

    assert answer.status_code == 422
    state = forms.with_problems(forms.submitted({**BASE, field: value}),
                                _problems({**BASE, field: value}))
    assert any(said in message for message in state.errors.get(field, [])), state.errors
    assert said.replace("'", "&#39;") in answer.text


def _problems(values: dict[str, str]) -> list[Any]:
    with pytest.raises(BadInput) as refused:
        forms.to_debrief(forms.submitted(values), local_files=False)
    return refused.value.problems


@pytest.mark.parametrize("key", ["interviewers[50].name", "promises[999999].what",
                                 "interviewers[" + "9" * 5_000 + "].name",
                                 "references[²].name"])
def test_a_forged_row_index_is_refused_not_built(client: TestClient, token: str,
                                                 key: str) -> None:
    answer = client.post("/interviews/new", data={**BASE, key: "Someone", "csrf_token": token})

    assert answer.status_code == 422
    assert "at most 50 rows are allowed here" in answer.text
    assert answer.text.count('name="interviewers[') < 200


def test_adding_rows_stops_at_the_limit(client: TestClient, token: str) -> None:
    rows = {f"promises[{index}].what": f"promise {index}" for index in range(50)}

    answer = client.post("/interviews/new", data={**BASE, **rows, "more": "promises",
                                                  "csrf_token": token})

    assert answer.status_code == 200
    assert "at most 50 rows are allowed here" in answer.text
    assert 'name="promises[50].what"' not in answer.text


# the other forms ----------------------------------------------------------------

@pytest.fixture
def berlin(app: FastAPI) -> int:
    interview_id, _ = app.state.store.add_interview(validate_debrief(_berlin()))
    return int(interview_id)


def _refusal_names(answer: Any, field: str) -> bool:
    return field in html.unescape(answer.text)


@FUZZ
@given(field=st.sampled_from(["interview", "body", "kind", "to"]), value=VALUES)
def test_the_live_check_never_fails_with_a_500(client: TestClient, token: str, berlin: int,
                                               field: str, value: str) -> None:
    posted = {"interview": str(berlin), "body": "Thank you.", "kind": "thank-you",
              "to": "Jonas Becker", field: value}

    answer = client.post("/drafts/check", data={**posted, "csrf_token": token})

    assert answer.status_code < 500, answer.text[-800:]
    if answer.status_code >= 400:
        assert _refusal_names(answer, field), answer.text[-800:]


@FUZZ
@given(field=st.sampled_from(["interview", "to", "subject", "body", "kind", "action"]),
       value=VALUES)
def test_the_eml_download_never_fails_with_a_500(client: TestClient, token: str, berlin: int,
                                                 field: str, value: str) -> None:
    posted = {"interview": str(berlin), "to": "Jonas Becker", "subject": "Thank you",
              "body": "Dear Jonas,\n\nThank you.\n", "kind": "thank-you", field: value}

    answer = client.post("/drafts/eml", data={**posted, "csrf_token": token})

    assert answer.status_code < 500, answer.text[-800:]
    if answer.status_code >= 400:
        assert _refusal_names(answer, field) or "interview" in answer.text, answer.text[-800:]


@pytest.mark.parametrize(("field", "value"), [("body", "x" * 20_001), ("subject", "s" * 301),
                                              ("to", "t" * 201)])
def test_the_eml_download_refuses_what_it_used_to_cut(client: TestClient, token: str,
                                                      berlin: int, field: str,
                                                      value: str) -> None:
    posted = {"interview": str(berlin), "to": "Jonas Becker", "subject": "Thank you",
              "body": "Thank you.", field: value, "csrf_token": token}

    answer = client.post("/drafts/eml", data=posted)

    assert answer.status_code == 400
    assert f"{field}: is {len(value):,} characters long; at most" in answer.text


def test_a_name_with_a_comma_is_one_address_in_the_eml(app: FastAPI, client: TestClient,
                                                       token: str) -> None:
    data = _berlin()
    data["candidate"]["name"] = "Okafor, Sam"
    interview_id, _ = app.state.store.add_interview(validate_debrief(data))

    answer = client.post("/drafts/eml", data={
        "interview": str(interview_id), "to": "Jonas Becker", "subject": "Thank you",
        "body": "Thank you.", "csrf_token": token})

    assert answer.status_code == 200
    assert b'From: "Okafor, Sam" <sam.okafor@example.com>' in answer.content


@FUZZ
@given(value=VALUES)
def test_settings_are_refused_by_name_never_cut(client: TestClient, token: str,
                                                value: str) -> None:
    answer = client.post("/settings", data={"settings": f"[checker]\ndisabled = [{value}]\n",
                                            "csrf_token": token})

    assert answer.status_code in (303, 400, 422), answer.text[-500:]
    if answer.status_code == 400:
        assert "settings: contains a NUL character" in answer.text


def test_long_settings_are_refused_with_the_limit(client: TestClient, token: str) -> None:
    answer = client.post("/settings", data={"settings": "# x\n" * 30_000, "csrf_token": token})

    assert answer.status_code == 422
    assert "settings: is 120,000 bytes; settings.toml is at most 100,000" in answer.text


# the JSON API -------------------------------------------------------------------

JSON_VALUES = st.one_of(
    st.integers().map(str), st.integers(min_value=10**30).map(str),
    st.sampled_from(["1e999", "-1e999", "NaN", "Infinity", "9" * 5_000, "[" * 5_000]),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    control.map(json.dumps), st.integers(150, 30_000).map(lambda n: json.dumps("é" * n)),
    st.just("null"), st.just("{}"), st.just("[]"),
)
"""JSON text, some of it beyond what JSON allows (Python's parser reads NaN)."""


def _leaves(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in _leaves(value, (*path, key))]
    if isinstance(data, list):
        return [leaf for index, value in enumerate(data) for leaf in _leaves(value, (*path, index))]
    return [path]


DEBRIEF = json.loads(json.dumps(_berlin(), default=str))
LEAVES = _leaves(DEBRIEF)
MARK = "\"@@VALUE@@\""


def _with_raw(path: tuple[str | int, ...], raw: str) -> str:
    data = json.loads(json.dumps(DEBRIEF))
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = "@@VALUE@@"
    return json.dumps(data).replace(MARK, raw)


def _dotted(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _api(client: TestClient, token: str, route: str, body: str) -> Any:
    return client.post(route, content=body.encode(), headers={
        "X-CSRF-Token": token, "content-type": "application/json"})


@FUZZ
@given(path=st.sampled_from(LEAVES), raw=JSON_VALUES)
def test_every_debrief_field_of_the_api_is_refused_by_name(client: TestClient, token: str,
                                                           path: tuple[str | int, ...],
                                                           raw: str) -> None:
    answer = _api(client, token, "/api/interviews", _with_raw(path, raw))

    assert answer.status_code in (201, 400, 422), answer.text[:500]
    body = answer.json()
    if answer.status_code == 400 and "problems" in body:
        field = _dotted(path)
        paths = {problem["path"] for problem in body["problems"]}
        assert _names_the_field(field, paths) or any(
            p == field.rsplit("[", 1)[0] or field.startswith(p) for p in paths), (field, paths)
    elif answer.status_code != 201:
        assert "body" in json.dumps(body), body


@FUZZ
@given(field=st.sampled_from(["text", "interview", "kind", "to"]), raw=JSON_VALUES)
def test_every_field_of_the_check_api_is_refused_by_name(client: TestClient, token: str,
                                                         field: str, raw: str) -> None:
    body = {"text": "Thank you for your time.", "kind": "thank-you", field: "@@VALUE@@"}

    answer = _api(client, token, "/api/check", json.dumps(body).replace(MARK, raw))

    assert answer.status_code in (200, 400, 404, 422), answer.text[:500]
    if answer.status_code == 422:
        assert any(field in detail["loc"] for detail in answer.json()["detail"])
    elif answer.status_code == 400:
        assert "body" in answer.json()["error"]


@pytest.mark.parametrize("raw", ["1e999", "NaN", "-Infinity"])
def test_an_infinite_number_gets_a_json_answer(client: TestClient, token: str, raw: str) -> None:
    answer = _api(client, token, "/api/check", f'{{"text": "hi", "interview": {raw}}}')

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "interview"]


def test_a_deeply_nested_body_is_refused_as_the_body(client: TestClient, token: str) -> None:
    answer = _api(client, token, "/api/interviews", "[" * 5_000 + "]" * 5_000)

    assert answer.status_code == 400
    assert answer.json()["error"].startswith("body: ")


@pytest.mark.parametrize("query", ["limit=²", "limit=" + "9" * 5_000, "offset=1e999",
                                   "state=" + "s" * 100])
def test_api_queries_are_refused_by_name(client: TestClient, query: str) -> None:
    answer = client.get(f"/api/interviews?{query}")

    assert answer.status_code == 422
    name = query.split("=")[0]
    assert any(name in detail["loc"] for detail in answer.json()["detail"])


def test_a_page_query_is_refused_by_name(client: TestClient, berlin: int) -> None:
    answer = client.get(f"/interviews/{berlin}?saved=²")

    assert answer.status_code == 422
    assert "saved: input should be a valid integer" in answer.text
