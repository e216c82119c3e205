"""Pulumi's wire value model for property values, shared by every engine module.

Inside the engine, property values are kept in the lossless JSON form that
`google.protobuf.Struct` carries between the SDK and the engine (`pulumi/runtime/rpc.py`):

- an unknown value is the string `UNKNOWN`;
- a secret is ``{SIG_KEY: SECRET_SIG, "value": v}``;
- a resource reference is ``{SIG_KEY: RESOURCE_SIG, "urn": ..., "id": ..., "packageVersion": ...}``;
- numbers are normalised so integral doubles become ``int`` (Go prints ``10`` for float64 10).

In the checkpoint, secrets are ``{SIG_KEY: SECRET_SIG, "ciphertext": ...}`` (or ``"plaintext"``
in a `--show-secrets` export); unknowns never reach it.
"""

from __future__ import annotations

from typing import Any

from pulumi.runtime import rpc

UNKNOWN: str = rpc.UNKNOWN
SIG_KEY: str = rpc._special_sig_key
SECRET_SIG: str = rpc._special_secret_sig
RESOURCE_SIG: str = rpc._special_resource_sig
ASSET_SIG: str = rpc._special_asset_sig
ARCHIVE_SIG: str = rpc._special_archive_sig


def is_secret(value: Any) -> bool:
    return isinstance(value, dict) and value.get(SIG_KEY) == SECRET_SIG


def is_resource_ref(value: Any) -> bool:
    return isinstance(value, dict) and value.get(SIG_KEY) == RESOURCE_SIG


def make_secret(value: Any) -> dict[str, Any]:
    """Wrap a value as a secret (idempotent)."""
    return value if is_secret(value) else {SIG_KEY: SECRET_SIG, "value": value}


def unwrap_secret(value: Any) -> Any:
    return value["value"] if is_secret(value) else value


def _walk_any(value: Any, predicate: Any) -> bool:
    if predicate(value):
        return True
    if isinstance(value, dict):
        return any(_walk_any(v, predicate) for v in value.values())
    if isinstance(value, list):
        return any(_walk_any(v, predicate) for v in value)
    return False


def contains_secret(value: Any) -> bool:
    return _walk_any(value, is_secret)


def contains_unknown(value: Any) -> bool:
    return _walk_any(value, lambda v: isinstance(v, str) and v == UNKNOWN)


def strip_secrets(value: Any) -> Any:
    """The same value with every secret wrapper removed (nested ones too)."""
    if is_secret(value):
        return strip_secrets(value["value"])
    if isinstance(value, dict):
        return {k: strip_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [strip_secrets(v) for v in value]
    return value


def normalize_numbers(value: Any) -> Any:
    """Integral floats become ints, recursively (bools are left alone)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: normalize_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalize_numbers(v) for v in value]
    return value
