import functools
import ipaddress
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest

if TYPE_CHECKING:  # a type only: the limits import this module before the apps are ready
    from vogter.accounts.models import User

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class AuthedHttpRequest(HttpRequest):
    """The request of a view behind login (or API auth): `user` is a real person."""

    user: "User"


@functools.cache
def _networks(trusted: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(value, strict=False) for value in trusted)


def _is_trusted(address: str, networks: tuple[IPNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


def _address(hop: str) -> str | None:
    """One hop of X-Forwarded-For as a plain address ("" for an empty hop, None for
    garbage); a port some proxies add (``203.0.113.7:5123``, ``[2001:db8::1]:443``) is dropped."""
    hop = hop.strip()
    if not hop:
        return ""
    if hop.startswith("[") and "]" in hop:
        hop = hop[1 : hop.index("]")]
    elif hop.count(":") == 1:
        hop = hop.split(":")[0]
    try:
        return str(ipaddress.ip_address(hop))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address of whoever sent the request: the one place that decides it.

    The connection's own address (REMOTE_ADDR), unless that is one of the proxies named in
    VOGTER_TRUSTED_PROXIES: then X-Forwarded-For is read from the right, skipping our own
    proxies, and the first address no proxy of ours added is the client. Anything further
    left was written by the client itself and proves nothing, so a forged header changes
    nothing unless it comes through a proxy we trust, and even then only the part that
    proxy vouched for counts.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    networks = _networks(tuple(settings.VOGTER_TRUSTED_PROXIES))
    if not networks or not _is_trusted(remote, networks):
        return remote or "0.0.0.0"  # noqa: S104 - a Unix socket without a proxy: one address
    # Several X-Forwarded-For headers reach Django joined by commas, in order.
    hops = [_address(hop) for hop in request.headers.get("X-Forwarded-For", "").split(",")]
    for hop in reversed([hop for hop in hops if hop != ""]):
        if hop is None:
            # Garbage where an address should be: neither it nor anything left of it is
            # believed; the last proxy of ours is the client as far as we know.
            return remote
        if not _is_trusted(hop, networks):
            return hop
        remote = hop
    # Every hop was a proxy of ours (or there was no header): the nearest one is all we know.
    return remote
