"""`diff`: ForceNew, JSON equivalence, order-free sets, computed attributes, explicit results."""

import json

from pulumi.output import Unknown

from gcx.engine.plugin import DiffKind
from gcx.provider.diff import diff_block, diff_resource
from gcx.provider.schema import OPTIONAL, REQUIRED, Block, ResourceSchema, block_set, string
from gcx.provider.schemas import group, group_roles, integration, oauth_client, routing_queue, routing_skill

INTEGRATION_STATE = {
    "intendedState": "DISABLED",
    "integrationType": "embedded-client-app",
    "config": {
        "name": "Custom app",
        "properties": json.dumps({"url": "https://x", "groups": ["g1", "g2"]}),
        "advanced": "{}",
    },
}


def test_no_change_is_an_explicit_no() -> None:
    result = diff_resource(routing_skill.RESOURCE, {}, {"name": "s"}, {"name": "s"})
    assert result.changes is False
    assert result.detailed_diff == {} and result.replaces == []


def test_force_new_attribute_replaces() -> None:
    result = diff_resource(
        group.RESOURCE, {}, {"name": "g", "type": "official"}, {"name": "g", "type": "social"}
    )
    assert result.changes is True
    assert result.replaces == ["type"]
    assert result.detailed_diff == {"type": DiffKind.UPDATE_REPLACE}


def test_other_attributes_update_in_place() -> None:
    old = {"name": "g", "type": "official", "visibility": "public"}
    result = diff_resource(group.RESOURCE, {}, old, {**old, "visibility": "members"})
    assert result.replaces == []
    assert result.detailed_diff == {"visibility": DiffKind.UPDATE}


def test_equivalent_json_properties_are_equal() -> None:
    news = {
        "intendedState": "DISABLED",
        "integrationType": "embedded-client-app",
        "config": {"properties": '{"groups":["g1","g2"],  "url":"https://x"}', "advanced": " {} "},
    }
    assert diff_resource(integration.RESOURCE, {}, INTEGRATION_STATE, news).changes is False


def test_changed_json_properties_are_an_update_of_that_path() -> None:
    news = {
        "intendedState": "DISABLED",
        "integrationType": "embedded-client-app",
        "config": {"properties": json.dumps({"url": "https://x", "groups": ["g2", "g1"]})},
    }
    result = diff_resource(integration.RESOURCE, {}, INTEGRATION_STATE, news)
    assert result.detailed_diff == {"config.properties": DiffKind.UPDATE}
    assert result.diffs == ["config"]


def test_computed_attributes_left_out_never_diff() -> None:
    # config.name and config.advanced are Optional+Computed: the server's values stay.
    news = {"intendedState": "DISABLED", "integrationType": "embedded-client-app"}
    assert diff_resource(integration.RESOURCE, {}, INTEGRATION_STATE, news).changes is False


def test_optional_attribute_removed_is_a_delete() -> None:
    old = {"name": "g", "type": "official", "description": "d"}
    result = diff_resource(group.RESOURCE, {}, old, {"name": "g", "type": "official"})
    assert result.detailed_diff == {"description": DiffKind.DELETE}


def test_empty_and_absent_are_the_same() -> None:
    old = {"name": "g", "type": "official", "description": ""}
    assert (
        diff_resource(group.RESOURCE, {}, old, {"name": "g", "type": "official", "addresses": []}).changes
        is False
    )


CLIENT_STATE = {
    "name": "c",
    "authorizedGrantType": "CLIENT-CREDENTIALS",
    "roles": [{"roleId": "a", "divisionId": "home"}, {"roleId": "b", "divisionId": "*"}],
    "scopes": ["x", "y"],
    "clientId": "id",
}


def test_sets_of_blocks_compare_without_order_and_ignore_computed_fields_left_out() -> None:
    news = {
        "name": "c",
        "authorizedGrantType": "CLIENT-CREDENTIALS",
        "roles": [{"roleId": "b", "divisionId": "*"}, {"roleId": "a"}],
        "scopes": ["y", "x"],
    }
    assert diff_resource(oauth_client.RESOURCE, {}, CLIENT_STATE, news).changes is False


