"""``genesyscloud_group_roles`` (Terraform `group_roles/`): the role grants of one group.

The resource id is the group id; changing `group_id` replaces the resource.
"""

from gcx.provider.schema import OPTIONAL, REQUIRED, Block, ResourceSchema, block_set, string, string_set

ROLE_ASSIGNMENT = Block(
    string("role_id", REQUIRED, "Role id."),
    string_set(
        "division_ids", OPTIONAL, "Divisions of the grant; the home division when unset, `*` for all."
    ),
)

RESOURCE = ResourceSchema(
    tf_name="genesyscloud_group_roles",
    description="The complete set of role grants of a group.",
    block=Block(
        string("group_id", REQUIRED, "Group whose grants are managed.", force_new=True),
        block_set("roles", ROLE_ASSIGNMENT, OPTIONAL, "Roles and their divisions."),
    ),
)
