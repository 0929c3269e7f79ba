"""Who counts as one client, for per-client limits and "one report per reader".

An IPv4 address is one client. An IPv6 host is usually given a whole /64 by its
provider and may use any address in it, so a /64 is one client; an IPv4 address
written as IPv6 (``::ffff:192.0.2.1``) is that IPv4 address.
"""

from __future__ import annotations

import ipaddress


def client_key(address: str) -> str:
    """The part of ``address`` that identifies a client (anything not an IP as is)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)
