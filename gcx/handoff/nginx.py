"""Render the nginx reverse proxy that lets Genesys Cloud use PureConnect (CIC) as its SAML IdP.

Facts (seed 001, "Configure PureConnect environment"): Genesys Cloud's generic SSO provider
points at the customer's proxy, ``https://<host>[:<port>]/<path>/ICNotifierIDP/login?loginType=saml``
(target URI) with issuer ``https://<host>``. The proxy balances over the CIC switchover pair with
`ip_hash` (sticky sessions without nginx Plus), always on port 8043 where CIC's STS subsystem
listens, terminates TLS with a certificate the agents' browsers trust, tells CIC the public base
URL in the ``ININ-REMAP-BASE-URL`` header (so SAML redirects keep the friendly path), strips the
friendly path, and forwards ``Host`` and ``X-Forwarded-For``.

`PureConnectProxy` is the model (camelCase keys, as the stack outputs hold it) and
`render_nginx` the pure renderer. Every value that lands in the file is checked to be a plain
host name, path segment or file path, so no input can smuggle in an nginx directive.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel

__all__ = [
    "IDP_LOGIN_PATH",
    "STS_PORT",
    "UPSTREAM_NAME",
    "PureConnectProxy",
    "render_nginx",
]

STS_PORT = 8043  # CIC's STS subsystem; the guide says the upstream port must be this one
IDP_LOGIN_PATH = "ICNotifierIDP/login?loginType=saml"  # what the CIC STS IdP expects after the path
UPSTREAM_NAME = "pureconnect_servers"
HTTPS_PORT = 443

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*$")
_IPV4 = re.compile(r"^(?:(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])$")
_SEGMENT = re.compile(r"^[A-Za-z0-9_-]+$")
# nginx would read these as syntax (`;` ends a directive, `{}` open blocks, `#` comments, `$` variables).
_UNSAFE_IN_PATH = re.compile(r"[\s;{}#$'\"\\]")


def _host(value: str) -> str:
    looks_numeric = all(label.isdigit() for label in value.split("."))
    valid = _IPV4.fullmatch(value) if looks_numeric else _HOST.fullmatch(value)
    if not valid:
        raise ValueError(
            f"{value!r} is not a host name or IPv4 address; give the bare name (no scheme, port or path), "
            "e.g. sso.example.com or 10.1.2.3"
        )
    return value


def _file_path(value: str) -> str:
    if not value or _UNSAFE_IN_PATH.search(value):
        raise ValueError(
            f"{value!r} cannot be written into nginx.conf; use a path without spaces, quotes, "
            "backslashes or ; { } # $ characters"
        )
    return value


Host = Annotated[str, AfterValidator(_host)]
FilePath = Annotated[str, AfterValidator(_file_path)]


class PureConnectProxy(BaseModel):
    """The customer's reverse proxy in front of the CIC switchover pair."""

    model_config = ConfigDict(frozen=True, extra="forbid", alias_generator=to_camel, populate_by_name=True)

    host: Host = Field(
        description="Public host name of the proxy (Genesys Cloud and the agents' browsers reach it)."
    )
    port: int = Field(HTTPS_PORT, ge=1, le=65535, description="Port the proxy listens on with TLS.")
    path: str = Field(
        "PureConnect",
        description="Friendly URL path in front of ICNotifierIDP (segments of letters, digits, _ and -).",
    )
    servers: tuple[Host, ...] = Field(
        min_length=1,
        max_length=2,
        description=f"The CIC servers of the switchover pair (host or IPv4; port {STS_PORT} is implied).",
    )
    certificate_path: FilePath = Field(
        description="Path on the proxy host of the TLS certificate the agents' browsers must trust."
    )
    certificate_key_path: FilePath = Field(description="Path on the proxy host of that certificate's key.")

    @field_validator("path")
    @classmethod
    def _friendly_path(cls, value: str) -> str:
        trimmed = value.strip("/")
        if not trimmed or not all(_SEGMENT.fullmatch(s) for s in trimmed.split("/")):
            raise ValueError(
                f"path {value!r} must be one or more segments of letters, digits, _ and - "
                "separated by /, e.g. PureConnect"
            )
        return trimmed

    @field_validator("servers")
    @classmethod
    def _distinct_servers(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len({s.lower() for s in value}) != len(value):
            raise ValueError("servers lists the same CIC server twice; list each switchover server once")
        return value

    @property
    def issuer_uri(self) -> str:
        """The Genesys Cloud SSO "Provider's Issuer URI": the proxy's host, as nginx forwards it."""
        return f"https://{self.host}"

    @property
    def base_url(self) -> str:
        """What the proxy tells CIC its public base is (the remap header's value)."""
        port = "" if self.port == HTTPS_PORT else f":{self.port}"
        return f"https://{self.host}{port}/{self.path}"

    @property
    def target_uri(self) -> str:
        """The Genesys Cloud SSO "Target URI"."""
        return f"{self.base_url}/{IDP_LOGIN_PATH}"


def render_nginx(proxy: PureConnectProxy) -> str:
    """The complete nginx.conf for `proxy`."""
    servers = "\n".join(f"        server {server}:{STS_PORT};" for server in proxy.servers)
    path = proxy.path
    return f"""\
# nginx reverse proxy: PureConnect (CIC) as the single sign-on identity provider of Genesys Cloud.
# Rendered by `gcx pureconnect nginx`; change the stack config and render again instead of editing.
#
# Genesys Cloud generic SSO provider settings that must match this file:
#   Provider's Issuer URI: {proxy.issuer_uri}
#   Target URI:            {proxy.target_uri}

events {{
    worker_connections 1024;
}}

http {{
    # The CIC switchover pair. Only the primary answers; CIC's STS subsystem listens on {STS_PORT}.
    # ip_hash keeps a browser on one server for the whole SAML exchange.
    upstream {UPSTREAM_NAME} {{
        ip_hash;
{servers}
    }}

    server {{
        listen {proxy.port} ssl;
        server_name {proxy.host};

        # Presented to Genesys Cloud and to the agents' browsers, which must trust it.
        ssl_certificate     {proxy.certificate_path};
        ssl_certificate_key {proxy.certificate_key_path};

        location /{path}/ {{
            # CIC builds its SAML redirects from this base, so they keep the /{path} prefix.
            if ($http_inin_remap_base_url !~ .+) {{
                set $http_inin_remap_base_url $scheme://$http_host/{path};
            }}
            # CIC serves ICNotifierIDP at its root: drop the friendly prefix.
            rewrite ^/{path}/(.*)$ /$1 break;

            proxy_set_header ININ-REMAP-BASE-URL $http_inin_remap_base_url;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header Host $host;
            proxy_pass https://{UPSTREAM_NAME};
        }}
    }}
}}
"""
