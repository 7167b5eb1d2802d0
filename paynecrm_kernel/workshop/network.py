"""How participants reach the workshop: the laptop's address on the local network, the join link and its QR code."""
from __future__ import annotations

import ipaddress
import socket

import segno

from ..errors import DataValidationError
from ..theme import PROCESS_COLOURS

__all__ = ["lan_address", "join_url", "qr_svg", "format_code"]


def lan_address():
    """Return this machine's IPv4 address on the local network, or ``"127.0.0.1"`` when it has none.

    Asks the operating system which interface it would use to reach a private address; a UDP socket is only
    connected, so no packet is sent.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 9))
            address = probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"
    return address if not ipaddress.ip_address(address).is_unspecified else "127.0.0.1"


def check_address(address):
    """Return ``address`` if it is a concrete IPv4 or IPv6 address participants can open, else raise."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        raise DataValidationError(f"{address!r} is not an IP address; give the laptop's address on the venue "
                                  "network, e.g. 192.168.1.20 (leave it out to detect it).",
                                  column="workshop_ip") from None
    if parsed.is_unspecified:
        raise DataValidationError(f"{address} means 'every interface', which participants cannot open; give the "
                                  "laptop's address on the venue network (leave it out to detect it).",
                                  column="workshop_ip")
    return str(parsed)


def format_code(code):
    """Show a code in groups of three for reading aloud: ``"K7M2QX"`` -> ``"K7M-2QX"``."""
    return "-".join(code[i:i + 3] for i in range(0, len(code), 3))


def join_url(address, port, code):
    """The address participants open (the workshop code included, so scanning the QR code is enough)."""
    host = f"[{address}]" if ":" in address else address
    return f"http://{host}:{port}/?code={code}"


def qr_svg(url, scale=6, dark=PROCESS_COLOURS["strategy"]):
    """Return the QR code of ``url`` as an SVG document (text): ``dark`` modules on white."""
    return segno.make(url, error="m").svg_inline(scale=scale, dark=dark, light="white", border=2)
