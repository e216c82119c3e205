"""Provider configuration for ``genesyscloud``, read exactly as the Terraform provider reads it.

Values arrive in two forms and both are accepted:

- explicit `Provider` resource inputs: camelCase wire names; the generated SDK sends non-string
  values JSON-encoded (``"10"``, ``"true"``, ``'[{"host": ...}]'``), plain values work too;
- stack config ``genesyscloud:*`` keys: strings, under camelCase or Terraform snake_case names
  (``gateway`` as well as ``gateways``), with or without the ``genesyscloud:`` prefix.

Unset keys fall back to their ``GENESYSCLOUD_*`` environment variable, then to the Terraform
default. Environment values are used for validation and for the parsed `ProviderConfig`, never
copied into the checked inputs (they would land in state, secrets included). Validation reuses
`gcx.provider.check` on the provider schema, plus the region table (`gcx.regions`) and the rule
that some credentials must be given.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from gcx.engine.plugin import CheckFailure, CheckResult, DiffKind, DiffResult, is_unknown
from gcx.provider.check import check_block
from gcx.provider.diff import diff_block
from gcx.provider.schema import Attr, Block, Scalar
from gcx.provider.schemas.provider import PROVIDER
from gcx.regions import REGIONS, Region, UnknownRegionError, get_region

__all__ = [
    "Gateway",
    "ProviderConfig",
    "ProviderConfigError",
    "Proxy",
    "check_provider_config",
    "diff_provider_config",
    "parse_duration",
    "parse_provider_config",
]

DEFAULT_REGION = "us-east-1"  # the Genesys SDKs' default base path is api.mypurecloud.com
_CONFIG_PREFIX = f"{PROVIDER.package}:"
# Properties Pulumi itself puts on every provider resource; they are not provider settings.
_PULUMI_PROVIDER_KEYS = frozenset({"version", "pluginDownloadURL"})
_GO_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_GO_FALSE = {"0", "f", "F", "FALSE", "false", "False"}
_DURATION_UNITS = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "m": 60.0,
    "h": 3600.0,
}


class ProviderConfigError(ValueError):
    """The configuration cannot be used; `failures` name each key and the fix."""

    def __init__(self, failures: list[CheckFailure]) -> None:
        self.failures = failures
        super().__init__("; ".join(f.reason for f in failures))


def parse_duration(text: str) -> timedelta:
    """Go's ``time.ParseDuration`` for unsigned values: ``5m``, ``1h30m``, ``0``, ``250ms``."""
    if text == "0":
        return timedelta(0)
    parts = re.findall(r"([0-9]*\.?[0-9]+|[0-9]+\.)(ns|us|µs|ms|s|m|h)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"{text!r} is not a duration such as 30s, 5m or 1h30m")
    return timedelta(seconds=sum(float(n) * _DURATION_UNITS[u] for n, u in parts))


# --- the parsed configuration ---------------------------------------------------------------------


@dataclass(frozen=True)
class Gateway:
    """Where API and login calls go instead of the region's hosts (e.g. the emulator)."""

    host: str
    port: str = ""
    protocol: str = "https"
    path_params: dict[str, str] = field(default_factory=dict)  # "api"/"login" -> path prefix
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    def base_url(self, path_name: str) -> str:
        """``protocol://host[:port]/<path for path_name>``; the port is left out when 80 or 443."""
        port = "" if self.port in ("", "80", "443") else f":{self.port}"
        prefix = self.path_params.get(path_name, "").strip("/")
        return f"{self.protocol}://{self.host}{port}" + (f"/{prefix}" if prefix else "")


@dataclass(frozen=True)
class Proxy:
    host: str
    port: str = ""
    protocol: str = "http"
    username: str | None = None
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ProviderConfig:
    region: Region
    access_token: str | None = field(default=None, repr=False)
    oauthclient_id: str | None = None
    oauthclient_secret: str | None = field(default=None, repr=False)
    gateway: Gateway | None = None
    proxy: Proxy | None = None
    token_pool_size: int = 10
    token_acquire_timeout: timedelta = timedelta(minutes=5)
    token_init_timeout: timedelta = timedelta(minutes=10)
    max_concurrent_pages: int = 1
    custom_retry_timeout: timedelta = timedelta(minutes=5)
    sdk_debug: bool = False
    sdk_debug_format: str = "Text"
    sdk_debug_file_path: str = "sdk_debug.log"
    sdk_client_pool_debug: bool = False
    log_stack_traces: bool = False
    log_stack_traces_file_path: str = "genesyscloud_stack_traces.log"

    @property
    def api_base_url(self) -> str:
        return self.gateway.base_url("api") if self.gateway else self.region.api_base_url

    @property
    def login_base_url(self) -> str:
        return self.gateway.base_url("login") if self.gateway else self.region.login_base_url


# --- reading raw values ---------------------------------------------------------------------------


_BY_NAME: dict[str, Attr] = {
    **{a.tf_name: a for a in PROVIDER.block},
    **{a.wire_name: a for a in PROVIDER.block},
}


def _wire_keys(block: Block, value: Any) -> Any:
    """Nested keys renamed to wire names (stack config may use Terraform's ``path_params``)."""
    if not isinstance(value, Mapping):
        return value
    result: dict[str, Any] = {}
    for key, item in value.items():
        attr = block.by_wire(key) or next((a for a in block.attrs if a.tf_name == key), None)
        if attr is None:
            result[key] = item
            continue
        if attr.block is not None and attr.single:
            if isinstance(item, list) and len(item) == 1:
                item = item[0]  # Terraform's shape of a MaxItems-1 block
            item = _wire_keys(attr.block, item)
        elif attr.block is not None and isinstance(item, list):
            item = [_wire_keys(attr.block, element) for element in item]
        result[attr.wire_name] = item
    return result


def _decode(attr: Attr, value: Any) -> Any:
    """A config string turned into the attribute's type (left alone when it does not parse, so
    that `check` reports it against the attribute)."""
    if not isinstance(value, str) or (attr.element is Scalar.STRING and attr.collection is None):
        return value
    if attr.element is Scalar.BOOL and attr.collection is None:
        return True if value in _GO_TRUE else False if value in _GO_FALSE else value
    try:
        decoded = json.loads(value)
    except json.JSONDecodeError:
        return value
    if attr.plural and isinstance(decoded, Mapping):
        decoded = [decoded]
    return decoded


def normalize(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Wire-named, typed config from provider inputs or stack config (no environment applied)."""
    result: dict[str, Any] = {}
    for key, value in raw.items():
        name = key.removeprefix(_CONFIG_PREFIX)
        attr = _BY_NAME.get(name)
        if name in _PULUMI_PROVIDER_KEYS or name.startswith("__"):
            continue
        if attr is None:
            result[name] = value  # reported by check as an unknown key
        elif value is not None:
            result[attr.wire_name] = _decode(attr, value)
    return _wire_keys(PROVIDER.block, result)


def _from_env(attr: Attr, env: Mapping[str, str]) -> Any:
    text = env.get(attr.env) if attr.env else None
    return None if text is None else _decode(attr, text)


def _fill_block_from_env(block: Block, value: Mapping[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    result = dict(value)
    for attr in block.attrs:
        if result.get(attr.wire_name) is None:
            from_env = _from_env(attr, env)
            if from_env is not None:
                result[attr.wire_name] = from_env
        elif attr.block is not None and attr.single and isinstance(result[attr.wire_name], Mapping):
            result[attr.wire_name] = _fill_block_from_env(attr.block, result[attr.wire_name], env)
        elif attr.block is not None and attr.plural and isinstance(result[attr.wire_name], list):
            result[attr.wire_name] = [
                _fill_block_from_env(attr.block, item, env) if isinstance(item, Mapping) else item
                for item in result[attr.wire_name]
            ]
    return result


def _gateway_from_env(env: Mapping[str, str]) -> dict[str, Any] | None:
    """A gateway built from environment variables alone (Terraform needs a declared block; here
    ``GENESYSCLOUD_GATEWAY_HOST`` is enough, so a stack can be pointed at an emulator from CI)."""
    gateway_attr = PROVIDER.block.by_tf("gateway")
    assert gateway_attr.block is not None
    if not env.get(gateway_attr.block.by_tf("host").env):
        return None
    gateway = _fill_block_from_env(gateway_attr.block, {}, env)
    path_param = _fill_block_from_env(gateway_attr.block.by_tf("path_params").block, {}, env)  # type: ignore[arg-type]
    if len(path_param) == 2:
        gateway[gateway_attr.block.by_tf("path_params").wire_name] = [path_param]
    return gateway


def with_environment(
    config: Mapping[str, Any], env: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """`config` with unset keys taken from the environment; also returns wire name -> env var used."""
    result = _fill_block_from_env(PROVIDER.block, config, env)
    used = {a.wire_name: a.env for a in PROVIDER.block if a.wire_name not in config and a.wire_name in result}
    gateways = PROVIDER.block.by_tf("gateway").wire_name
    if gateways not in result:
        from_env = _gateway_from_env(env)
        if from_env is not None:
            result[gateways] = [from_env]
            used[gateways] = "GENESYSCLOUD_GATEWAY_*"
    return result, used


# --- validation -----------------------------------------------------------------------------------


def _region_failure(value: Any) -> CheckFailure | None:
    if value is None or is_unknown(value):
        return None
    try:
        get_region(str(value).lower())
    except UnknownRegionError as exc:
        return CheckFailure("awsRegion", f"awsRegion {exc}")
    return None


def _credential_failures(config: Mapping[str, Any]) -> list[CheckFailure]:
    def given(name: str) -> bool:
        return config.get(name) not in (None, "")

    if given("accessToken"):
        return []
    if given("oauthclientId") and not given("oauthclientSecret"):
        return [
            CheckFailure(
                "oauthclientSecret",
                "oauthclientSecret is required with oauthclientId; set it (as a secret) or "
                "GENESYSCLOUD_OAUTHCLIENT_SECRET",
            )
        ]
    if given("oauthclientSecret") and not given("oauthclientId"):
        return [
            CheckFailure(
                "oauthclientId",
                "oauthclientId is required with oauthclientSecret; set it or GENESYSCLOUD_OAUTHCLIENT_ID",
            )
        ]
    if not given("oauthclientId"):
        return [
            CheckFailure(
                "oauthclientId",
                "no credentials: set oauthclientId and oauthclientSecret (or GENESYSCLOUD_OAUTHCLIENT_ID and "
                "GENESYSCLOUD_OAUTHCLIENT_SECRET), or accessToken (GENESYSCLOUD_ACCESS_TOKEN)",
            )
        ]
    return []


def _validate(raw: Mapping[str, Any], env: Mapping[str, str]) -> tuple[dict[str, Any], list[CheckFailure]]:
    config, used = with_environment(normalize(raw), env)
    checked = check_block(PROVIDER.block, config, owner="the genesyscloud provider")
    failures = []
    for failure in checked.failures:
        root = re.split(r"[.\[]", failure.property, maxsplit=1)[0]
        if root in used:
            reason = failure.reason.replace(failure.property, f"{failure.property} (from {used[root]})", 1)
            failure = CheckFailure(failure.property, reason)
        failures.append(failure)
    region_problem = _region_failure(config.get("awsRegion"))
    if region_problem is not None:
        failures.append(region_problem)
    failures.extend(_credential_failures(config))
    return checked.inputs, failures


def check_provider_config(news: Mapping[str, Any], env: Mapping[str, str] | None = None) -> CheckResult:
    """`check_config`: the inputs come back as given; failures say which key to fix and how."""
    _, failures = _validate(news, os.environ if env is None else env)
    return CheckResult(inputs=dict(news), failures=failures)


def parse_provider_config(raw: Mapping[str, Any], env: Mapping[str, str] | None = None) -> ProviderConfig:
    """The usable configuration, or `ProviderConfigError` listing every problem."""
    config, failures = _validate(raw, os.environ if env is None else env)
    if failures:
        raise ProviderConfigError(failures)
    gateway = _first(config.get("gateways"))
    proxy = config.get("proxy")
    return ProviderConfig(
        region=REGIONS[str(config.get("awsRegion") or DEFAULT_REGION).lower()],
        access_token=config.get("accessToken") or None,
        oauthclient_id=config.get("oauthclientId") or None,
        oauthclient_secret=config.get("oauthclientSecret") or None,
        gateway=_gateway(gateway) if gateway else None,
        proxy=_proxy(proxy) if proxy else None,
        token_pool_size=config["tokenPoolSize"],
        token_acquire_timeout=parse_duration(config["tokenAcquireTimeout"]),
        token_init_timeout=parse_duration(config["tokenInitTimeout"]),
        max_concurrent_pages=config["maxConcurrentPages"],
        custom_retry_timeout=parse_duration(config["customRetryTimeout"]),
        sdk_debug=config["sdkDebug"],
        sdk_debug_format=config["sdkDebugFormat"],
        sdk_debug_file_path=config["sdkDebugFilePath"],
        sdk_client_pool_debug=config["sdkClientPoolDebug"],
        log_stack_traces=config["logStackTraces"],
        log_stack_traces_file_path=config["logStackTracesFilePath"],
    )


def _first(items: Any) -> Any:
    # Terraform's SDK keeps the last gateway of the set when several are given; a set has no order,
    # so the last one given is used here too.
    return items[-1] if isinstance(items, list) and items else None


def _endpoint(value: Mapping[str, Any], protocol: str) -> dict[str, Any]:
    """The fields gateways and proxies share, with the given default protocol."""
    auth = value.get("auth") or {}
    return {
        "host": value.get("host") or "",
        "port": value.get("port") or "",
        "protocol": value.get("protocol") or protocol,
        "username": auth.get("username"),
        "password": auth.get("password"),
    }


def _gateway(value: Mapping[str, Any]) -> Gateway:
    path_params = {p["pathName"]: p["pathValue"] for p in value.get("pathParams") or []}
    return Gateway(**_endpoint(value, "https"), path_params=path_params)


def _proxy(value: Mapping[str, Any]) -> Proxy:
    return Proxy(**_endpoint(value, "http"))


# --- diff -----------------------------------------------------------------------------------------


def _effective_region(config: Mapping[str, Any], env: Mapping[str, str]) -> Any:
    value = config.get("awsRegion") or env.get(PROVIDER.block.by_tf("aws_region").env) or DEFAULT_REGION
    return value if is_unknown(value) else str(value).lower()


def diff_provider_config(
    olds: Mapping[str, Any], news: Mapping[str, Any], env: Mapping[str, str] | None = None
) -> DiffResult:
    """`diff_config`: a different region means a different org, so the provider (and everything it
    manages) is replaced; any other change (credentials, gateway, pool size) is an update."""
    env = os.environ if env is None else env
    old, new = normalize(olds), normalize(news)
    detailed = diff_block(PROVIDER.block, old, new)
    region = PROVIDER.block.by_tf("aws_region").wire_name
    detailed.pop(region, None)
    old_region, new_region = _effective_region(old, env), _effective_region(new, env)
    if is_unknown(new_region) or old_region != new_region:
        detailed[region] = DiffKind.UPDATE_REPLACE
    return DiffResult(
        changes=bool(detailed),
        replaces=[region] if region in detailed else [],
        diffs=sorted({re.split(r"[.\[]", p, maxsplit=1)[0] for p in detailed}),
        detailed_diff=detailed,
    )