def test_a_changed_set_element_shows_as_the_field_that_changed() -> None:
    news = {
        "name": "c",
        "authorizedGrantType": "CLIENT-CREDENTIALS",
        "roles": [{"roleId": "a"}, {"roleId": "c", "divisionId": "*"}],
        "scopes": ["x"],
    }
    result = diff_resource(oauth_client.RESOURCE, {}, CLIENT_STATE, news)
    assert result.detailed_diff == {"roles[1].roleId": DiffKind.UPDATE, "scopes[1]": DiffKind.DELETE}
    assert result.diffs == ["roles", "scopes"]


def test_added_set_elements_are_adds() -> None:
    news = {**{k: v for k, v in CLIENT_STATE.items() if k != "clientId"}, "scopes": ["x", "y", "z"]}
    result = diff_resource(oauth_client.RESOURCE, {}, CLIENT_STATE, news)
    assert result.detailed_diff == {"scopes[2]": DiffKind.ADD}


def test_nested_sets_compare_without_order() -> None:
    old = {"groupId": "g", "roles": [{"roleId": "r", "divisionIds": ["d1", "d2"]}]}
    new = {"groupId": "g", "roles": [{"roleId": "r", "divisionIds": ["d2", "d1"]}]}
    assert diff_resource(group_roles.RESOURCE, {}, old, new).changes is False


def test_lists_keep_their_order() -> None:
    old = {
        "name": "q",
        "routingRules": [{"operator": "ANY", "waitSeconds": 5}, {"operator": "MEETS_THRESHOLD"}],
    }
    new = {
        "name": "q",
        "routingRules": [{"operator": "MEETS_THRESHOLD"}, {"operator": "ANY", "waitSeconds": 5}],
    }
    result = diff_resource(routing_queue.RESOURCE, {}, old, new)
    assert result.detailed_diff == {
        "routingRules[0].operator": DiffKind.UPDATE,
        "routingRules[0].waitSeconds": DiffKind.DELETE,
        "routingRules[1].operator": DiffKind.UPDATE,
        "routingRules[1].waitSeconds": DiffKind.ADD,
    }


def test_unknown_new_values_are_changes_and_replace_when_force_new() -> None:
    result = diff_resource(routing_skill.RESOURCE, {}, {"name": "s"}, {"name": Unknown()})
    assert result.detailed_diff == {"name": DiffKind.UPDATE_REPLACE}
    result = diff_resource(
        group.RESOURCE, {}, {"name": "g", "type": "official"}, {"name": Unknown(), "type": "official"}
    )
    assert result.detailed_diff == {"name": DiffKind.UPDATE}


def test_a_force_new_field_inside_a_block_replaces_the_whole_resource() -> None:
    schema = ResourceSchema(
        tf_name="genesyscloud_thing",
        block=Block(
            string("name", REQUIRED),
            block_set(
                "parts", Block(string("kind", REQUIRED, force_new=True), string("label", OPTIONAL)), OPTIONAL
            ),
        ),
    )
    old = {"name": "t", "parts": [{"kind": "a", "label": "x"}]}
    relabelled = diff_resource(schema, {}, old, {"name": "t", "parts": [{"kind": "a", "label": "y"}]})
    assert relabelled.replaces == [] and relabelled.detailed_diff == {"parts[0].label": DiffKind.UPDATE}
    rekinded = diff_resource(schema, {}, old, {"name": "t", "parts": [{"kind": "b", "label": "x"}]})
    assert rekinded.replaces == ["parts"]
    assert rekinded.detailed_diff == {"parts[0].kind": DiffKind.UPDATE_REPLACE}


def test_ignore_changes_drops_matching_paths() -> None:
    old = {"name": "g", "type": "official", "description": "d", "visibility": "public"}
    new = {"name": "g2", "type": "official", "description": "e", "visibility": "members"}
    assert set(diff_block(group.RESOURCE.block, old, new, ["description", "visibility"])) == {"name"}
    news = {
        "name": "c",
        "authorizedGrantType": "CLIENT-CREDENTIALS",
        "roles": [{"roleId": "a"}, {"roleId": "c"}],
        "scopes": ["x", "y"],
    }
    assert diff_block(oauth_client.RESOURCE.block, CLIENT_STATE, news, ["roles[*].roleId"]) == {}


def test_old_inputs_are_used_when_there_are_no_old_outputs() -> None:
    result = diff_resource(
        group.RESOURCE, {"name": "g", "type": "official"}, {}, {"name": "g", "type": "social"}
    )
    assert result.replaces == ["type"]
