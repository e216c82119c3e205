"""A self-signed X.509 certificate for identity-provider tests (the emulator checks certificates)."""

from __future__ import annotations

from functools import cache

from gcx.dynamic.key_pair import generate_key_pair


@cache
def self_signed_pem(common_name: str = "idp.example.com") -> str:
    return generate_key_pair(common_name, valid_days=30, key_size=2048)["certificate_pem"]
