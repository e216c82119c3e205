"""The bridge's naming rules, table-driven: plurals, singulars, wire/Python names, tokens, types."""

import pytest

from gcx.provider import naming
from gcx.provider.schema import OPTIONAL, Block, string, string_list
from gcx.provider.schemas import PROVIDER, RESOURCES, auth_role, user


@pytest.mark.parametrize(
    ("word", "plural"),
    [
        ("action_set", "action_sets"),
        ("gateway", "gateways"),
        ("path_params", "path_params"),  # already ends in s
        ("permission_policies", "permission_policies"),
        ("domain_allowlist", "domain_allowlists"),
        ("address", "addresses"),
        ("policy", "policies"),
        ("status", "statuses"),
        ("person", "people"),  # irregular, whole word
        ("money", "monies"),  # irregular
        ("pocket_money", "pocket_moneys"),  # "_" is a word character, so not the irregular "money"
        ("social_media", "social_media"),  # uninflected
        ("key", "keys"),
    ],
)
def test_pluralize_follows_the_inflector(word: str, plural: str) -> None:
    assert naming.pluralize(word) == plural


@pytest.mark.parametrize(
    ("word", "singular"),
    [
        ("permissionPolicies", "permissionPolicy"),
        ("pathParams", "pathParam"),
        ("addresses", "address"),
        ("roles", "role"),
        ("statuses", "status"),
        ("people", "person"),
    ],
)
def test_singularize_follows_the_inflector(word: str, singular: str) -> None:
    assert naming.singularize(word) == singular


@pytest.mark.parametrize(
    ("tf_name", "wire", "python"),
    [
        ("access_token_validity_seconds", "accessTokenValiditySeconds", "access_token_validity_seconds"),
        ("oauthclient_id", "oauthclientId", "oauthclient_id"),
        ("type", "type", "type"),
        ("sdk_debug", "sdkDebug", "sdk_debug"),
    ],
)
def test_scalar_names_are_lower_camel_on_the_wire_and_snake_in_python(
    tf_name: str, wire: str, python: str
) -> None:
    assert naming.wire_name(tf_name, plural=False) == wire
    assert naming.snake(wire) == python


def test_python_keywords_get_a_trailing_underscore() -> None:
    assert naming.snake("lambda") == "lambda_"


def test_plural_is_skipped_when_a_sibling_owns_the_plural_name() -> None:
    block = Block(string_list("key", OPTIONAL), string("keys", OPTIONAL))
    assert [a.wire_name for a in block] == ["key", "keys"]


@pytest.mark.parametrize(
    ("path", "wire_path"),
    [
        ("permission_policies.action_set", "permissionPolicies.actionSets"),
        ("permission_policies.conditions", "permissionPolicies.conditions"),  # MaxItems 1: stays singular
        ("permission_policies.conditions.terms.operands", "permissionPolicies.conditions.terms.operands"),
    ],
)
def test_auth_role_names_are_bound_by_the_block(path: str, wire_path: str) -> None:
    block, names = auth_role.RESOURCE.block, []
    for part in path.split("."):
        attr = block.by_tf(part)
        names.append(attr.wire_name)
        block = attr.block
    assert ".".join(names) == wire_path


def test_provider_gateway_block_is_pluralised_and_its_max_one_auth_is_not() -> None:
    gateway = PROVIDER.block.by_tf("gateway")
    assert (gateway.wire_name, gateway.py_name, gateway.plural) == ("gateways", "gateways", True)
    assert gateway.block is not None
    assert gateway.block.by_tf("path_params").wire_name == "pathParams"
    assert gateway.block.by_tf("auth").single
    assert PROVIDER.block.by_tf("proxy").single


def test_user_max_one_blocks_keep_their_terraform_name() -> None:
    addresses = user.RESOURCE.block.by_tf("addresses")
    assert (addresses.wire_name, addresses.single) == ("addresses", True)


@pytest.mark.parametrize(
    ("tf_type", "class_name", "token"),
    [
        ("genesyscloud_routing_queue", "RoutingQueue", "genesyscloud:index/routingQueue:RoutingQueue"),
        ("genesyscloud_oauth_client", "OauthClient", "genesyscloud:index/oauthClient:OauthClient"),
        (
            "genesyscloud_routing_wrapupcode",
            "RoutingWrapupcode",
            "genesyscloud:index/routingWrapupcode:RoutingWrapupcode",
        ),
        (
            "genesyscloud_organization_authentication_settings",
            "OrganizationAuthenticationSettings",
            "genesyscloud:index/organizationAuthenticationSettings:OrganizationAuthenticationSettings",
        ),
    ],
)
def test_resource_tokens_use_the_single_index_module(tf_type: str, class_name: str, token: str) -> None:
    assert naming.resource_class_name(tf_type) == class_name
    assert naming.resource_token(tf_type) == token


def test_data_source_tokens_are_get_functions() -> None:
    assert naming.data_source_token("genesyscloud_auth_division_home") == (
        "genesyscloud:index/getAuthDivisionHome:getAuthDivisionHome"
    )
    assert naming.snake(naming.data_source_function_name("genesyscloud_auth_role")) == "get_auth_role"


def test_non_genesyscloud_names_are_refused() -> None:
    with pytest.raises(ValueError, match="genesyscloud_"):
        naming.resource_token("aws_s3_bucket")


@pytest.mark.parametrize(
    ("parent", "wire", "collection", "name"),
    [
        ("OauthClient", "roles", True, "OauthClientRole"),
        ("Integration", "config", False, "IntegrationConfig"),
        ("AuthRole", "permissionPolicies", True, "AuthRolePermissionPolicy"),
        ("ProviderGateway", "pathParams", True, "ProviderGatewayPathParam"),
    ],
)
def test_nested_type_names_singularise_collections(
    parent: str, wire: str, collection: bool, name: str
) -> None:
    assert naming.nested_type_name(parent, wire, collection=collection) == name


def test_the_served_resource_classes_are_those_of_issue_4() -> None:
    assert sorted(s.class_name for s in RESOURCES.values()) == sorted(
        [
            "Integration",
            "IntegrationCredential",
            "OauthClient",
            "AuthRole",
            "AuthDivision",
            "Group",
            "GroupRoles",
            "User",
            "UserRoles",
            "RoutingQueue",
            "RoutingSkill",
            "RoutingLanguage",
            "RoutingWrapupcode",
            "IdpGeneric",
            "OrganizationAuthenticationSettings",
        ]
    )
