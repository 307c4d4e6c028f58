"""Which mail hosts a team server may connect to (SSRF guard).

In team mode users type their own SMTP and IMAP host names. Without a check a
user could point the server at its own loopback, the firm's private network
or a cloud metadata address and use the sending worker as a port scanner. So
a user-supplied host is refused when any address it resolves to is loopback,
private, link-local, multicast, reserved, unspecified or otherwise not global
(IPv4 and IPv6; an IPv4 address inside IPv6, as in ``::ffff:127.0.0.1``,
NAT64, 6to4 or Teredo, is judged by that IPv4 address). Literal addresses are
read the way the C library's ``inet_aton`` reads them, so ``0x7f000001``,
``2130706433``, ``0177.0.0.1`` and ``127.1`` are all 127.0.0.1.

The admin may allow hosts anyway::

    [team]
    allow_mail_hosts = ["smtp.internal.example", "10.20.0.0/16", "127.0.0.1"]

A host is checked when the account is saved and again at every connection:
:meth:`HostGuard.pin` resolves the name once, checks every address, and
returns the address to connect to, so a DNS answer that changes between the
check and the connection (rebinding) cannot lead to an internal address.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from followthrough.errors import BadInput, FollowthroughError, Problem

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]
"""``(host, port) -> addresses``; the default asks the system resolver."""

_NAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)*"
                   r"[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_ALSO_BLOCKED: tuple[IPNetwork, ...] = (
    ipaddress.ip_network("192.0.0.0/24"),     # IETF protocol assignments (RFC 6890)
    ipaddress.ip_network("64:ff9b:1::/48"),   # local-use NAT64 (RFC 8215)
)
"""Ranges Python's ``is_global`` still calls global on some versions."""


class HostRefused(FollowthroughError):
    """A mail host that resolves to an address the server must not reach."""


def parse_literal(text: str) -> IPAddress | None:
    """``text`` as an IP address if it is one in any form a resolver would
    accept (``[::1]``, ``fe80::1%eth0``, ``127.1``, ``0x7f000001``...), else None."""
    value = text.strip().rstrip(".") if not text.strip().startswith("[") else text.strip()
    if value.startswith("[") and value.endswith("]"):
        value = value[1:-1]
    if ":" in value:
        try:
            return ipaddress.IPv6Address(value.partition("%")[0])
        except ValueError:
            return None
    return _inet_aton(value)


def _inet_aton(value: str) -> ipaddress.IPv4Address | None:
    """The classic BSD forms: 1 to 4 parts, each decimal, octal (leading 0) or
    hex (0x); the last part fills the remaining bytes."""
    parts = value.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    numbers: list[int] = []
    for part in parts:
        number = _number(part)
        if number is None:
            return None
        numbers.append(number)
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (4 - len(head)):
        return None
    packed = 0
    for n in head:
        packed = packed * 256 + n
    packed = packed * 256 ** (4 - len(head)) + last
    return ipaddress.IPv4Address(packed)


def _number(part: str) -> int | None:
    lowered = part.lower()
    try:
        if lowered.startswith("0x"):
            return int(lowered[2:], 16) if lowered[2:] else 0
        if len(lowered) > 1 and lowered.startswith("0"):
            return int(lowered[1:], 8)
        if lowered.isdigit() and lowered.isascii():
            return int(lowered)
    except ValueError:
        return None
    return None


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries (mapped, NAT64, 6to4, Teredo,
    IPv4-compatible)."""
    found: list[ipaddress.IPv4Address] = []
    if address.ipv4_mapped is not None:
        found.append(address.ipv4_mapped)
    if address in _NAT64 or (int(address) >> 32 == 0 and int(address) > 1):
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    return found


def is_forbidden(address: IPAddress) -> bool:
    """True for every address a user's mail host must not be: anything not
    globally reachable (loopback, private, link-local, shared, reserved,
    unspecified, documentation...) and multicast."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return is_forbidden(address.ipv4_mapped)
    if (address.is_multicast or address.is_reserved or address.is_unspecified
            or address.is_loopback or address.is_link_local or address.is_private
            or not address.is_global
            or any(address in network for network in _ALSO_BLOCKED)):
        return True
    if isinstance(address, ipaddress.IPv6Address):
        return address.is_site_local or any(is_forbidden(inner)
                                            for inner in embedded_ipv4(address))
    return False


