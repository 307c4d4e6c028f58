"""A promise goes out with its file: the right type and name (RFC 2231 for a
non-ASCII one), the bytes intact, the body unchanged; the file as it was at
approval, whatever happens to it later; the .eml export carries the same file;
a missing, unreadable or too large file refuses approval and export, naming it.
End to end through a real aiosmtpd server on 127.0.0.1."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from followthrough import clock
from followthrough.app.planning import replan
from followthrough.compose import compose_one
from followthrough.debrief import read_debrief
from followthrough.errors import BadInput, ExitStatus
from followthrough.mail.message import (
    DEFAULT_MAX_ATTACHMENT_BYTES,
    MIXED_HEADER_NAMES,
    Attachment,
    AttachmentError,
    Outgoing,
    attachment_limit,
    build,
    content_type_for,
    new_message_id,
    read_attachments,
    to_bytes,
)
from followthrough.mail.outbox import Policy, approve, send_due
from followthrough.mail.worker import smtp_transport
from followthrough.store import Store, open_store
from followthrough.store.outbox import OutboxStore
from tests.attachments import NAME, files_of, parse, pdf_bytes, with_promises
from tests.conftest import Runner
from tests.mail.conftest import Sink, free_port

RFC2231 = b"filename*=utf-8''Entwurf-Synchronisierung-%C3%9Cbersicht.pdf"
NOW = "2026-11-16T11:05:00+01:00"
"""An hour after the Berlin interview below; the promise is due at 12:00."""
SEND = "2026-11-16T12:00:00+01:00"
PROMISE = "1.promise.1"
WHEN = datetime(2026, 11, 16, 11, 0, tzinfo=UTC)



def write_debrief(folder: Path, file: Path) -> Path:
    path = folder / "debrief-nordlicht.toml"
    path.write_text(with_promises(("the sync design overview", file)), encoding="utf-8")
    return path


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / NAME
    path.write_bytes(pdf_bytes())
    return path


@pytest.fixture
def debrief_path(tmp_path: Path, pdf: Path) -> Path:
    return write_debrief(tmp_path, pdf)


def body_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    text: str = part.get_content()
    return text.replace("\r\n", "\n")


def out(*files: Attachment, body: str = "Dear Mr Becker,\n\nthe overview is attached.\n"
        ) -> Outgoing:
    return Outgoing(from_name="Alex Morgan", from_addr="alex.morgan@example.net",
                    to_name="Jonas Becker", to_addr="j.becker@nordlicht.example",
                    subject="The sync design overview", body=body,
                    message_id=new_message_id("alex.morgan@example.net"), attachments=files)


# the builder ---------------------------------------------------------------


def test_a_pdf_is_attached_with_its_type_and_its_non_ascii_name() -> None:
    data = pdf_bytes()
    raw = to_bytes(build(out(Attachment(NAME, content_type_for(NAME), data)), WHEN))

    message = parse(raw)
    assert message.get_content_type() == "multipart/mixed"
    assert files_of(message) == [(NAME, "application/pdf", data)]
    assert RFC2231 in raw  # RFC 2231, not an RFC 2047 encoded word in a parameter
    assert b"=?utf-8?" not in raw.lower()
    part = next(message.iter_attachments())
    assert part.get_content_disposition() == "attachment"


def test_the_text_part_is_the_same_with_or_without_the_file() -> None:
    body = "Dear Mr Becker,\n\nas promised: the overview (Übersicht) is attached.\n\nAlex\n"
    plain = parse(to_bytes(build(out(body=body), WHEN)))
    with_file = parse(to_bytes(build(out(Attachment(NAME, "application/pdf", b"%PDF"),
                                         body=body), WHEN)))

    assert body_of(with_file) == body_of(plain) == body
    assert with_file.get_body(("plain",)).get_content_type() == "text/plain"  # type: ignore[union-attr]
    assert [p.get_content_type() for p in with_file.iter_parts()] == ["text/plain",
                                                                       "application/pdf"]
    assert sorted(with_file.keys()) == sorted(MIXED_HEADER_NAMES)


@pytest.mark.parametrize(("name", "expected"), [
    ("overview.pdf", "application/pdf"),
    ("OVERVIEW.PDF", "application/pdf"),
    ("design.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("notes.txt", "text/plain"),
    ("diagram.png", "image/png"),
    ("samples.zip", "application/zip"),
    ("logs.tar.gz", "application/gzip"),
    ("forwarded.eml", "application/octet-stream"),
    ("no-extension", "application/octet-stream"),
    ("odd.zz9", "application/octet-stream"),
])
def test_the_type_comes_from_the_name(name: str, expected: str) -> None:
    assert content_type_for(name) == expected


def test_a_text_file_says_utf_8_and_a_binary_one_with_a_text_name_goes_as_bytes() -> None:
    notes = "Übersicht der Schritte\n".encode()
    latin = "Übersicht".encode("latin-1")
    message = parse(to_bytes(build(out(Attachment("notes.txt", "text/plain", notes),
                                       Attachment("old.txt", "text/plain", latin)), WHEN)))

    first, second = message.iter_attachments()
    assert (first.get_content_type(), first.get_param("charset")) == ("text/plain", "utf-8")
    assert first.get_content() == "Übersicht der Schritte\n"
    assert second.get_content_type() == "application/octet-stream"
    assert second.get_content() == latin


def test_a_decomposed_name_is_sent_composed_and_path_parts_are_dropped(tmp_path: Path
                                                                       ) -> None:
    decomposed = tmp_path / "Entwurf-Synchronisierung-U\u0308bersicht.pdf"
    decomposed.write_bytes(b"%PDF")

    (found,) = read_attachments([str(decomposed)])

    assert found.filename == NAME
    assert found.source == str(decomposed)
    assert found.content_type == "application/pdf"


HOSTILE = st.lists(st.sampled_from(
    ["\r", "\n", "\r\n", "\x00", "\u2028", "\t", " ", ";", "\"", "\\", "/", "=?UTF-8?Q?=0A?=",
     "Bcc: evil@attacker.example", "filename=evil.exe", "Ü", "界", "é", ".pdf", "x"]),
    max_size=40).map("".join) | st.text(max_size=400)


@settings(max_examples=int(os.environ.get("FT_HYPOTHESIS_EXAMPLES", "300")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(name=HOSTILE, body=HOSTILE, data=st.binary(max_size=2000))
def test_a_hostile_file_name_never_adds_a_header_and_the_bytes_survive(
        name: str, body: str, data: bytes) -> None:
    raw = to_bytes(build(out(Attachment(name, content_type_for(name), data), body=body), WHEN))

    head = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\n" not in head.replace(b"\r\n", b"")
    message = parse(raw)
    assert sorted(message.keys()) == sorted(MIXED_HEADER_NAMES)
    assert [a.addr_spec for a in message["To"].addresses] == ["j.becker@nordlicht.example"]
    (part,) = list(message.iter_attachments())
    filename = part.get_filename()
    assert filename
    assert not any(c in filename for c in "\r\n\x00/\\\"")
    assert part.get_payload(decode=True) == data
    assert [sorted(p.keys()) for p in message.iter_parts()][1] == [
        "Content-Disposition", "Content-Transfer-Encoding", "Content-Type"]


# reading files and the size limit ------------------------------------------


def test_a_missing_file_or_a_folder_is_refused_naming_each(tmp_path: Path) -> None:
    missing = tmp_path / "gone" / NAME
    with pytest.raises(AttachmentError) as caught:
        read_attachments([str(missing), str(tmp_path)], where=PROMISE, interview_id=1)

    assert caught.value.exit_status is ExitStatus.BAD_INPUT
    assert isinstance(caught.value, BadInput)
    first, second = caught.value.problems
    assert first.path == PROMISE
    assert str(missing) in first.message
    assert "missing" in first.message
    assert "followthrough edit 1" in (first.expected or "")
    assert str(tmp_path) in second.message
    assert "not a file" in second.message


def test_an_unreadable_file_is_refused_naming_it(pdf: Path, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    def denied(self: Path, *_args: Any, **_kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)  # as chmod 000 would (tests may run as root)
    with pytest.raises(AttachmentError, match=r"cannot be read \(Permission denied\)") as caught:
        read_attachments([str(pdf)])
    assert str(pdf) in str(caught.value)


def test_files_over_the_limit_are_refused_naming_the_file_and_its_size(pdf: Path) -> None:
    size = pdf.stat().st_size  # 20 kB
    with pytest.raises(AttachmentError) as caught:
        read_attachments([str(pdf)], max_bytes=10_000, where=PROMISE)

    message = str(caught.value)
    assert str(pdf) in message
    assert f"({size / 1000:.0f} kB)" in message
    assert "over the limit of 10 kB" in message
    assert "max_attachments_mb" in message
    assert read_attachments([str(pdf)], max_bytes=size)[0].size == size


def test_the_builder_enforces_the_limit_too() -> None:
    big = Attachment(NAME, "application/pdf", b"x" * 2_000_001)
    with pytest.raises(AttachmentError, match=r"Entwurf.*\(2\.0 MB\).*limit of 2\.0 MB"):
        build(out(big), WHEN, max_attachment_bytes=2_000_000)
    with pytest.raises(AttachmentError, match=r"10\.0 MB"):
        build(out(Attachment(NAME, "application/pdf", b"x" * 10_000_001)), WHEN)
    assert build(out(big), WHEN, max_attachment_bytes=None).is_multipart()


def test_the_limit_is_a_mail_policy_setting() -> None:
    assert attachment_limit({}) == DEFAULT_MAX_ATTACHMENT_BYTES == 10_000_000
    assert attachment_limit({"max_attachments_mb": 2.5}) == 2_500_000
    assert Policy.from_settings({"max_attachments_mb": 1}).max_attachment_bytes == 1_000_000
    for bad in ("ten", 0, -1, True, 5000):
        with pytest.raises(BadInput) as caught:
            Policy.from_settings({"max_attachments_mb": bad})
        assert caught.value.problems[0].path == "mail.policy.max_attachments_mb"


# the outbox keeps the approved bytes -----------------------------------------


@pytest.fixture
def nordlicht(db_url: str, debrief_path: Path) -> Any:
    """The debrief above stored (SQLite, and PostgreSQL when a server is given)."""
    with clock.frozen(clock.parse_instant(NOW, field="now")):
        store = open_store(db_url)
        interview_id, _ = store.add_interview(read_debrief(debrief_path))
        replan(store, interview_id)
        try:
            yield store
        finally:
            store.engine.dispose()


def _promise_draft(store: Store) -> Any:
    stored, actions = replan(store, 1)
    action = next(a for a in actions if a.key == "promise.1")
    return compose_one(1, stored.debrief, action)


def test_the_composer_hands_over_the_promises_file(nordlicht: Store, pdf: Path) -> None:
    assert _promise_draft(nordlicht).attachments == (str(pdf),)


def test_the_thank_you_carries_the_promised_file_over_smtp(
        db_url: str, tmp_path: Path, pdf: Path, sink: Sink) -> None:
    """One message: the promise goes inside the thank-you, file and all, and is done
    when the thank-you goes."""
    from followthrough.app.mail import PLAN

    source = tmp_path / "inside.toml"
    source.write_text(write_debrief(tmp_path, pdf).read_text("utf-8")
                      .replace("separate = true\n", ""), "utf-8")
    with clock.frozen(clock.parse_instant(NOW, field="now")):
        store = open_store(db_url)
        try:
            store.add_interview(read_debrief(source))
            stored, actions = replan(store, 1)
            thanks = next(a for a in actions if a.key == "thank-you.jonas-becker")
            draft = compose_one(1, stored.debrief, thanks, plan=actions)
            assert draft.attachments == (str(pdf),)
            assert "attached" in draft.body
            approve(store, draft, at=None)
            with clock.frozen(clock.parse_instant(SEND, field="now")):
                report = send_due(store, smtp_transport(sink.settings()), plan=PLAN)
                statuses = {row.key: row.status for row in store.plan_of(1)}
        finally:
            store.engine.dispose()

    assert report.sent == ["1.thank-you.jonas-becker"]
    (envelope,) = sink.handler.received
    assert files_of(parse(envelope.content)) == [(NAME, "application/pdf", pdf.read_bytes())]
    assert statuses["promise.1"] == statuses["thank-you.jonas-becker"] == "done"


def test_what_goes_out_is_the_file_as_approved(nordlicht: Store, pdf: Path, sink: Sink
                                               ) -> None:
    approved = pdf.read_bytes()
    draft = _promise_draft(nordlicht)
    row, created = approve(nordlicht, draft, at=None)
    assert created
    pdf.write_bytes(b"%PDF-1.4 a later version nobody approved\n")
    later = pdf.read_bytes()
    pdf.unlink()

    with clock.frozen(clock.parse_instant(SEND, field="now")):
        report = send_due(nordlicht, smtp_transport(sink.settings()))

    assert report.sent == [PROMISE]
    (envelope,) = sink.handler.received
    assert RFC2231 in envelope.content
    message = parse(envelope.content)
    assert files_of(message) == [(NAME, "application/pdf", approved)]
    assert later not in envelope.content
    assert body_of(message) == draft.body
    assert message["Message-ID"] == row.message_id


def test_the_file_survives_a_worker_crash_and_goes_out_on_resend(
        nordlicht: Store, pdf: Path, sink: Sink) -> None:
    from followthrough.mail.outbox import recover, resolve

    approved = pdf.read_bytes()
    approve(nordlicht, _promise_draft(nordlicht), at=None)
    pdf.unlink()
    box = OutboxStore(nordlicht)
    row = box.get(PROMISE)
    assert box.move(row.id, None, ("scheduled",), "submitting", clock.now())  # died mid-send
    assert recover(nordlicht).uncertain == [PROMISE]
    assert resolve(nordlicht, PROMISE, "not-sent").status == "scheduled"

    with clock.frozen(clock.parse_instant(SEND, field="now")):
        report = send_due(nordlicht, smtp_transport(sink.settings()))

    assert report.sent == [PROMISE]
    (envelope,) = sink.handler.received
    assert files_of(parse(envelope.content)) == [(NAME, "application/pdf", approved)]


def test_queueing_again_replaces_the_files(nordlicht: Store, pdf: Path) -> None:
    from followthrough.mail.outbox import cancel

    box = OutboxStore(nordlicht)
    row, _ = approve(nordlicht, _promise_draft(nordlicht), at=None)
    cancel(nordlicht, PROMISE)
    pdf.write_bytes(b"%PDF second version")

    again, created = approve(nordlicht, _promise_draft(nordlicht), at=None)

    assert created
    assert again.id == row.id
    assert [(f.filename, f.data, f.source) for f in box.attachments(again)] == [
        (NAME, b"%PDF second version", str(pdf))]
    assert box.attachment_names([again]) == {again.id: [(NAME, 19)]}


def test_a_damaged_stored_file_fails_and_nothing_is_sent(nordlicht: Store, sink: Sink
                                                         ) -> None:
    approve(nordlicht, _promise_draft(nordlicht), at=None)
    with nordlicht.engine.begin() as connection:
        connection.execute(text("UPDATE outbox_attachments SET data = :d"), {"d": b"%PDF bad"})

    with clock.frozen(clock.parse_instant(SEND, field="now")):
        report = send_due(nordlicht, smtp_transport(sink.settings()))

    assert report.failed == [PROMISE]
    assert "damaged" in report.notices[0]
    assert sink.handler.received == []
    assert OutboxStore(nordlicht).get(PROMISE).status == "failed"


def test_approval_with_a_missing_file_queues_nothing(nordlicht: Store, pdf: Path) -> None:
    draft = _promise_draft(nordlicht)
    pdf.unlink()

    with pytest.raises(AttachmentError, match=str(pdf)):
        approve(nordlicht, draft, at=None)

    assert OutboxStore(nordlicht).rows() == []


def test_approval_over_the_limit_queues_nothing(nordlicht: Store, pdf: Path) -> None:
    with pytest.raises(AttachmentError, match="over the limit"):
        approve(nordlicht, _promise_draft(nordlicht), at=None, max_attachment_bytes=1000)

    assert OutboxStore(nordlicht).rows() == []


# the commands ----------------------------------------------------------------


@pytest.fixture
def ready(run: Runner, monkeypatch: pytest.MonkeyPatch, debrief_path: Path,
          private_home: Path) -> Runner:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", NOW)
    _settings(private_home)
    imported = run("import", str(debrief_path))
    assert imported.exit_code == 0, imported.stderr
    return run


def _settings(home: Path, sink: Sink | None = None, policy: str = "") -> None:
    """An SMTP account (approving needs one): the sink, or a port nothing listens on."""
    home.mkdir(parents=True, exist_ok=True)
    port = sink.port if sink else free_port()
    smtp = f'[mail.smtp]\nhost = "127.0.0.1"\nport = {port}\ntls = "none"\n'
    (home / "settings.toml").write_text(smtp + policy, "utf-8")


def test_the_cli_sends_the_promise_with_its_file_and_the_eml_carries_the_same(
        ready: Runner, pdf: Path, sink: Sink, tmp_path: Path, private_home: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _settings(private_home, sink)
    approved = pdf.read_bytes()
    draft_eml = tmp_path / "draft.eml"
    assert ready("export", "eml", PROMISE, "-o", str(draft_eml)).exit_code == 0

    queued = ready("approve", PROMISE)
    assert queued.exit_code == 0, queued.stderr
    assert f"with {NAME} (20 kB)" in queued.stdout
    listing = ready("outbox", "--format", "json").json()
    assert isinstance(listing, dict)
    assert listing["outbox"][0]["attachments"] == [{"filename": NAME, "size": len(approved)}]
    pdf.write_bytes(b"%PDF changed after approval")
    queued_eml = tmp_path / "queued.eml"
    assert ready("export", "eml", PROMISE, "-o", str(queued_eml)).exit_code == 0
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", SEND)

    sent = ready("send")

    assert sent.exit_code == 0, sent.stderr
    assert "1 sent" in sent.stdout
    (envelope,) = sink.handler.received
    message = parse(envelope.content)
    exported_draft = parse(draft_eml.read_bytes())
    exported_queued = parse(queued_eml.read_bytes())
    assert files_of(message) == [(NAME, "application/pdf", approved)]
    assert files_of(exported_draft) == files_of(exported_queued) == files_of(message)
    assert body_of(exported_draft) == body_of(exported_queued) == body_of(message)
    assert exported_queued["Message-ID"] == message["Message-ID"]
    assert RFC2231 in envelope.content
    assert RFC2231 in draft_eml.read_bytes()
    assert exported_draft["X-Unsent"] == "1"
    assert message["X-Unsent"] is None


def test_the_cli_refuses_approval_when_the_file_is_missing(ready: Runner, pdf: Path) -> None:
    pdf.unlink()

    result = ready("approve", PROMISE)

    assert result.exit_code == 2
    assert str(pdf) in result.stderr
    assert "missing" in result.stderr
    assert "followthrough edit 1" in result.stderr
    assert ready("outbox", "--format", "json").json() == {"outbox": []}


def test_the_cli_refuses_approval_over_the_limit(ready: Runner, pdf: Path,
                                                 private_home: Path) -> None:
    _settings(private_home, policy="[mail.policy]\nmax_attachments_mb = 0.01\n")

    result = ready("approve", PROMISE)

    assert result.exit_code == 2
    assert str(pdf) in result.stderr
    assert "(20 kB)" in result.stderr
    assert "limit of 10 kB" in result.stderr
    assert ready("outbox", "--format", "json").json() == {"outbox": []}


def test_export_eml_of_a_draft_whose_file_is_missing_names_it(ready: Runner, pdf: Path,
                                                              tmp_path: Path) -> None:
    pdf.unlink()
    target = tmp_path / "promise.eml"

    result = ready("export", "eml", PROMISE, "-o", str(target))

    assert result.exit_code == 2
    assert str(pdf) in result.stderr
    assert not target.exists()


def test_draft_out_writes_the_file_into_the_eml_and_refuses_a_missing_one(
        run: Runner, debrief_path: Path, pdf: Path, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    written = run("draft", str(debrief_path), "--now", NOW, "--kind", "promise",
                  "--out", str(folder))
    assert written.exit_code == 0, written.stderr
    assert files_of(parse((folder / "file-promise-1.eml").read_bytes())) == [
        (NAME, "application/pdf", pdf.read_bytes())]

    pdf.unlink()
    again = tmp_path / "again"
    refused = run("draft", str(debrief_path), "--now", NOW, "--kind", "promise",
                  "--out", str(again))
    assert refused.exit_code == 2
    assert str(pdf) in refused.stderr
    assert not again.exists()


def test_a_mailto_link_says_the_file_must_be_attached_by_hand(ready: Runner, pdf: Path
                                                              ) -> None:
    result = ready("mailto", PROMISE)

    assert result.exit_code == 0
    assert result.stdout.startswith("mailto:j.becker@nordlicht.example?")
    assert f"Attach {pdf} yourself" in result.stderr
