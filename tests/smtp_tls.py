"""TLS for the loopback SMTP server: a CA and a server certificate for 127.0.0.1 and localhost, made per test run.

`tls_smtp` starts aiosmtpd with STARTTLS or TLS from the start, optionally asking for a sign-in checked by an
authenticator that records every attempt (so a test can see a password never reached a plain connection).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.smtp_server import Recorder, SmtpServer, free_port

USERNAME = "learning-loop"
PASSWORD = "relay password 7f3a"


@dataclass(frozen=True)
class Certificates:
    ca_file: Path
    cert_file: Path
    key_file: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _pem(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def make_certificates(folder: Path, ca_name: str = "Loopback test CA") -> Certificates:
    """A CA, and a certificate it signed for 127.0.0.1 and localhost, as PEM files in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name(ca_name))
        .issuer_name(_name(ca_name))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )  # certificate and CRL signing only
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("localhost"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return Certificates(
        ca_file=_pem(folder / "ca.pem", ca_cert.public_bytes(serialization.Encoding.PEM)),
        cert_file=_pem(folder / "server.pem", cert.public_bytes(serialization.Encoding.PEM)),
        key_file=_pem(
            folder / "server.key",
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            ),
        ),
    )


def inside_tls(server: Any) -> bool:
    """Whether aiosmtpd's connection runs inside TLS (its session.ssl is set after STARTTLS only)."""
    return server.transport.get_extra_info("ssl_object") is not None


@dataclass
class Authenticator:
    """aiosmtpd's authenticator: accepts USERNAME and PASSWORD, and records each attempt and whether it was in TLS."""

    attempts: list[tuple[str, str, bool]] = field(default_factory=list)  # (mechanism, username, over TLS)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        username, password = auth_data.login.decode(), auth_data.password.decode()
        with self.lock:
            self.attempts.append((mechanism, username, inside_tls(server)))
        # handled=False: aiosmtpd then sends the reply itself (235, or 535 for a wrong password).
        return AuthResult(success=(username, password) == (USERNAME, PASSWORD), handled=False)


@dataclass
class TlsRecorder(Recorder):
    """Also notes, for each message accepted, whether it came inside TLS."""

    over_tls: list[bool] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = await super().handle_DATA(server, session, envelope)
        if reply.startswith("250"):
            self.over_tls.append(inside_tls(server))
        return reply


@dataclass
class TlsSmtpServer(SmtpServer):
    recorder: TlsRecorder
    authenticator: Authenticator = field(default_factory=Authenticator)


@pytest.fixture(scope="session")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("smtp-tls"))


@pytest.fixture
def tls_smtp(certificates: Certificates) -> Iterator[Callable[..., TlsSmtpServer]]:
    """Start servers: tls_smtp("starttls" | "ssl" | "none", certificates=..., host=..., **aiosmtpd SMTP options)."""
    controllers: list[Controller] = []

    def start(
        mode: str, certificates: Certificates = certificates, host: str = "127.0.0.1", **options: Any
    ) -> TlsSmtpServer:
        server = TlsSmtpServer(host, free_port(), TlsRecorder())
        context = certificates.server_context()
        if mode == "ssl":
            options["ssl_context"] = context
            # aiosmtpd sees TLS from the start as no TLS and would keep AUTH back for want of it.
            options.setdefault("auth_require_tls", False)
        elif mode == "starttls":
            options.setdefault("tls_context", context)
            options.setdefault("require_starttls", True)
        controller = Controller(
            server.recorder,
            hostname=server.host,
            port=server.port,
            server_hostname="localhost",
            authenticator=server.authenticator,
            **options,
        )
        controller.start()
        controllers.append(controller)
        return server

    try:
        yield start
    finally:
        for controller in controllers:
            controller.stop()
