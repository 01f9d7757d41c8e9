"""The address guard: public unicast only, judged on what a name resolves to."""

import pytest

from remoteimages.guard import AddressRefused, Policy, checked_addresses, is_public
from remoteimages.tests.conftest import fake_resolver

REFUSED = [
    "127.0.0.1", "127.8.9.1", "10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.1.1",  # loopback, RFC 1918
    "169.254.169.254", "169.254.1.1",  # link-local, cloud metadata
    "100.64.0.1", "100.100.100.200",  # CGNAT (and a metadata address inside it)
    "192.0.0.192", "0.0.0.0", "255.255.255.255", "224.0.0.1", "240.0.0.1", "198.18.0.1",
    "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254",  # IPv6 loopback, link-local, unique local (metadata)
    "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1",  # IPv4-mapped
    "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe",  # NAT64 of loopback and metadata
    "2002:7f00:1::1", "2002:c0a8:101::1",  # 6to4 of loopback and 192.168.1.1
    "::7f00:1", "ff02::1", "2001:db8::1",
]  # fmt: skip
ALLOWED = ["93.184.215.14", "8.8.8.8", "2606:4700::6810:84e5", "2001:4860:4860::8888", "64:ff9b::808:808"]


@pytest.mark.parametrize("address", REFUSED)
def test_non_public_addresses_are_refused(address):
    assert not is_public(address)
    assert not Policy().allows(address)


@pytest.mark.parametrize("address", ALLOWED)
def test_public_addresses_are_allowed(address):
    assert is_public(address)


@pytest.mark.parametrize(
    ("host", "answers"),
    [
        ("intranet.example", ["10.0.0.5"]),
        ("metadata.example", ["169.254.169.254"]),
        ("cgnat.example", ["100.64.3.4"]),
        ("v6-local.example", ["fd12:3456::1"]),
        ("v6-mapped.example", ["::ffff:192.168.0.10"]),
        ("mixed.example", ["93.184.215.14", "10.0.0.5"]),  # one bad answer refuses the name
    ],
)
def test_names_are_judged_by_what_they_resolve_to(host, answers):
    with pytest.raises(AddressRefused):
        checked_addresses(host, 443, resolver=fake_resolver({host: answers}))


def test_literal_addresses_are_not_resolved():
    resolver = fake_resolver({})
    assert checked_addresses("93.184.215.14", 443, resolver=resolver) == ["93.184.215.14"]
    with pytest.raises(AddressRefused):
        checked_addresses("[::1]", 443, resolver=resolver)
    with pytest.raises(AddressRefused):
        checked_addresses("nowhere.example", 443, resolver=resolver)


def test_relaxed_policy_admits_loopback_only():
    relaxed = Policy(allow_loopback=True)
    assert relaxed.allows("127.0.0.1") and relaxed.allows("::1")
    assert not relaxed.allows("10.0.0.1") and not relaxed.allows("169.254.169.254")
