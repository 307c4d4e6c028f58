"""The SSRF guard for user-supplied mail hosts (team mode): the address
classifier, the admin's allow list, the check on save and the pinned address
at connect time. Name resolution is replaced by a fake here: nothing but
127.0.0.1 is ever contacted."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followthrough.errors import BadInput
from followthrough.mail.hosts import (
    HostGuard,
    HostRefused,
    embedded_ipv4,
    is_forbidden,
    parse_literal,
)

BLOCKED_V4 = [ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
    "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15",
    "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4")]
BLOCKED_V6 = [ipaddress.ip_network(n) for n in (
    "::/128", "::1/128", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8", "2001:db8::/32")]


def _fake(answers: dict[str, list[str]]) -> object:
    def resolve(host: str, port: int) -> Sequence[str]:
        return answers[host.lower()]
    return resolve


# the classifier ---------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "127.0.0.1", "127.1", "0x7f000001", "2130706433", "0177.0.0.1", "0x7f.1", "127.0.0.1.",
    "::1", "[::1]", "::ffff:127.0.0.1", "::ffff:7f00:1", "0:0:0:0:0:ffff:127.0.0.1",
    "0.0.0.0", "0", "::", "10.1.2.3", "172.31.255.255", "192.168.0.10",  # noqa: S104
    "169.254.169.254",
    "100.100.100.200", "fd00::1", "fe80::1%eth0", "ff02::1", "224.0.0.251",
    "255.255.255.255", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "2002:c0a8:1::1", "::127.0.0.1",
    "240.0.0.1", "fec0::1", "2001:db8::1",
])
def test_internal_and_odd_forms_are_forbidden(text: str) -> None:
    address = parse_literal(text)
    assert address is not None, text
    assert is_forbidden(address), text


@pytest.mark.parametrize("text", ["93.184.216.34", "8.8.8.8", "2606:4700::1111",
                                  "::ffff:93.184.216.34", "1.1.1.1"])
def test_public_addresses_are_allowed(text: str) -> None:
    address = parse_literal(text)
    assert address is not None
    assert not is_forbidden(address)


@pytest.mark.parametrize("text", ["smtp.example.net", "localhost", "08.1.1.1", "1.2.3.4.5",
                                  "256.1.1.1", "1.2.3.4x", "", "::g"])
def test_names_and_garbage_are_not_literals(text: str) -> None:
    assert parse_literal(text) is None


@given(st.ip_addresses(v=4))
def test_every_ipv4_in_a_blocked_range_is_forbidden_and_no_other(address: object) -> None:
    assert isinstance(address, ipaddress.IPv4Address)
    blocked = any(address in network for network in BLOCKED_V4)
    if blocked:
        assert is_forbidden(address)
    # whatever the classifier says, the same holds for every way of writing it
    for form in (str(address), str(int(address)), hex(int(address)),
                 f"::ffff:{address}", f"[::ffff:{address}]"):
        parsed = parse_literal(form)
        assert parsed is not None
        assert is_forbidden(parsed) == is_forbidden(address), form


@given(st.ip_addresses(v=4), st.integers(min_value=1, max_value=3))
def test_short_inet_aton_forms_read_like_the_c_library(address: object, parts: int) -> None:
    assert isinstance(address, ipaddress.IPv4Address)
    octets = address.packed
    head = [str(b) for b in octets[:parts - 1]]
    tail = int.from_bytes(octets[parts - 1:], "big")
    text = ".".join([*head, str(tail)])
    assert parse_literal(text) == address
    assert socket.inet_aton(text) == octets  # the system agrees


@given(st.ip_addresses(v=6))
def test_ipv6_blocked_ranges_and_embedded_ipv4(address: object) -> None:
    assert isinstance(address, ipaddress.IPv6Address)
    if any(address in network for network in BLOCKED_V6):
        assert is_forbidden(address)
    if any(is_forbidden(inner) for inner in embedded_ipv4(address)):
        assert is_forbidden(address)
    assert parse_literal(f"[{address}]") == address


@given(st.ip_addresses())
def test_a_forbidden_address_is_never_global(address: object) -> None:
    assert isinstance(address, ipaddress.IPv4Address | ipaddress.IPv6Address)
    if not is_forbidden(address):
        assert address.is_global
        assert not address.is_multicast


# the guard --------------------------------------------------------------------


def test_a_name_resolving_to_loopback_is_refused() -> None:
    guard = HostGuard(resolver=_fake({"evil.example": ["93.184.216.34", "127.0.0.1"]}))
    with pytest.raises(HostRefused, match="allow_mail_hosts"):
        guard.pin("evil.example", 25)


def test_a_public_name_is_pinned_to_its_checked_address() -> None:
    guard = HostGuard(resolver=_fake({"smtp.example.net": ["93.184.216.34"]}))
    assert guard.pin("smtp.example.net", 465) == "93.184.216.34"


def test_dns_rebinding_cannot_reach_an_internal_address() -> None:
    """The second answer is internal: the guard refuses at connect time even
    though the name was fine when it was saved, and the address a connection
    uses is always one it checked."""
    answers = [["93.184.216.34"], ["127.0.0.1"]]

    def rebinding(host: str, port: int) -> Sequence[str]:
        return answers.pop(0)

    guard = HostGuard(resolver=rebinding)
    assert guard.pin("rebind.example", 25) == "93.184.216.34"
    with pytest.raises(HostRefused):
        guard.pin("rebind.example", 25)


@pytest.mark.parametrize("allowed", [["127.0.0.1"], ["127.0.0.0/8"], ["relay.internal"],
                                     ["RELAY.internal."]])
def test_the_admin_may_allow_a_host_or_network(allowed: list[str]) -> None:
    guard = HostGuard.from_allowed(allowed, resolver=_fake({"relay.internal": ["127.0.0.1"]}))
    assert guard.pin("relay.internal", 25) == "127.0.0.1"


def test_allowing_one_network_does_not_allow_another() -> None:
    guard = HostGuard.from_allowed(["10.0.0.0/8"], resolver=_fake({"x.example": ["127.0.0.1"]}))
    with pytest.raises(HostRefused):
        guard.pin("x.example", 25)
    with pytest.raises(HostRefused):
        guard.pin("0x7f000001", 25)
    assert guard.pin("10.1.2.3", 25) == "10.1.2.3"


@pytest.mark.parametrize("entry", ["10.0.0.0/33", "not a host", "", "a/b"])
def test_a_bad_allow_list_entry_is_named(entry: str) -> None:
    with pytest.raises(BadInput) as caught:
        HostGuard.from_team_settings({"allow_mail_hosts": [entry]})
    assert [p.path for p in caught.value.problems] == ["team.allow_mail_hosts"]


def test_the_allow_list_must_be_a_list() -> None:
    with pytest.raises(BadInput):
        HostGuard.from_team_settings({"allow_mail_hosts": "127.0.0.1"})


@pytest.mark.parametrize("host", ["smtp.example.net/x", "a b", "smtp.example.net:25", "-x"])
def test_what_is_not_a_host_name_is_refused(host: str) -> None:
    with pytest.raises(HostRefused):
        HostGuard(resolver=_fake({})).pin(host, 25)
