"""``genesyscloud_integration_credential`` and its data source (Terraform `integration_credential/`)."""

from gcx.provider.schema import (
    OPTIONAL,
    OPTIONAL_COMPUTED,
    REQUIRED,
    Block,
    DataSourceSchema,
    ResourceSchema,
    string,
    string_map,
)

RESOURCE = ResourceSchema(
    tf_name="genesyscloud_integration_credential",
    description="A stored credential that integrations refer to by id.",
    block=Block(
        string("name", OPTIONAL, "Credential name."),
        string(
            "credential_type_name",
            REQUIRED,
            "Credential type, e.g. basicAuth, userDefinedOAuth or pureCloudOAuthClient.",
        ),
        string_map(
            "fields", OPTIONAL_COMPUTED, "The credential's fields, as its type defines them.", sensitive=True
        ),
    ),
)

DATA_SOURCES = (
    DataSourceSchema(
        tf_name="genesyscloud_integration_credential",
        description="Find an integration credential by name.",
        block=Block(string("name", REQUIRED, "Credential name.")),
    ),
)
