"""Provider configuration: env fallbacks, region validation, gateway parsing, diff_config."""

import json
from datetime import timedelta

import pytest
from pulumi.output import Unknown

from gcx.engine.plugin import DiffKind
from gcx.provider.config import (
    ProviderConfigError,
    check_provider_config,
    diff_provider_config,
    parse_duration,
    parse_provider_config,
)

CREDENTIALS = {"oauthclientId": "client", "oauthclientSecret": "s3cret"}


def failures(config: dict, env: dict | None = None) -> dict[str, str]:
    return {f.property: f.reason for f in check_provider_config(config, env or {}).failures}


def test_defaults_match_the_terraform_provider() -> None:
    config = parse_provider_config(CREDENTIALS, {})
    assert config.region.aws_region == "us-east-1"
    assert config.token_pool_size == 10
    assert config.custom_retry_timeout == timedelta(minutes=5)
    assert config.token_init_timeout == timedelta(minutes=10)
    assert (config.sdk_debug, config.sdk_debug_format, config.max_concurrent_pages) == (False, "Text", 1)
    assert config.gateway is None


def test_environment_variables_fill_unset_keys() -> None:
    env = {
        "GENESYSCLOUD_OAUTHCLIENT_ID": "env-client",
        "GENESYSCLOUD_OAUTHCLIENT_SECRET": "env-secret",
        "GENESYSCLOUD_REGION": "eu-west-1",
        "GENESYSCLOUD_TOKEN_POOL_SIZE": "3",
        "GENESYSCLOUD_CUSTOM_RETRY_TIMEOUT": "0s",
        "GENESYSCLOUD_SDK_DEBUG": "true",
    }
    config = parse_provider_config({}, env)
    assert (config.oauthclient_id, config.oauthclient_secret) == ("env-client", "env-secret")
    assert config.region.domain == "mypurecloud.ie"
    assert config.token_pool_size == 3
    assert config.custom_retry_timeout == timedelta(0)
    assert config.sdk_debug is True


def test_explicit_values_win_over_the_environment() -> None:
    config = parse_provider_config({**CREDENTIALS, "tokenPoolSize": 7}, {"GENESYSCLOUD_TOKEN_POOL_SIZE": "3"})
    assert config.token_pool_size == 7


def test_environment_values_are_validated_and_named() -> None:
    found = failures(CREDENTIALS, {"GENESYSCLOUD_TOKEN_POOL_SIZE": "99"})
    assert found["tokenPoolSize"].startswith(
        "tokenPoolSize (from GENESYSCLOUD_TOKEN_POOL_SIZE) must be between 1 and 50"
    )


def test_pulumi_provider_properties_are_not_settings() -> None:
    news = {**CREDENTIALS, "version": "1.84.1", "pluginDownloadURL": "", "__internal": {}}
    assert failures(news) == {}
    assert diff_provider_config(CREDENTIALS, news, {}).changes is False


def test_environment_secrets_never_reach_the_checked_inputs() -> None:
    result = check_provider_config(
        {}, {"GENESYSCLOUD_ACCESS_TOKEN": "tok", "GENESYSCLOUD_OAUTHCLIENT_SECRET": "s"}
    )
    assert result.failures == []
    assert result.inputs == {}


def test_unknown_region_lists_the_valid_ones() -> None:
    reason = failures({**CREDENTIALS, "awsRegion": "mars-north-1"})["awsRegion"]
    assert reason.startswith("awsRegion unknown Genesys Cloud region 'mars-north-1'; use one of: us-east-1,")
    assert "eu-west-1" in reason and "ap-southeast-2" in reason


def test_regions_are_matched_ignoring_case() -> None:
    assert (
        parse_provider_config({**CREDENTIALS, "awsRegion": "AP-SouthEast-2"}, {}).region.domain
        == "mypurecloud.com.au"
    )


@pytest.mark.parametrize(
    ("config", "field"),
    [
        ({}, "oauthclientId"),
        ({"oauthclientId": "c"}, "oauthclientSecret"),
        ({"oauthclientSecret": "s"}, "oauthclientId"),
    ],
)
def test_some_credentials_are_required(config: dict, field: str) -> None:
    assert list(failures(config)) == [field]


def test_an_access_token_is_enough_and_unknown_credentials_are_tolerated() -> None:
    assert failures({"accessToken": "t"}) == {}
    assert (
        failures({"oauthclientId": Unknown(), "oauthclientSecret": Unknown(), "awsRegion": Unknown()}) == {}
    )


def test_secrets_are_not_echoed_in_failures() -> None:
    result = check_provider_config({"oauthclientId": "c", "oauthclientSecret": 12345}, {})
    assert all("12345" not in f.reason for f in result.failures)
    assert [f.property for f in result.failures] == ["oauthclientSecret"]


