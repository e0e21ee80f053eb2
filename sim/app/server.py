"""Serving `sim app`: Solara's Starlette app under uvicorn, on localhost unless asked."""

from __future__ import annotations

import os
import socket

from sim.errors import SimError

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8765


def check_port(host: str, port: int) -> None:
    """Refuse, with one line, a port that is taken (before Solara starts)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As uvicorn binds: a port left in TIME_WAIT by a server just stopped is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise SimError(f"--port {port}: cannot listen on {host}:{port} ({exc.strerror}); "
                           "choose another with --port") from None


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, reps: int = 200,
          announce=print) -> None:
    """Serve the page until interrupted."""
    check_port(host, port)
    os.environ["SIM_APP_REPS"] = str(reps)
    os.environ["SOLARA_APP"] = "sim.app.page"
    os.environ.setdefault("SOLARA_MODE", "production")
    import uvicorn

    announce(f"sim app: http://{host}:{port}  ({reps} runs per setting; Ctrl-C stops)")
    uvicorn.run("solara.server.starlette:app", host=host, port=port, log_level="warning")
