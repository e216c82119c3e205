"""`EncryptedPrivateKey`: a private key encrypted with a password once, as the Multicloud CX guide asks.

The guide runs ``openssl rsa -in key.pem -out key.pem.enc -aes256`` and then
``openssl base64 -in key.pem.enc``. With OpenSSL 3 the first writes an encrypted
PKCS#8 PEM block with PBES2: PBKDF2-HMAC-SHA256 and AES-256-CBC. `create`
writes the same structure (`cryptography`'s best available PKCS#8 encryption, which is that
scheme) and base64-encodes the PEM file on one line: `encrypted_pem_base64`, a secret.

Encryption uses a random salt and IV, so it runs in `create` only: the output then stays the same
on every later preview, `up` and `refresh`, and a new one is made (replace) only when the key or
the password changes. Checks never repeat the key or the password in their messages.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Mapping
from typing import Any

import pulumi
from cryptography.hazmat.primitives import serialization
from pulumi.dynamic import CheckResult, CreateResult, DiffResult

from gcx.dynamic.base import StateOnlyProvider, diff_inputs, failures_of
from gcx.engine.plugin import is_unknown

__all__ = ["EncryptedPrivateKey", "EncryptedPrivateKeyProvider", "encrypt_private_key"]

_INPUTS = ("private_key_pem", "password")


def encrypt_private_key(private_key_pem: str, password: str) -> str:
    """Base64 (one line) of the key as PKCS#8 PEM encrypted with PBES2/AES-256-CBC under `password`."""
    key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password.encode()),
    )
    return base64.b64encode(encrypted).decode("ascii")


def _key_problem(text: Any) -> str | None:
    if not isinstance(text, str) or "-----BEGIN" not in text:
        return "private_key_pem must be a PEM-encoded private key (PKCS#8 or PKCS#1, as key.pem holds it)"
    try:
        serialization.load_pem_private_key(text.encode(), password=None)
    except TypeError:
        return "private_key_pem must be the unencrypted key: it is encrypted here, with `password`"
    except ValueError:
        # The library's message may quote parts of the key: keep it out.
        return "private_key_pem could not be read as an unencrypted PEM private key"
    return None


def _problems(news: Mapping[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    key = news.get("private_key_pem")
    if not is_unknown(key):
        problem = _key_problem(key)
        if problem:
            problems.append(("private_key_pem", problem))
    password = news.get("password")
    if not is_unknown(password) and not (
        isinstance(password, str) and password and password.isascii() and password.isprintable()
    ):
        problems.append(
            (
                "password",
                "password must be non-empty printable ASCII: on-premises components decrypt the key with "
                "the password exactly as typed into Configuration Server",
            )
        )
    return problems


class EncryptedPrivateKeyProvider(StateOnlyProvider):
    """Import path `gcx.dynamic.encrypted_key.EncryptedPrivateKeyProvider` is stored in state: keep it."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return CheckResult(dict(news), failures_of(_problems(news)))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return diff_inputs(olds, news, replace=_INPUTS, with_connection=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        encrypted = encrypt_private_key(props["private_key_pem"], props["password"])
        return CreateResult(uuid.uuid4().hex, {**props, "encrypted_pem_base64": encrypted})



class EncryptedPrivateKey(pulumi.dynamic.Resource, module="gcx", name="EncryptedPrivateKey"):
    """A password-encrypted copy of a private key, base64-encoded (see the module docstring).

    `private_key_pem`, `password` and `encrypted_pem_base64` are Pulumi secrets.
    """

    private_key_pem: pulumi.Output[str]
    password: pulumi.Output[str]
    encrypted_pem_base64: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        *,
        private_key_pem: pulumi.Input[str],
        password: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "private_key_pem": pulumi.Output.secret(private_key_pem),
            "password": pulumi.Output.secret(password),
            "encrypted_pem_base64": None,
        }
        secret_outputs = pulumi.ResourceOptions(additional_secret_outputs=[*_INPUTS, "encrypted_pem_base64"])
        super().__init__(
            EncryptedPrivateKeyProvider(), name, props, pulumi.ResourceOptions.merge(opts, secret_outputs)
        )
