"""HAProxy in front of app servers, started from the shipped ``docs/haproxy.cfg`` (only its environment
variables filled in): TLS with a throwaway certificate made here, on a free 127.0.0.1 port.

Outside CI a missing ``haproxy`` skips with the reason; under CI=true it fails."""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import os
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.server import ROOT, free_port, stop

CONFIG = ROOT / "docs" / "haproxy.cfg"
HAPROXY = "/usr/sbin/haproxy"


def haproxy_or_skip() -> str:
    found = HAPROXY if Path(HAPROXY).exists() else shutil.which("haproxy")
    if found is None:
        message = "HAProxy is not installed (apt-get install haproxy): the two-server tests need it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def throwaway_certificate(folder: Path) -> Path:
    """A self-signed certificate for 127.0.0.1 and localhost, with its key, in one PEM (HAProxy's form)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "decision-tool test proxy (throwaway)")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    pem = folder / "proxy.pem"
    pem.write_bytes(
        cert.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    pem.chmod(0o600)
    return pem


@dataclass
class Proxy:
    url: str  # https://127.0.0.1:<port>
    backends: dict[str, str]  # the sticky cookie's value (app1, app2) -> the app server's address
    log: Path


def _answers_tls(port: int) -> bool:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with (
            socket.create_connection(("127.0.0.1", port), timeout=2) as raw,
            context.wrap_socket(raw, server_hostname="127.0.0.1"),
        ):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def haproxy(folder: Path, app_servers: Sequence[str]) -> Iterator[Proxy]:
    """HAProxy on ``docs/haproxy.cfg`` in front of two app servers (``host:port``)."""
    binary = haproxy_or_skip()
    port = free_port()
    env = {
        **os.environ,
        "DT_PROXY_BIND": f"127.0.0.1:{port}",
        "DT_PROXY_CERT": str(throwaway_certificate(folder)),
        "DT_APP_1": app_servers[0],
        "DT_APP_2": app_servers[1],
    }
    log = folder / "haproxy.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([binary, "-db", "-f", str(CONFIG)], env=env, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 20
        while not _answers_tls(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"haproxy did not start: {log.read_text()[-800:]}")
            time.sleep(0.1)
        yield Proxy(f"https://127.0.0.1:{port}", dict(zip(("app1", "app2"), app_servers, strict=True)), log)
    finally:
        stop(proc)
