"""Sealing answers to the partnership's public key with HPKE (RFC 9180).

This module only ever handles PUBLIC keys: the feedback app imports it and nothing here can
read a sealed answer back. Opening lives in `core.opening`, which the feedback app never
imports (DESIGN invariant 2).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hpke, serialization
from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

# DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM: the keys made before post-quantum sealing.
SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
# The hybrid KEM ML-KEM-768 + X25519 (X-Wing: both shared secrets go through one KDF), same KDF and AEAD.
# Answers are kept for years: what is sealed today must stay shut against a quantum computer built later,
# and stays shut against today's attacks even if ML-KEM is one day broken. New keys use it.
HYBRID_SUITE = hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
CLASSIC_KEM = "X25519"
HYBRID_KEM = "MLKEM768-X25519"
SUITES = {CLASSIC_KEM: SUITE, HYBRID_KEM: HYBRID_SUITE}
_PEM_BLOCK = re.compile(rb"-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----\s*", re.DOTALL)
PAYLOAD_FORMAT = 1
CURRENT_FILE = "current"


class KeyFileError(Exception):
    """A key file is missing, unreadable or of the wrong kind."""


@dataclass(frozen=True)
class PublicKey:
    """A public key with the id stored beside every response sealed to it.

    `key` is an X25519PublicKey (kem "X25519") or an hpke.MLKEM768X25519PublicKey (kem "MLKEM768-X25519").
    """

    key_id: str
    key: Any
    kem: str = CLASSIC_KEM


@dataclass(frozen=True)
class Sealed:
    key_id: str
    blob: bytes


def key_id_for(public_key: X25519PublicKey, mlkem_public: MLKEM768PublicKey | None = None) -> str:
    """A short, stable id for a public key: the first 16 hex digits of SHA-256 of its bytes (ML-KEM's first)."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    if mlkem_public is not None:
        raw = mlkem_public.public_bytes_raw() + raw
    return hashlib.sha256(raw).hexdigest()[:16]


def public_key_pem(public_key: X25519PublicKey, mlkem_public: MLKEM768PublicKey | None = None) -> bytes:
    """The public key file: one PEM block, or for a hybrid key the ML-KEM-768 block then the X25519 one."""
    spki = (serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    blocks = [mlkem_public.public_bytes(*spki)] if mlkem_public is not None else []
    return b"".join([*blocks, public_key.public_bytes(*spki)])


def hybrid_public_key(mlkem_public: MLKEM768PublicKey, public_key: X25519PublicKey) -> PublicKey:
    return PublicKey(
        key_id_for(public_key, mlkem_public), hpke.MLKEM768X25519PublicKey(mlkem_public, public_key), HYBRID_KEM
    )


def context_info(survey_id: int, version_id: int, purpose: str = "response") -> bytes:
    """HPKE `info`: binds a sealed blob to its survey and version, so it cannot be moved."""
    return f"learning-loop/v1/{purpose}/survey:{survey_id}/version:{version_id}".encode()


def public_key_path(keys_dir: Path, key_id: str) -> Path:
    return keys_dir / f"{key_id}.public.pem"


def current_key_id(keys_dir: Path) -> str:
    """The id of the key new responses are sealed to (written by `keys generate`)."""
    try:
        return (keys_dir / CURRENT_FILE).read_text().strip()
    except FileNotFoundError as exc:
        raise KeyFileError(f"no key pair yet in {keys_dir}: run `learning-loop keys generate`") from exc


def load_public_key(path: Path) -> PublicKey:
    """Load a PEM public key file: X25519, or ML-KEM-768 then X25519 for a hybrid key."""
    try:
        data = path.read_bytes()
        blocks = [serialization.load_pem_public_key(m.group(0)) for m in _PEM_BLOCK.finditer(data)]
    except (OSError, ValueError) as exc:
        raise KeyFileError(f"cannot read public key {path}: {exc}") from exc
    kinds = [type(b).__name__ for b in blocks]
    if len(blocks) == 1 and isinstance(blocks[0], X25519PublicKey):
        return PublicKey(key_id_for(blocks[0]), blocks[0], CLASSIC_KEM)
    if len(blocks) == 2 and isinstance(blocks[0], MLKEM768PublicKey) and isinstance(blocks[1], X25519PublicKey):
        return hybrid_public_key(blocks[0], blocks[1])
    raise KeyFileError(f"{path} is neither an X25519 nor an ML-KEM-768 + X25519 public key ({kinds or 'no key'})")


def load_current_public_key(keys_dir: Path) -> PublicKey:
    return load_public_key(public_key_path(keys_dir, current_key_id(keys_dir)))


def encode_payload(payload: dict[str, Any]) -> bytes:
    return json.dumps({"format": PAYLOAD_FORMAT, **payload}, ensure_ascii=False, sort_keys=True).encode()


def seal(payload: dict[str, Any], public_key: PublicKey, info: bytes) -> Sealed:
    """Serialise `payload` and seal it so only the holder of the private key can read it."""
    blob = SUITES[public_key.kem].encrypt(encode_payload(payload), public_key.key, info=info)
    return Sealed(public_key.key_id, blob)
