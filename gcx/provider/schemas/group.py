"""``genesyscloud_group`` and its data source (Terraform `group/`). `type` is ForceNew."""

from gcx.provider.schema import (
    OPTIONAL,
    OPTIONAL_COMPUTED,
    REQUIRED,
    Block,
    DataSourceSchema,
    Pattern,
    ResourceSchema,
    block_list,
    boolean,
    string,
    string_list,
    string_set,
)

E164 = Pattern(r"^\+[1-9][0-9]{1,14}$", "an E.164 phone number such as +13175550123")

ADDRESS = Block(
    string("number", OPTIONAL, "Phone number in E.164 format.", pattern=E164),
    string("extension", OPTIONAL, "Phone extension."),
    string("type", REQUIRED, "Kind of contact.", one_of=("GROUPRING", "GROUPPHONE")),
)

RESOURCE = ResourceSchema(
    tf_name="genesyscloud_group",
    description="A directory group.",
    block=Block(
        string("name", REQUIRED, "Group name."),
        string("description", OPTIONAL, "Group description."),
        string(
            "type",
            OPTIONAL,
            "Group type; it cannot change, so a new value replaces the group.",
            default="official",
            force_new=True,
            one_of=("official", "social"),
        ),
        string(
            "visibility",
            OPTIONAL,
            "Who can see the group.",
            default="public",
            one_of=("public", "owners", "members"),
        ),
        boolean("rules_visible", OPTIONAL, "Whether membership rules are visible.", default=True),
        block_list("addresses", ADDRESS, OPTIONAL, "Contact numbers of the group."),
        string_list("owner_ids", OPTIONAL_COMPUTED, "User ids of the owners."),
        string_set(
            "member_ids", OPTIONAL_COMPUTED, "User ids of the members; when unset, members are not managed."
        ),
        boolean("roles_enabled", OPTIONAL, "Whether roles can be granted to the group.", default=True),
        boolean("calls_enabled", OPTIONAL, "Whether the group can be called.", default=True),
    ),
)

DATA_SOURCES = (
    DataSourceSchema(
        tf_name="genesyscloud_group",
        description="Find a group by name.",
        block=Block(string("name", REQUIRED, "Group name.")),
    ),
)
