"""``genesyscloud_routing_wrapupcode`` and its data source (Terraform `routing_wrapupcode/`)."""

from gcx.provider.schema import (
    OPTIONAL,
    OPTIONAL_COMPUTED,
    REQUIRED,
    Block,
    DataSourceSchema,
    ResourceSchema,
    string,
)

RESOURCE = ResourceSchema(
    tf_name="genesyscloud_routing_wrapupcode",
    description="A wrap-up code.",
    block=Block(
        string("name", REQUIRED, "Wrap-up code name."),
        string("division_id", OPTIONAL_COMPUTED, "Division of the code; all divisions (`*`) when unset."),
        string("description", OPTIONAL, "Description."),
    ),
)

DATA_SOURCES = (
    DataSourceSchema(
        tf_name="genesyscloud_routing_wrapupcode",
        description="Find a wrap-up code by name.",
        block=Block(string("name", REQUIRED, "Wrap-up code name.")),
    ),
)
