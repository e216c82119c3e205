"""Component conventions: catalog lookups with overrides, and the token/naming rules."""

import pytest

from components.base import TOKEN_PREFIX, CatalogFacts


def test_labels_resolve_through_the_catalog():
    facts = CatalogFacts()
    assert facts.permission("Routing > Queue > View") == "routing:queue:view"
    assert facts.permission("Presence > All Permissions") == "presence:*:*"


def test_overrides_apply_to_labels_and_to_resolved_strings():
    facts = CatalogFacts(
        permission_overrides={
            "Integration > 8x8 > View": "integration:8x8:view",
            "integration:emiteApps:view": "integration:emite:view",
        }
    )
    assert facts.permission("Integration > 8x8 > View") == "integration:8x8:view"
    assert facts.permission("Integration > emiteApps > View") == "integration:emite:view"


def test_duplicates_are_dropped_in_order():
    facts = CatalogFacts()
    assert facts.permissions(["Routing > Queue > View", "routing:queue:view", "Routing > Queue > Join"]) == [
        "routing:queue:view",
        "routing:queue:join",
    ]


def test_integration_types_are_checked_and_overridable():
    facts = CatalogFacts(integration_type_overrides={"eight-by-eight": "8x8-uc"})
    assert facts.integration_type("eight-by-eight") == "8x8-uc"
    assert facts.integration_type("embedded-client-app") == "embedded-client-app"
    with pytest.raises(ValueError, match="unknown integration type 'nope'"):
        facts.integration_type("nope")


def test_token_prefix():
    assert TOKEN_PREFIX == "genesys:integrations"


def test_args_accept_camel_case_yaml_keys_and_reject_unknown_ones():
    facts = CatalogFacts.model_validate({"permissionOverrides": {"a": "b"}})
    assert facts.permission_overrides == {"a": "b"}
    with pytest.raises(ValueError, match="permisionOverrides"):
        CatalogFacts.model_validate({"permisionOverrides": {}})


def test_built_in_role_names_come_from_the_catalog_unless_overridden():
    assert CatalogFacts().built_in_role_name("employee") == "employee"
    renamed = CatalogFacts(role_name_overrides={"admin": "Master Admin"})
    assert renamed.built_in_role_name("admin") == "Master Admin"


def test_validation_errors_never_echo_input_values():
    with pytest.raises(ValueError) as err:
        CatalogFacts.model_validate({"permissionOverrides": "-----BEGIN PRIVATE KEY----- hunter2"})
    assert "hunter2" not in str(err.value)
