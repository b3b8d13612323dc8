"""Which requests come straight from the trusted single sign-on proxies (KURS_TRUSTED_PROXY_ADDRESSES).

The sign-on header names a person; any client that reaches Kurs's port directly could write it.
So it counts only on a request whose connection comes from one of the proxies' addresses: the
peer of the TCP connection, never an address from X-Forwarded-For, which the client writes too.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from flask import Flask, current_app, request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def proxy_networks(value: str | Sequence[str] | None) -> tuple[Network, ...]:
    """Parse a comma- or space-separated list of addresses and CIDR blocks; raise on a bad or empty one."""
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value or ())
    if not items:
        raise RuntimeError("KURS_TRUSTED_HEADER is set, but KURS_TRUSTED_PROXY_ADDRESSES is not: name the proxies' "
                           "addresses (such as 127.0.0.1 or 10.0.0.0/24), or anybody could send the header")
    try:
        return tuple(ipaddress.ip_network(item, strict=False) for item in items)
    except ValueError as exc:
        raise RuntimeError(f"KURS_TRUSTED_PROXY_ADDRESSES: {exc}") from None


def peer_address() -> str:
    """Return the address of the connection's other end (before ProxyFix applied X-Forwarded-For)."""
    original = request.environ.get("werkzeug.proxy_fix.orig") or request.environ
    return original.get("REMOTE_ADDR") or ""


def from_trusted_proxy() -> bool:
    """Return whether this request came straight from one of the trusted proxies."""
    try:
        address = ipaddress.ip_address(peer_address())
    except ValueError:
        return False
    return any(address in network for network in current_app.extensions["kurs_proxy_networks"])


def init_app(app: Flask) -> None:
    """Check the proxies' addresses at start: the sign-on header without them refuses to start."""
    header = app.config.get("KURS_TRUSTED_HEADER")
    app.extensions["kurs_proxy_networks"] = proxy_networks(app.config.get("KURS_TRUSTED_PROXY_ADDRESSES")) if header else ()
