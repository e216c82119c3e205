"""The generated SDK registers what pulumi_genesyscloud would: tokens, wire names, secrets, package."""

import base64
import json

import pulumi
import pytest

from gcx import sdk as genesyscloud
from tests.sdk.conftest import PACKAGE_REF, RecordingMonitor

pytestmark = pytest.mark.xdist_group("pulumi_runtime")

SECRET_SIG = "4dabf18193072939515e22adb298388d"


def resolved(*outputs: pulumi.Output) -> pulumi.Output:
    return pulumi.Output.all(*outputs)


@pulumi.runtime.test
def test_oauth_client_token_wire_names_secret_outputs_and_package(monitor: RecordingMonitor) -> pulumi.Output:
    client = genesyscloud.OauthClient(
        "crm",
        name="CRM",
        authorized_grant_type="CLIENT-CREDENTIALS",
        access_token_validity_seconds=600,
        roles=[genesyscloud.OauthClientRoleArgs(role_id="role-1", division_id="*")],
    )

    def verify(values: list) -> None:
        client_id, secret, roles = values
        registration = monitor.registered("genesyscloud:index/oauthClient:OauthClient")
        assert registration.name == "crm"
        assert registration.inputs == {
            "name": "CRM",
            "authorizedGrantType": "CLIENT-CREDENTIALS",
            "accessTokenValiditySeconds": 600.0,
            "roles": [{"roleId": "role-1", "divisionId": "*"}],
        }
        assert registration.additional_secret_outputs == ["clientSecret"]
        assert registration.package_ref == PACKAGE_REF
        assert (client_id, secret) == ("client-1", "from-create")
        assert isinstance(roles[0], genesyscloud.outputs.OauthClientRole)
        assert roles[0].role_id == "role-1"

    return resolved(client.client_id, client.client_secret, client.roles).apply(verify)


@pulumi.runtime.test
def test_the_package_is_registered_as_a_parameterized_terraform_provider(
    monitor: RecordingMonitor,
) -> pulumi.Output:
    skill = genesyscloud.RoutingSkill("skill", name="Billing")

    def verify(_: object) -> None:
        assert [p.name for p in monitor.packages][:1] == ["terraform-provider"]
        parameterization = monitor.packages[0].parameterization
        assert (parameterization.name, parameterization.version) == ("genesyscloud", "1.84.1")
        assert json.loads(parameterization.value) == {
            "remote": {"url": "registry.opentofu.org/mypurecloud/genesyscloud", "version": "1.84.1"}
        }
        assert base64.b64decode(genesyscloud._utilities.PARAMETER_BASE64) == parameterization.value

    return skill.urn.apply(verify)


@pulumi.runtime.test
def test_max_items_one_blocks_are_single_objects(monitor: RecordingMonitor) -> pulumi.Output:
    app = genesyscloud.Integration(
        "app",
        integration_type="embedded-client-app",
        intended_state="ENABLED",
        config=genesyscloud.IntegrationConfigArgs(name="Custom app", properties='{"url": "https://x"}'),
    )

    def verify(config: genesyscloud.outputs.IntegrationConfig) -> None:
        registration = monitor.registered("genesyscloud:index/integration:Integration")
        assert registration.inputs["config"] == {"name": "Custom app", "properties": '{"url": "https://x"}'}
        assert registration.inputs["integrationType"] == "embedded-client-app"
        assert isinstance(config, genesyscloud.outputs.IntegrationConfig)
        assert config.name == "Custom app"

    return app.config.apply(verify)


@pulumi.runtime.test
def test_sensitive_inputs_are_sent_as_secrets(monitor: RecordingMonitor) -> pulumi.Output:
    user = genesyscloud.User("agent", email="a@example.com", name="Agent", password="Pa55word!")
    credential = genesyscloud.IntegrationCredential(
        "basic", credential_type_name="basicAuth", fields={"userName": "u", "password": "p"}
    )

    def verify(_: object) -> None:
        user_inputs = monitor.registered("genesyscloud:index/user:User").inputs
        assert user_inputs["password"][SECRET_SIG] and user_inputs["password"]["value"] == "Pa55word!"
        fields = monitor.registered("genesyscloud:index/integrationCredential:IntegrationCredential")
        assert fields.inputs["fields"]["value"] == {"userName": "u", "password": "p"}
        assert fields.additional_secret_outputs == ["fields"]

    return resolved(user.urn, credential.urn).apply(verify)


