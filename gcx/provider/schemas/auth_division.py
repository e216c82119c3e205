"""``genesyscloud_auth_division`` and the data sources ``genesyscloud_auth_division`` and
``genesyscloud_auth_division_home`` (Terraform `auth_division/`)."""

from gcx.provider.schema import (
    OPTIONAL,
    OPTIONAL_COMPUTED,
    REQUIRED,
    Block,
    DataSourceSchema,
    ResourceSchema,
    boolean,
    string,
)

RESOURCE = ResourceSchema(
    tf_name="genesyscloud_auth_division",
    description="An authorization division.",
    block=Block(
        string("name", REQUIRED, "Division name."),
        string("description", OPTIONAL, "Division description."),
        boolean(
            "home",
            OPTIONAL,
            "Manage the existing home division (adopted, never deleted) instead of creating one.",
            force_new=True,
        ),
    ),
)

DATA_SOURCES = (
    DataSourceSchema(
        tf_name="genesyscloud_auth_division",
        description="Find a division by name.",
        block=Block(string("name", REQUIRED, "Division name.")),
    ),
    DataSourceSchema(
        tf_name="genesyscloud_auth_division_home",
        description="The organization's home division.",
        block=Block(
            string("name", OPTIONAL_COMPUTED, "Home division name."),
            string("description", OPTIONAL_COMPUTED, "Home division description."),
        ),
    ),
)
