"""Which addresses the image fetcher may connect to: public unicast addresses only.

Checked on the addresses a host name *resolves to* (never on the name), for the first URL and
every redirect, and the fetcher then connects to the checked address itself, so a second DNS
answer (rebinding) cannot send it elsewhere.  Refused: loopback, private (RFC 1918, unique
local fc00::/7), link-local (169.254/16 with the cloud metadata service, fe80::/10), shared
address space (CGNAT 100.64/10, where some clouds put their metadata service), IETF and
benchmark ranges, multicast, reserved and unspecified addresses, and IPv6 forms that carry
an IPv4 address (mapped, 6to4, NAT64, IPv4-compatible), which are judged by that address.
"""

import ipaddress
import socket
from dataclasses import dataclass

_REFUSED = [
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
        "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
        "::/128", "::1/128", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10",
        "ff00::/8",
    )
]  # fmt: skip
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


class AddressRefused(ValueError):
    """The URL leads to an address the hub must never connect to."""


def embedded_ipv4(address):
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, NAT64, compatible), or None."""
    if address.version != 6:
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if any(address in net for net in _NAT64) or (address in _IPV4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address) -> bool:
    """True for a global unicast address (after unwrapping an embedded IPv4 address)."""
    address = ipaddress.ip_address(address)
    inner = embedded_ipv4(address)
    if inner is not None:
        return is_public(inner)
    if any(address in net for net in _REFUSED if net.version == address.version):
        return False
    return address.is_global and not address.is_multicast and not address.is_reserved


@dataclass(frozen=True)
class Policy:
    """The addresses allowed.  ``allow_loopback`` exists for tests that serve images from a
    local HTTP server; nothing in the hub's settings turns it on."""

    allow_loopback: bool = False

    def allows(self, address) -> bool:
        address = ipaddress.ip_address(address)
        if self.allow_loopback:
            inner = embedded_ipv4(address) or address
            if inner.is_loopback:
                return True
        return is_public(address)


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (TCP), as strings."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def checked_addresses(host: str, port: int, *, resolver=system_resolver, policy=None) -> list[str]:
    """The addresses to connect to; AddressRefused unless *every* address is allowed
    (a name with one private answer among public ones is refused, not filtered)."""
    policy = policy or Policy()
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [str(literal)]
    else:
        try:
            addresses = resolver(host, port)
        except (OSError, UnicodeError) as exc:
            raise AddressRefused(f"cannot resolve {host}") from exc
    if not addresses:
        raise AddressRefused(f"no address for {host}")
    for address in addresses:
        try:
            allowed = policy.allows(address.split("%")[0])
        except ValueError as exc:
            raise AddressRefused(f"{host} resolves to an invalid address") from exc
        if not allowed:
            raise AddressRefused(f"{host} resolves to a non-public address ({address})")
    return addresses
