"""Private keys: generate, store encrypted, load, and open sealed answers.

Only the admin app and the CLI import this module. The feedback app must never reach it.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke, serialization
from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from core.sealing import (
    CLASSIC_KEM,
    CURRENT_FILE,
    HYBRID_KEM,
    SUITES,
    KeyFileError,
    key_id_for,
    public_key_path,
    public_key_pem,
)

SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
MLKEM_SEED_BYTES = 64
# What the keyring holds: an X25519 private key, or the hybrid ML-KEM-768 + X25519 one.
PrivateKey = X25519PrivateKey | hpke.MLKEM768X25519PrivateKey


class WrongPassphrase(Exception):
    """The passphrase does not open the private key file."""


class CannotOpen(Exception):
    """A sealed blob could not be opened: unknown key, wrong context, or damaged."""


def private_key_path(keys_dir: Path, key_id: str) -> Path:
    return keys_dir / f"{key_id}.private.json"


def _write_private(path: Path, data: dict[str, Any]) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh, indent=2)


def _kdf(salt: bytes, n: int, r: int, p: int) -> Scrypt:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p)


def _new_private(kem: str) -> tuple[bytes, X25519PrivateKey, MLKEM768PrivateKey | None]:
    """Fresh key material: the bytes to store (ML-KEM's 64-byte seed first, for a hybrid key) and the parts."""
    x25519 = X25519PrivateKey.generate()
    raw = x25519.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    if kem == CLASSIC_KEM:
        return raw, x25519, None
    if kem != HYBRID_KEM:
        raise ValueError(f"unknown KEM {kem!r}")
    mlkem = MLKEM768PrivateKey.generate()
    return mlkem.private_bytes_raw() + raw, x25519, mlkem


def generate_keypair(
    keys_dir: Path, passphrase: str | None, *, make_current: bool = True, kem: str = HYBRID_KEM
) -> str:
    """Create a key pair (hybrid ML-KEM-768 + X25519 unless `kem` says X25519); the private half is encrypted
    with scrypt + AES-GCM unless passphrase is None."""
    keys_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(keys_dir, 0o700)
    raw, x25519, mlkem = _new_private(kem)
    mlkem_public = mlkem.public_key() if mlkem is not None else None
    key_id = key_id_for(x25519.public_key(), mlkem_public)
    record: dict[str, Any] = {"format": "learning-loop-private-key/1", "key_id": key_id, "kem": kem}
    if passphrase is None:
        record["encryption"] = "none"
        record["key"] = base64.b64encode(raw).decode()
    else:
        salt, nonce = os.urandom(16), os.urandom(12)
        key = _kdf(salt, SCRYPT_N, SCRYPT_R, SCRYPT_P).derive(passphrase.encode())
        record["encryption"] = "scrypt+aes-256-gcm"
        record["scrypt"] = {"n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": base64.b64encode(salt).decode()}
        record["nonce"] = base64.b64encode(nonce).decode()
        record["key"] = base64.b64encode(AESGCM(key).encrypt(nonce, raw, key_id.encode())).decode()
    _write_private(private_key_path(keys_dir, key_id), record)
    public_key_path(keys_dir, key_id).write_bytes(public_key_pem(x25519.public_key(), mlkem_public))
    if make_current:
        (keys_dir / CURRENT_FILE).write_text(key_id + "\n")
    return key_id


def load_private_key(path: Path, passphrase: str | None) -> PrivateKey:
    """Read one private key file, decrypting it with the passphrase if it is encrypted."""
    try:
        record = json.loads(path.read_text())
        key_id = record["key_id"]
        blob = base64.b64decode(record["key"])
    except (OSError, ValueError, KeyError) as exc:
        raise KeyFileError(f"cannot read private key {path}: {exc}") from exc
    if record.get("encryption") == "none":
        raw = blob
    else:
        if not passphrase:
            raise WrongPassphrase(f"{path.name} is encrypted: a passphrase is needed")
        params = record["scrypt"]
        key = _kdf(base64.b64decode(params["salt"]), params["n"], params["r"], params["p"]).derive(passphrase.encode())
        try:
            raw = AESGCM(key).decrypt(base64.b64decode(record["nonce"]), blob, key_id.encode())
        except InvalidTag as exc:
            raise WrongPassphrase(f"the passphrase does not open {path.name}") from exc
    return _private_from_raw(path, record.get("kem", CLASSIC_KEM), raw, key_id)


def _private_from_raw(path: Path, kem: str, raw: bytes, key_id: str) -> PrivateKey:
    try:
        if kem == HYBRID_KEM:
            mlkem = MLKEM768PrivateKey.from_seed_bytes(raw[:MLKEM_SEED_BYTES])
            x25519 = X25519PrivateKey.from_private_bytes(raw[MLKEM_SEED_BYTES:])
            found = key_id_for(x25519.public_key(), mlkem.public_key())
            private: PrivateKey = hpke.MLKEM768X25519PrivateKey(mlkem, x25519)
        elif kem == CLASSIC_KEM:
            private = X25519PrivateKey.from_private_bytes(raw)
            found = key_id_for(private.public_key())
        else:
            raise KeyFileError(f"{path} is a key of an unknown kind {kem!r}")
    except ValueError as exc:
        raise KeyFileError(f"{path} does not hold a valid {kem} private key") from exc
    if found != key_id:
        raise KeyFileError(f"{path} does not match its key id")
    return private


@dataclass
class Keyring:
    """The private keys the admin process holds in memory, by key id."""

    keys: dict[str, PrivateKey] = field(default_factory=dict)
    locked: list[str] = field(default_factory=list)

    @property
    def is_unlocked(self) -> bool:
        return bool(self.keys) and not self.locked

    def unlock(self, keys_dir: Path, passphrase: str | None) -> None:
        """Load every private key file in `keys_dir`; encrypted ones need the passphrase."""
        self.locked = []
        for path in sorted(keys_dir.glob("*.private.json")):
            key_id = path.name.split(".")[0]
            if key_id in self.keys:
                continue
            try:
                self.keys[key_id] = load_private_key(path, passphrase)
            except WrongPassphrase:
                self.locked.append(key_id)

    def open(self, key_id: str, blob: bytes, info: bytes) -> dict[str, Any]:
        """Open a sealed blob in memory and return its payload."""
        private = self.keys.get(key_id)
        if private is None:
            raise CannotOpen(f"key {key_id} is not loaded")
        try:
            suite = SUITES[CLASSIC_KEM if isinstance(private, X25519PrivateKey) else HYBRID_KEM]
            plain = suite.decrypt(blob, private, info=info)
        except (InvalidTag, ValueError) as exc:
            raise CannotOpen("the sealed answer does not open with this key and context") from exc
        payload: dict[str, Any] = json.loads(plain)
        return payload
