"""`SamlSigningKeyPair`: a self-signed X.509 certificate and RSA key, generated once, kept in state.

What `openssl req -new -x509 -days 3652 -nodes` does in the Multicloud CX guide, as a resource:
the key and certificate are made in `create` only and then never again, so previews, `up` and
`refresh` leave them alone. A new pair is made (replace) when `common_name`, `key_size` or
`rotation_trigger` change; a new `valid_days` is recorded and used at the next rotation (the
live IdP keeps working with the certificate it has).

Outputs: `certificate_pem`, `certificate_base64` (the PEM body without its BEGIN/END lines, as
the PureEngage identity provider takes it), `private_key_pem` (PKCS#8, unencrypted, a secret)
and `not_after` (ISO 8601, UTC). The resource id is the certificate's SHA-256 fingerprint.
Nothing lives outside state, so `delete` and `read` touch no API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pulumi
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, UpdateResult

from gcx.dynamic.base import StateOnlyProvider, as_int, diff_inputs, failures_of
from gcx.engine.plugin import is_unknown

__all__ = ["KEY_SIZES", "SamlSigningKeyPair", "SamlSigningKeyPairProvider", "generate_key_pair"]

KEY_SIZES = (2048, 3072, 4096)
MAX_VALID_DAYS = 36_500
# X.509's upper bound for a common name (RFC 5280, ub-common-name).
MAX_COMMON_NAME = 64
_OUTPUTS = ("certificate_pem", "certificate_base64", "private_key_pem", "not_after")


def generate_key_pair(common_name: str, valid_days: int, key_size: int) -> dict[str, str]:
    """A new RSA key and a self-signed SHA-256 certificate for it, as the resource's outputs."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    not_before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    not_after = not_before + dt.timedelta(days=valid_days)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    certificate_pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
    body = "".join(line for line in certificate_pem.splitlines() if not line.startswith("-----"))
    private_key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return {
        "certificate_pem": certificate_pem,
        "certificate_base64": body,
        "private_key_pem": private_key_pem,
        "not_after": not_after.isoformat().replace("+00:00", "Z"),
        "fingerprint_sha256": certificate.fingerprint(hashes.SHA256()).hex(),
    }


def _problems(news: Mapping[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    common_name = news.get("common_name")
    if common_name is None or (isinstance(common_name, str) and not common_name.strip()):
        problems.append(("common_name", "common_name is required, e.g. 'genesys-multicloud-cx'"))
    elif not is_unknown(common_name) and (
        not isinstance(common_name, str) or len(common_name) > MAX_COMMON_NAME
    ):
        problems.append(("common_name", f"common_name must be text of at most {MAX_COMMON_NAME} characters"))
    valid_days = news.get("valid_days")
    if not is_unknown(valid_days) and not (
        isinstance(valid_days, int) and not isinstance(valid_days, bool) and 1 <= valid_days <= MAX_VALID_DAYS
    ):
        problems.append(
            (
                "valid_days",
                f"valid_days must be a whole number of days from 1 to {MAX_VALID_DAYS}, not {valid_days!r}",
            )
        )
    key_size = news.get("key_size")
    if not is_unknown(key_size) and key_size not in KEY_SIZES:
        sizes = ", ".join(map(str, KEY_SIZES))
        problems.append(("key_size", f"key_size must be one of {sizes} bits, not {key_size!r}"))
    trigger = news.get("rotation_trigger")
    if trigger is not None and not is_unknown(trigger) and not isinstance(trigger, str):
        problems.append(("rotation_trigger", "rotation_trigger must be text (change it to rotate the key)"))
    return problems


class SamlSigningKeyPairProvider(StateOnlyProvider):
    """Import path `gcx.dynamic.key_pair.SamlSigningKeyPairProvider` is stored in state: keep it."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = dict(news)
        for key in ("valid_days", "key_size"):
            inputs[key] = as_int(inputs.get(key))
        return CheckResult(inputs, failures_of(_problems(inputs)))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return diff_inputs(
            olds,
            news,
            replace=("common_name", "key_size", "rotation_trigger"),
            update=("valid_days",),
            with_connection=False,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        generated = generate_key_pair(props["common_name"], int(props["valid_days"]), int(props["key_size"]))
        return CreateResult(generated["fingerprint_sha256"], {**props, **generated})

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        # Only `valid_days` can change in place; the key and certificate stay as they are.
        kept = {key: olds[key] for key in (*_OUTPUTS, "fingerprint_sha256") if key in olds}
        return UpdateResult({**news, **kept})



class SamlSigningKeyPair(pulumi.dynamic.Resource, module="gcx", name="SamlSigningKeyPair"):
    """A self-signed certificate and RSA key for a SAML identity provider (see the module docstring)."""

    common_name: pulumi.Output[str]
    valid_days: pulumi.Output[int]
    key_size: pulumi.Output[int]
    rotation_trigger: pulumi.Output[str | None]
    certificate_pem: pulumi.Output[str]
    certificate_base64: pulumi.Output[str]
    private_key_pem: pulumi.Output[str]
    not_after: pulumi.Output[str]
    fingerprint_sha256: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        *,
        common_name: pulumi.Input[str],
        valid_days: pulumi.Input[int] = 3652,
        key_size: pulumi.Input[int] = 2048,
        rotation_trigger: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "common_name": common_name,
            "valid_days": valid_days,
            "key_size": key_size,
            "rotation_trigger": rotation_trigger,
            **dict.fromkeys((*_OUTPUTS, "fingerprint_sha256")),
        }
        secret_outputs = pulumi.ResourceOptions(additional_secret_outputs=["private_key_pem"])
        super().__init__(
            SamlSigningKeyPairProvider(), name, props, pulumi.ResourceOptions.merge(opts, secret_outputs)
        )