def system_resolver(host: str, port: int) -> list[str]:
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as err:
        raise HostRefused(f"{host!r} cannot be resolved ({type(err).__name__})") from None
    return [str(info[4][0]) for info in answers]


@dataclass(frozen=True)
class HostGuard:
    """The team server's rule for user-supplied mail hosts."""

    allowed_names: frozenset[str] = frozenset()
    allowed_networks: tuple[IPNetwork, ...] = ()
    resolver: Resolver = field(default=system_resolver, compare=False)

    @classmethod
    def from_allowed(cls, entries: Iterable[str], resolver: Resolver | None = None,
                     where: str = "team.allow_mail_hosts") -> HostGuard:
        """``entries``: host names, addresses or CIDR networks (BadInput names
        ``where`` for one that is none of these)."""
        names: set[str] = set()
        networks: list[IPNetwork] = []
        problems: list[Problem] = []
        for entry in entries:
            if not isinstance(entry, str) or not entry.strip():
                problems.append(Problem(where, f"{entry!r} is not a host name or network",
                                        expected='"smtp.internal.example" or "10.0.0.0/8"'))
                continue
            text = entry.strip()
            literal = parse_literal(text)
            if literal is not None:
                networks.append(ipaddress.ip_network(literal))
                continue
            if "/" in text:
                try:
                    networks.append(ipaddress.ip_network(text, strict=False))
                except ValueError:
                    problems.append(Problem(where, f"{text!r} is not a network",
                                            expected="10.0.0.0/8 or fd00::/8"))
                continue
            if not _NAME.match(text.rstrip(".")):
                problems.append(Problem(where, f"{text!r} is not a host name"))
                continue
            names.add(_canonical_name(text))
        if problems:
            raise BadInput(problems)
        return cls(frozenset(names), tuple(networks), resolver or system_resolver)

    @classmethod
    def from_team_settings(cls, team: dict[str, Any], resolver: Resolver | None = None
                           ) -> HostGuard:
        entries = team.get("allow_mail_hosts", [])
        if not isinstance(entries, list):
            raise BadInput([Problem("team.allow_mail_hosts", "must be a list",
                                    expected='["smtp.internal.example", "10.0.0.0/8"]')])
        return cls.from_allowed(entries, resolver)

    def name_allowed(self, host: str) -> bool:
        return _canonical_name(host) in self.allowed_names

    def address_allowed(self, address: IPAddress) -> bool:
        if (self.allowed_networks and isinstance(address, ipaddress.IPv6Address)
                and address.ipv4_mapped is not None):
            address = address.ipv4_mapped
        return any(address.version == network.version and address in network
                   for network in self.allowed_networks)

    def explicitly_allowed(self, host: str) -> bool:
        """The admin named this host (or its literal address's network)."""
        if self.name_allowed(host):
            return True
        literal = parse_literal(host)
        return literal is not None and self.address_allowed(literal)

    def pin(self, host: str, port: int) -> str:
        """The one address to connect to for ``host``: resolved once, every
        answer checked. Raises :class:`HostRefused` (its message names the
        host, never an address of the server's network)."""
        check_host_name(host)
        literal = parse_literal(host)
        if literal is not None:
            addresses: list[IPAddress] = [literal]
        else:
            answers = self.resolver(host, port)
            addresses = []
            for answer in answers:
                parsed = parse_literal(answer)
                if parsed is None:
                    raise HostRefused(f"{host!r} resolved to something that is not an "
                                      "address")
                addresses.append(parsed)
            if not addresses:
                raise HostRefused(f"{host!r} has no address")
        by_name = literal is None and self.name_allowed(host)
        for address in addresses:
            if is_forbidden(address) and not by_name and not self.address_allowed(address):
                raise HostRefused(
                    f"{host!r} is on a loopback, private or reserved network; the team "
                    "server does not connect there unless the admin allows it "
                    "([team] allow_mail_hosts)")
        return _connectable(addresses[0])


def _connectable(address: IPAddress) -> str:
    """The address as the socket layer takes it (a mapped IPv6 as its IPv4)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)


def _canonical_name(host: str) -> str:
    return host.strip().rstrip(".").lower()


def check_host_name(host: str) -> None:
    """A host name or literal address, nothing else (no spaces, paths, ports)."""
    if parse_literal(host) is None and not _NAME.match(host.strip().rstrip(".")):
        raise HostRefused(f"{host!r} is not a host name")