GATEWAY_TF_SHAPE = [
    {
        "host": "localhost",
        "port": "8080",
        "protocol": "http",
        "path_params": [
            {"path_name": "api", "path_value": "/emulator/"},
            {"path_name": "login", "path_value": "login"},
        ],
        "auth": [{"username": "u", "password": "p"}],
    }
]


def test_gateway_from_stack_config_in_terraform_shape() -> None:
    stack = {"genesyscloud:accessToken": "t", "genesyscloud:gateway": json.dumps(GATEWAY_TF_SHAPE)}
    config = parse_provider_config(stack, {})
    assert config.gateway is not None
    assert config.gateway.path_params == {"api": "/emulator/", "login": "login"}
    assert (config.gateway.username, config.gateway.password) == ("u", "p")
    assert config.api_base_url == "http://localhost:8080/emulator"
    assert config.login_base_url == "http://localhost:8080/login"


def test_gateway_from_provider_inputs_json_encoded_by_the_sdk() -> None:
    gateways = [
        {
            "host": "emu",
            "port": "443",
            "protocol": "https",
            "pathParams": [{"pathName": "api", "pathValue": ""}],
        }
    ]
    config = parse_provider_config(
        {"accessToken": "t", "gateways": json.dumps(gateways), "tokenPoolSize": "2"}, {}
    )
    assert config.api_base_url == "https://emu"  # 443 is left out, an empty path adds nothing
    assert config.token_pool_size == 2


def test_gateway_fields_missing_from_the_block_come_from_the_environment() -> None:
    env = {"GENESYSCLOUD_GATEWAY_PORT": "9000", "GENESYSCLOUD_GATEWAY_PROTOCOL": "http"}
    config = parse_provider_config({"accessToken": "t", "gateways": [{"host": "h"}]}, env)
    assert config.api_base_url == "http://h:9000"


def test_a_gateway_can_come_from_the_environment_alone() -> None:
    env = {
        "GENESYSCLOUD_ACCESS_TOKEN": "t",
        "GENESYSCLOUD_GATEWAY_HOST": "127.0.0.1",
        "GENESYSCLOUD_GATEWAY_PORT": "5050",
        "GENESYSCLOUD_GATEWAY_PROTOCOL": "http",
        "GENESYSCLOUD_GATEWAY_PATH_NAME": "api",
        "GENESYSCLOUD_GATEWAY_PATH_VALUE": "v",
    }
    assert parse_provider_config({}, env).api_base_url == "http://127.0.0.1:5050/v"


def test_region_hosts_are_used_without_a_gateway() -> None:
    config = parse_provider_config({**CREDENTIALS, "awsRegion": "eu-central-1"}, {})
    assert (config.api_base_url, config.login_base_url) == (
        "https://api.mypurecloud.de",
        "https://login.mypurecloud.de",
    )


def test_bad_gateway_keys_are_named() -> None:
    found = failures({"accessToken": "t", "gateways": [{"hots": "typo"}]})
    assert list(found) == ["gateways[0].hots"]


def test_parse_refuses_invalid_config_with_every_reason() -> None:
    with pytest.raises(ProviderConfigError) as caught:
        parse_provider_config({"awsRegion": "nowhere", "customRetryTimeout": "5 minutes"}, {})
    assert {f.property for f in caught.value.failures} == {"awsRegion", "customRetryTimeout", "oauthclientId"}


@pytest.mark.parametrize(
    ("text", "seconds"), [("0", 0), ("0s", 0), ("5m", 300), ("1h30m", 5400), ("250ms", 0.25), ("1.5h", 5400)]
)
def test_durations_parse_like_go(text: str, seconds: float) -> None:
    assert parse_duration(text).total_seconds() == seconds


def test_a_region_change_replaces_the_provider() -> None:
    result = diff_provider_config(
        {**CREDENTIALS, "awsRegion": "eu-west-1"}, {**CREDENTIALS, "awsRegion": "us-east-1"}, {}
    )
    assert result.replaces == ["awsRegion"]
    assert result.detailed_diff == {"awsRegion": DiffKind.UPDATE_REPLACE}


def test_credential_rotation_is_an_update_and_case_or_env_do_not_count_as_region_changes() -> None:
    result = diff_provider_config(
        {"awsRegion": "eu-west-1", "oauthclientSecret": "old"},
        {"awsRegion": "EU-WEST-1", "oauthclientSecret": "new"},
        {},
    )
    assert result.replaces == [] and result.detailed_diff == {"oauthclientSecret": DiffKind.UPDATE}
    same = diff_provider_config({}, {"awsRegion": "eu-west-1"}, {"GENESYSCLOUD_REGION": "eu-west-1"})
    assert same.changes is False


def test_json_encoded_and_plain_values_compare_equal() -> None:
    assert diff_provider_config({"tokenPoolSize": 5}, {"tokenPoolSize": "5"}, {}).changes is False
