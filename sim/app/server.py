"""Serving `sim app`: Solara's Starlette app under uvicorn, on loopback unless asked."""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import warnings

from sim.errors import SimError, argument
from sim.report.console import QUIET, Console
from sim.scenarios.values import DEFAULT_REPLICATIONS

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8765
_PORT = argument("port")
#: Errors of binding that are about the port, not the address.
_PORT_ERRORS = (errno.EADDRINUSE, errno.EACCES)


def addresses(host: str, port: int) -> list[tuple[int, tuple]]:
    """(family, socket address) for each address ``host`` names (IPv4 or IPv6)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise SimError(f"{argument('host')} {host}: not an address or a name this machine knows "
                       f"({reason}); give one such as 127.0.0.1, ::1 or 0.0.0.0") from None
    for _, _, _, _, address in found:
        mapped = ipaddress.ip_address(address[0].split("%")[0])
        if getattr(mapped, "ipv4_mapped", None) is not None:
            raise SimError(f"{argument('host')} {host}: an IPv4 address written as IPv6, which "
                           f"the server cannot listen on; write {mapped.ipv4_mapped}")
    return [(family, address) for family, _, _, _, address in found]


def is_loopback(host: str, port: int = DEFAULT_PORT) -> bool:
    """Whether every address ``host`` names is this machine's loopback (127.0.0.0/8, ::1)."""
    return all(ipaddress.ip_address(address[0].split("%")[0]).is_loopback
               for _, address in addresses(host, port))


def check_address(host: str, port: int) -> None:
    """Refuse, with one line naming the option at fault, an address the page cannot be
    served on (before Solara starts): a port in use, or a host that is not this machine's."""
    family, address = addresses(host, port)[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As uvicorn binds: a port left in TIME_WAIT by a server just stopped is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno in _PORT_ERRORS:
                raise SimError(f"{_PORT} {port}: cannot listen on {host} port {port} "
                               f"({exc.strerror}); choose another with {_PORT}") from None
            raise SimError(f"{argument('host')} {host}: cannot listen on it ({exc.strerror}); "
                           "give an "
                           "address of this machine, such as 127.0.0.1 or ::1") from None


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          reps: int = DEFAULT_REPLICATIONS, console: Console = QUIET) -> None:
    """Serve the page until interrupted; ``console`` hears the address, and a warning when
    the page is reachable from other machines (any address beyond loopback)."""
    check_address(host, port)
    if not is_loopback(host, port):
        console.warn(f"serving on {host}: anyone who can reach this machine can use the page "
                     "and make it run simulations")
    os.environ["SIM_APP_REPS"] = str(reps)
    os.environ["SOLARA_APP"] = "sim.app.page"
    os.environ.setdefault("SOLARA_MODE", "production")
    import uvicorn

    # Solara warns, on every first visit, that cookies for pages embedded in other sites
    # need https: the page is not embedded, and the warning would only alarm the reader.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https",
                            category=UserWarning)
    shown = f"[{host}]" if ":" in host else host
    console.out(f"sim app: http://{shown}:{port}  ({reps} runs per setting; Ctrl-C stops)")
    uvicorn.run("solara.server.starlette:app", host=host, port=port, log_level="warning")
