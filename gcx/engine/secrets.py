"""Pulumi's passphrase secrets provider, byte-compatible with the Pulumi CLI.

Scheme (pulumi `sdk/go/common/resource/config/crypt.go`, `pkg/secrets/passphrase/manager.go`):

- key = PBKDF2-HMAC-SHA256(passphrase, salt, 1,000,000 iterations, 32 bytes);
- a value is AES-256-GCM with a random 12-byte nonce, written ``v1:<b64 nonce>:<b64 ciphertext+tag>``;
- the salt state kept in ``encryptionsalt`` (and in the checkpoint) is
  ``v1:<b64 8-byte salt>:<encryption of "pulumi">``; decrypting that check value proves the passphrase.

The passphrase comes from ``PULUMI_CONFIG_PASSPHRASE`` (an empty value is a valid passphrase),
else from the file named by ``PULUMI_CONFIG_PASSPHRASE_FILE`` (surrounding whitespace trimmed).
Key derivation costs about 0.4 s, so derived keys are cached per (passphrase, salt) in-process.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import threading
from collections.abc import Mapping
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from gcx.engine.errors import PassphraseError

PBKDF2_ITERATIONS = 1_000_000
KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 8
CHECK_PLAINTEXT = "pulumi"
VERSION_TAG = "v1"

PASSPHRASE_ENV = "PULUMI_CONFIG_PASSPHRASE"
PASSPHRASE_FILE_ENV = "PULUMI_CONFIG_PASSPHRASE_FILE"

_key_cache: dict[bytes, bytes] = {}
_key_cache_lock = threading.Lock()


class CiphertextError(ValueError):
    """A ciphertext is malformed or does not decrypt with this key."""


def read_passphrase(env: Mapping[str, str]) -> str | None:
    """The passphrase from the environment, or None when neither variable is set."""
    if PASSPHRASE_ENV in env:
        return env[PASSPHRASE_ENV]
    file_name = env.get(PASSPHRASE_FILE_ENV, "")
    if not file_name:
        return None
    try:
        return Path(file_name).expanduser().resolve().read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise PassphraseError(
            f"unable to read {PASSPHRASE_FILE_ENV} ({file_name}): {exc.strerror or exc}"
        ) from None


def _derive_key(passphrase: str, salt: bytes) -> bytes:
    # The cache is keyed by a digest so the passphrase itself is not kept as a dict key.
    cache_key = hashlib.sha256(salt + b"\0" + passphrase.encode("utf-8")).digest()
    with _key_cache_lock:
        key = _key_cache.get(cache_key)
    if key is None:
        key = hashlib.pbkdf2_hmac("sha256", passphrase.encode("utf-8"), salt, PBKDF2_ITERATIONS, KEY_BYTES)
        with _key_cache_lock:
            _key_cache[cache_key] = key
    return key


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


class PassphraseCrypter:
    """Encrypts and decrypts config and state secrets with a passphrase-derived key."""

    __slots__ = ("_aead", "salt_state")

    def __init__(self, key: bytes, salt_state: str) -> None:
        self._aead = AESGCM(key)
        self.salt_state = salt_state

    def __repr__(self) -> str:  # never show key material
        return f"PassphraseCrypter(salt_state={self.salt_state!r})"

    @classmethod
    def new(cls, passphrase: str) -> PassphraseCrypter:
        """A crypter with a fresh random salt (what `config set --secret` does on a new stack)."""
        salt = os.urandom(SALT_BYTES)
        crypter = cls(_derive_key(passphrase, salt), "")
        crypter.salt_state = f"{VERSION_TAG}:{_b64(salt)}:{crypter.encrypt(CHECK_PLAINTEXT)}"
        return crypter

    @classmethod
    def from_salt_state(cls, passphrase: str, salt_state: str) -> PassphraseCrypter:
        """Open an existing salt state; raises `PassphraseError` when the passphrase is wrong."""
        parts = salt_state.split(":", 2)
        if len(parts) != 3:
            raise PassphraseError(
                f"malformed encryption salt state {salt_state!r}: expected v1:<salt>:<check>"
            )
        version, salt_b64, check = parts
        if version != VERSION_TAG:
            raise PassphraseError(
                f"unknown encryption salt state version {version!r}: expected {VERSION_TAG}"
            )
        try:
            salt = _unb64(salt_b64)
        except (binascii.Error, ValueError):
            raise PassphraseError(f"malformed encryption salt {salt_b64!r}: not base64") from None
        crypter = cls(_derive_key(passphrase, salt), salt_state)
        try:
            ok = crypter.decrypt(check) == CHECK_PLAINTEXT
        except CiphertextError:
            ok = False
        if not ok:
            raise PassphraseError.incorrect()
        return crypter

    def encrypt(self, plaintext: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode("utf-8"), None)
        return f"{VERSION_TAG}:{_b64(nonce)}:{_b64(sealed)}"

    def decrypt(self, ciphertext: str) -> str:
        """Decrypt ``v1:<nonce>:<ct>``; raises `CiphertextError` when malformed or not ours."""
        parts = ciphertext.split(":") if isinstance(ciphertext, str) else []
        if len(parts) != 3 or parts[0] != VERSION_TAG:
            raise CiphertextError("malformed ciphertext: expected v1:<nonce>:<ciphertext>")
        try:
            nonce, sealed = _unb64(parts[1]), _unb64(parts[2])
        except (binascii.Error, ValueError):
            raise CiphertextError("malformed ciphertext: not base64") from None
        if len(nonce) != NONCE_BYTES:
            raise CiphertextError(f"malformed ciphertext: nonce must be {NONCE_BYTES} bytes")
        try:
            return self._aead.decrypt(nonce, sealed, None).decode("utf-8")
        except InvalidTag:
            raise CiphertextError(
                "the value was encrypted with a different passphrase or salt (another stack?)"
            ) from None


def crypter_from_env(salt_state: str, env: Mapping[str, str], purpose: str = "") -> PassphraseCrypter:
    """Open `salt_state` with the environment's passphrase, or explain what is missing."""
    passphrase = read_passphrase(env)
    if passphrase is None:
        raise PassphraseError.missing(purpose)
    try:
        return PassphraseCrypter.from_salt_state(passphrase, salt_state)
    except PassphraseError as exc:
        if exc.message.startswith(PassphraseError.INCORRECT) and purpose:
            raise PassphraseError.incorrect(purpose) from None
        raise