@pulumi.runtime.test
def test_provider_takes_terraform_config_with_non_strings_json_encoded(
    monitor: RecordingMonitor,
) -> pulumi.Output:
    org = genesyscloud.Provider(
        "tenant-a",
        aws_region="eu-west-1",
        oauthclient_id="client",
        oauthclient_secret="s3cret",
        token_pool_size=3,
        gateways=[
            genesyscloud.ProviderGatewayArgs(
                host="localhost",
                port="8080",
                protocol="http",
                path_params=[genesyscloud.ProviderGatewayPathParamArgs(path_name="api", path_value="api")],
            )
        ],
    )
    queue = genesyscloud.RoutingQueue("queue", name="Support", opts=pulumi.ResourceOptions(provider=org))

    def verify(_: object) -> None:
        registration = monitor.registered("pulumi:providers:genesyscloud")
        inputs = registration.inputs
        assert (inputs["awsRegion"], inputs["oauthclientId"], inputs["tokenPoolSize"]) == (
            "eu-west-1",
            "client",
            "3",
        )
        assert inputs["oauthclientSecret"] == {
            SECRET_SIG: "1b47061264138c4ac30d75fd1eb44270",
            "value": "s3cret",
        }
        gateways = json.loads(inputs["gateways"]["value"])  # secret: the block can hold a password
        assert gateways == [
            {
                "host": "localhost",
                "port": "8080",
                "protocol": "http",
                "pathParams": [{"pathName": "api", "pathValue": "api"}],
            }
        ]
        assert set(registration.additional_secret_outputs) == {
            "accessToken",
            "gateways",
            "oauthclientSecret",
            "proxy",
        }
        assert registration.package_ref == PACKAGE_REF
        # The mock monitor puts the Stack type in URNs; only the provider reference shape matters.
        provider_ref = monitor.registered("genesyscloud:index/routingQueue:RoutingQueue").provider
        assert provider_ref.endswith("pulumi:providers:genesyscloud::tenant-a::tenant-a-id")

    return queue.urn.apply(verify)


@pulumi.runtime.test
def test_data_sources_invoke_their_token_with_the_package(monitor: RecordingMonitor) -> pulumi.Output:
    role = genesyscloud.get_auth_role(name="employee")
    assert isinstance(role, genesyscloud.AwaitableGetAuthRoleResult)
    assert (role.id, role.name) == ("looked-up", "employee")
    home = genesyscloud.get_auth_division_home_output()

    def verify(result: genesyscloud.GetAuthDivisionHomeResult) -> None:
        assert result.id == "looked-up"
        assert monitor.invokes == [
            ("genesyscloud:index/getAuthRole:getAuthRole", PACKAGE_REF),
            ("genesyscloud:index/getAuthDivisionHome:getAuthDivisionHome", PACKAGE_REF),
        ]

    return home.apply(verify)


@pulumi.runtime.test
def test_an_args_object_registers_the_same_as_keywords(monitor: RecordingMonitor) -> pulumi.Output:
    group = genesyscloud.Group("ops", genesyscloud.GroupArgs(name="Ops", type="official", member_ids=["u1"]))

    def verify(_: object) -> None:
        inputs = monitor.registered("genesyscloud:index/group:Group").inputs
        assert inputs == {"name": "Ops", "type": "official", "memberIds": ["u1"]}

    return group.urn.apply(verify)


def test_arguments_are_keyword_only_and_required_ones_are_checked(monitor: RecordingMonitor) -> None:
    with pytest.raises(TypeError):
        genesyscloud.RoutingSkill("skill", None, "positional-name")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="Missing required property 'integration_type'"):
        genesyscloud.Integration("app")


def test_type_tokens_and_nested_names_follow_the_bridge() -> None:
    assert pulumi.get_type_token(genesyscloud.AuthRole) == "genesyscloud:index/authRole:AuthRole"
    assert pulumi.get_type_token(genesyscloud.Provider) == "pulumi:providers:genesyscloud"
    policy = genesyscloud.AuthRolePermissionPolicyArgs(
        domain="directory", entity_name="user", action_sets=["view"]
    )
    assert (
        pulumi.runtime.to_json(policy)
        == '{"actionSets": ["view"], "domain": "directory", "entityName": "user"}'
    )


def test_config_module_reads_typed_stack_config(monitor: RecordingMonitor) -> None:
    pulumi.runtime.set_all_config(
        {
            "genesyscloud:awsRegion": "eu-west-1",
            "genesyscloud:tokenPoolSize": "4",
            "genesyscloud:sdkDebug": "true",
        }
    )
    try:
        config = genesyscloud.config
        assert (config.aws_region, config.token_pool_size, config.sdk_debug) == ("eu-west-1", 4, True)
        assert config.access_token is None
    finally:
        pulumi.runtime.set_all_config({})
