"""``genesyscloud_auth_role`` and its data source (Terraform `auth_role/`).

`default_role_id` is ForceNew: it switches the resource to managing a built-in role.
"""

from gcx.provider.schema import (
    OPTIONAL,
    REQUIRED,
    Block,
    DataSourceSchema,
    ResourceSchema,
    block_set,
    single_block,
    string,
    string_set,
)

OPERAND = Block(
    string("type", REQUIRED, "Operand kind.", one_of=("USER", "QUEUE", "SCALAR", "VARIABLE")),
    string("queue_id", OPTIONAL, "Queue id, for QUEUE operands."),
    string("user_id", OPTIONAL, "User id, for USER operands."),
    string("value", OPTIONAL, "The value, for SCALAR and VARIABLE operands."),
)

TERM = Block(
    string("variable_name", REQUIRED, "Variable compared (depends on the permission)."),
    string("operator", REQUIRED, "Comparison.", one_of=("EQ", "IN", "GE", "GT", "LE", "LT")),
    block_set("operands", OPERAND, REQUIRED, "Operands of the comparison."),
)

POLICY = Block(
    string("domain", REQUIRED, "Permission domain, e.g. directory."),
    string("entity_name", REQUIRED, "Permission entity, or `*` for all."),
    string_set("action_set", REQUIRED, "Actions allowed, or `*` for all.", min_items=1),
    single_block(
        "conditions",
        Block(
            string("conjunction", REQUIRED, "How the terms combine.", one_of=("AND", "OR")),
            block_set("terms", TERM, REQUIRED, "Terms of the condition."),
        ),
        OPTIONAL,
        "Conditions, for the permissions that support them.",
    ),
)

RESOURCE = ResourceSchema(
    tf_name="genesyscloud_auth_role",
    description="An authorization role: a named set of permissions.",
    block=Block(
        string("name", REQUIRED, "Role name (fixed for built-in roles)."),
        string("description", OPTIONAL, "Role description."),
        string_set("permissions", OPTIONAL, "General permissions, e.g. group_creation."),
        block_set("permission_policies", POLICY, OPTIONAL, "Permission policies."),
        string(
            "default_role_id",
            OPTIONAL,
            "Id of a built-in role (e.g. employee) to manage instead of creating a role.",
            force_new=True,
        ),
    ),
)

DATA_SOURCES = (
    DataSourceSchema(
        tf_name="genesyscloud_auth_role",
        description="Find a role by name.",
        block=Block(string("name", REQUIRED, "Role name.")),
    ),
)
