"""`PureEngageIdentityProvider`: the org's Genesys Multicloud CX (PureEngage) SAML identity provider.

Endpoints: ``PUT`` (create or replace), ``GET`` and ``DELETE /api/v2/identityproviders/pureengage``
(the Terraform provider has no resource for it; `genesys-api.md` §4.7, the Multicloud CX guide).

The provider is a singleton per org, so its id is ``pureengage`` and a replacement (only when the
connection moves to another region, i.e. another org) deletes before it creates. `read` returns
the live fields, so an edit made in the admin UI shows up as drift on `gcx refresh` and is put
back by the next `up`. The certificate may be given as PEM or as the base64 body the guide
shows; `check` stores the body form and refuses anything that is not an X.509 certificate.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
from collections.abc import Mapping
from typing import Any

import pulumi
from cryptography import x509
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult

from gcx.dynamic.base import GenesysDynamicProvider, checked, diff_inputs
from gcx.dynamic.clients import client_for
from gcx.dynamic.connection import GenesysConnectionArgs
from gcx.engine.plugin import is_unknown
from gcx.provider.client import ApiError

__all__ = ["PureEngageIdentityProvider", "PureEngageIdentityProviderProvider", "certificate_body"]

PATH = "/api/v2/identityproviders/pureengage"
ID = "pureengage"
# Input key -> PureEngage model field (SDK `PureEngage.attribute_map`).
FIELDS = {
    "display_name": "name",
    "certificate": "certificate",
    "issuer_uri": "issuerURI",
    "sso_target_uri": "ssoTargetURI",
    "auto_provision_users": "autoProvisionUsers",
    "disabled": "disabled",
}
_REQUIRED = ("certificate", "issuer_uri", "sso_target_uri", "display_name")
_FLAGS = ("auto_provision_users", "disabled")


def certificate_body(text: str) -> str:
    """The base64 DER body of a PEM or base64 certificate (`ValueError` if it is not X.509)."""
    body = "".join(line.strip() for line in text.strip().splitlines() if not line.startswith("-----"))
    try:
        x509.load_der_x509_certificate(base64.b64decode(body, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"not an X.509 certificate ({exc})") from None
    return body


def _normalized(news: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    inputs = dict(news)
    problems: list[tuple[str, str]] = []
    for key in _REQUIRED:
        value = inputs.get(key)
        if is_unknown(value):
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append((key, f"{key} is required and must be non-empty text"))
    certificate = inputs.get("certificate")
    if isinstance(certificate, str) and certificate.strip():
        try:
            inputs["certificate"] = certificate_body(certificate)
        except ValueError as exc:
            problems.append(
                ("certificate", f"certificate is {exc}; pass SamlSigningKeyPair.certificate_base64 or a PEM")
            )
    for key in ("issuer_uri", "sso_target_uri"):
        value = inputs.get(key)
        if isinstance(value, str) and value.strip() and "://" not in value:
            problems.append(
                (key, f"{key} must be an absolute URI such as https://www.genesys.com/pureengage")
            )
    for key in _FLAGS:
        value = inputs.get(key)
        if not is_unknown(value) and not isinstance(value, bool):
            problems.append((key, f"{key} must be true or false, not {value!r}"))
    return inputs, problems


def _body(props: Mapping[str, Any]) -> dict[str, Any]:
    return {wire: props[key] for key, wire in FIELDS.items() if props.get(key) is not None}


def _live(doc: Mapping[str, Any]) -> dict[str, Any]:
    live = {key: doc.get(wire) for key, wire in FIELDS.items()}
    if isinstance(live["certificate"], str):
        # A certificate that does not parse is shown as it is: drift the next `up` puts right.
        with contextlib.suppress(ValueError):
            live["certificate"] = certificate_body(live["certificate"])
    for key in _FLAGS:
        live[key] = bool(live[key])
    return live


class PureEngageIdentityProviderProvider(GenesysDynamicProvider):
    """Import path `gcx.dynamic.identity_provider.PureEngageIdentityProviderProvider` is stored in
    state: keep it."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs, problems = _normalized(news)
        return checked(inputs, problems)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return diff_inputs(olds, news, update=tuple(FIELDS), delete_before_replace=True)

    def _put(self, props: dict[str, Any]) -> dict[str, Any]:
        client_for(props).put(PATH, json=_body(props))
        return dict(props)

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(ID, self._put(props))

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        if any(olds.get(key) != news.get(key) for key in FIELDS):
            return UpdateResult(self._put(news))
        return UpdateResult(dict(news))  # new credentials only: nothing to send

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        doc = client_for(props).get_or_none(PATH, retry_not_found=False)
        if doc is None:
            return ReadResult("", {})
        return ReadResult(id_ or ID, {**props, **_live(doc)})

    def delete(self, _id: str, props: dict[str, Any]) -> None:
        try:
            client_for(props).delete(PATH)
        except ApiError as exc:
            if not exc.is_not_found:
                raise


class PureEngageIdentityProvider(pulumi.dynamic.Resource, module="gcx", name="PureEngageIdentityProvider"):
    """The org's PureEngage identity provider (see the module docstring)."""

    connection: pulumi.Output[dict[str, Any]]
    certificate: pulumi.Output[str]
    issuer_uri: pulumi.Output[str]
    sso_target_uri: pulumi.Output[str]
    display_name: pulumi.Output[str]
    auto_provision_users: pulumi.Output[bool]
    disabled: pulumi.Output[bool]

    def __init__(
        self,
        name: str,
        *,
        connection: GenesysConnectionArgs,
        certificate: pulumi.Input[str],
        issuer_uri: pulumi.Input[str],
        sso_target_uri: pulumi.Input[str],
        display_name: pulumi.Input[str] = "Genesys Multicloud CX",
        auto_provision_users: pulumi.Input[bool] = True,
        disabled: pulumi.Input[bool] = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = {
            "connection": connection.to_input(),
            "certificate": certificate,
            "issuer_uri": issuer_uri,
            "sso_target_uri": sso_target_uri,
            "display_name": display_name,
            "auto_provision_users": auto_provision_users,
            "disabled": disabled,
        }
        super().__init__(PureEngageIdentityProviderProvider(), name, props, opts)
