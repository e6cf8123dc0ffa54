"""Sealing answers to the partnership's public key with HPKE (RFC 9180).

This module only ever handles PUBLIC keys: the feedback app imports it and nothing here can
read a sealed answer back. Opening lives in `core.opening`, which the feedback app never
imports (DESIGN invariant 2).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hpke, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

# DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM.
SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
PAYLOAD_FORMAT = 1
CURRENT_FILE = "current"


class KeyFileError(Exception):
    """A key file is missing, unreadable or of the wrong kind."""


@dataclass(frozen=True)
class PublicKey:
    """A public key with the id stored beside every response sealed to it."""

    key_id: str
    key: X25519PublicKey


@dataclass(frozen=True)
class Sealed:
    key_id: str
    blob: bytes


def key_id_for(public_key: X25519PublicKey) -> str:
    """A short, stable id for a public key: the first 16 hex digits of SHA-256 of its bytes."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


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
    """Load a PEM public key file."""
    try:
        loaded = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise KeyFileError(f"cannot read public key {path}: {exc}") from exc
    if not isinstance(loaded, X25519PublicKey):
        raise KeyFileError(f"{path} is not an X25519 public key")
    return PublicKey(key_id_for(loaded), loaded)


def load_current_public_key(keys_dir: Path) -> PublicKey:
    return load_public_key(public_key_path(keys_dir, current_key_id(keys_dir)))


def encode_payload(payload: dict[str, Any]) -> bytes:
    return json.dumps({"format": PAYLOAD_FORMAT, **payload}, ensure_ascii=False, sort_keys=True).encode()


def seal(payload: dict[str, Any], public_key: PublicKey, info: bytes) -> Sealed:
    """Serialise `payload` and seal it so only the holder of the private key can read it."""
    blob = SUITE.encrypt(encode_payload(payload), public_key.key, info=info)
    return Sealed(public_key.key_id, blob)
