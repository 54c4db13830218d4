"""uvicorn serving the API on a socket tolmach binds itself (so `port = 0` can say which port it got), logs on
stderr, and a clean stop: on SIGTERM (or Ctrl-C) uvicorn stops accepting, finishes the requests under way
(at most `shutdown_timeout` seconds), the engine thread closes the draft cache, and the command exits 0.

Why uvicorn and Starlette: a well-kept ASGI server and toolkit, small (h11, anyio, no C extension needed),
with graceful shutdown on SIGTERM, request streaming (so the body limit is enforced while reading) and an
asyncio loop the batcher lives in; the stdlib's ThreadingHTTPServer would need all of that written here.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import signal
import socket
import sys
from dataclasses import dataclass
from typing import Any

from pipeline.config import LOOPBACK_HOSTS, Config, ServeSettings
from pipeline.errors import TolmachError
from pipeline.mt.backends import Planner, load_engine
from pipeline.mt.drafts import EngineLoader
from pipeline.mt.packages import packages_dir

log = logging.getLogger("tolmach.serve")
KEYS_ENV = "TOLMACH_SERVE_API_KEYS"
BACKLOG = 256


def api_keys(settings: ServeSettings) -> tuple[str, ...]:
    """The keys from `[serve] api_keys` and TOLMACH_SERVE_API_KEYS (comma-separated; kept out of the repository)."""
    from_env = [k.strip() for k in os.environ.get(KEYS_ENV, "").split(",") if k.strip()]
    short = [k for k in from_env if len(k) < 8]
    if short:
        raise TolmachError(f"{KEYS_ENV}: every key must be at least 8 characters",
                           hint="generate one with `python3 -c 'import secrets; print(secrets.token_urlsafe())'`")
    return tuple(dict.fromkeys([*settings.api_keys, *from_env]))


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port (port 0: any free one)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise TolmachError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                           hint="give --host an address of this machine, such as 127.0.0.1") from exc
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(BACKLOG)
    except OSError as exc:
        sock.close()
        raise TolmachError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                           hint="another program uses the port: choose another with --port or [serve] port"
                           ) from exc
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class StderrHandler(logging.Handler):
    """Writes each line to the process's stderr as it is at that moment (a test's captured stderr too)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:
            self.handleError(record)


def setup_logging() -> None:
    """`tolmach.serve` lines on stderr, with the time; uvicorn's own only from warnings up."""
    logger = logging.getLogger("tolmach.serve")
    if not any(isinstance(h, StderrHandler) for h in logger.handlers):
        handler = StderrHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%dT%H:%M:%S"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logging.getLogger("uvicorn").setLevel(logging.WARNING)


@dataclass
class Prepared:
    """A server ready to run: uvicorn, the API (its batcher and service) and the socket it will accept on."""

    server: Any  # uvicorn.Server
    api: Any  # pipeline.serve.app.Api
    sock: socket.socket
    url: str


def prepare(config: Config, use_glossary: bool = True, loader: EngineLoader = load_engine,
            sock: socket.socket | None = None) -> Prepared:
    """Plan the routes, bind the socket and build the app; the models load when the server starts."""
    import uvicorn

    from pipeline.serve.app import Api
    from pipeline.serve.service import DraftService, Offer

    setup_logging()
    settings = config.serve
    keys = api_keys(settings)
    if sock is None and not is_loopback(settings.host) and not keys:
        log.warning("serve: WARNING: listening on %s, beyond this machine, without API keys: anyone who reaches "
                    "it can use the models and ask for drafts; set [serve] api_keys or %s, or use --host "
                    "127.0.0.1", settings.host, KEYS_ENV)
    offer = Offer.plan(Planner.for_project(config, packages_dir(config)))
    if not offer.routes:
        raise TolmachError("nothing to serve: the installed back-ends plan no route",
                           hint="install models (`tolmach models list` says what is missing)")
    sock = sock or bind(settings.host, settings.port)
    api = Api(config, DraftService(config, offer, loader, use_glossary), keys, url=url_of(sock))
    server = uvicorn.Server(uvicorn.Config(
        api.app(), log_config=None, access_log=False, lifespan="on", http="h11", loop="asyncio",
        timeout_graceful_shutdown=settings.shutdown_timeout, server_header=False))
    return Prepared(server, api, sock, url_of(sock))


def serve(config: Config, use_glossary: bool = True) -> int:
    """Serve until SIGTERM or Ctrl-C; 0 after a clean stop."""
    ready = prepare(config, use_glossary)
    # uvicorn raises the signal that stopped it again once it is done; this handler takes it, so a SIGTERM
    # ends in a clean exit 0 (the requests under way having been answered)
    previous = signal.signal(signal.SIGTERM, lambda sig, frame: None)
    try:
        ready.server.run(sockets=[ready.sock])
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        ready.sock.close()
    return 0
