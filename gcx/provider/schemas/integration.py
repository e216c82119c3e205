"""``genesyscloud_integration`` and its data source (Terraform `integration/`).

`integration_type` is not ForceNew: changing it is an update, as in Terraform. `config.properties`
and `config.advanced` are JSON strings whose equivalent forms never diff.
"""

from gcx.provider.schema import (
    OPTIONAL,
    OPTIONAL_COMPUTED,
    REQUIRED,
    Block,
    DataSourceSchema,
    ResourceSchema,
    json_string,
    single_block,
    string,
    string_map,
)

CONFIG = Block(
    string("name", OPTIONAL_COMPUTED, "Name shown in the admin UI."),
    string("notes", OPTIONAL, "Free-text notes."),
    json_string(
        "properties",
        OPTIONAL_COMPUTED,
        "Type-specific settings as a JSON object string (see the type's config schema).",
    ),
    json_string("advanced", OPTIONAL_COMPUTED, "Advanced settings as a JSON object string."),
    string_map(
        "credentials",
        OPTIONAL,
        "Credential type (e.g. basicAuth) to integration credential id, as the type requires.",
    ),
)

RESOURCE = ResourceSchema(
    tf_name="genesyscloud_integration",
    description="An installed integration (an instance of an integration type).",
    block=Block(
        string(
            "intended_state",
            OPTIONAL,
            "Whether the integration runs.",
            default="DISABLED",
            one_of=("ENABLED", "DISABLED"),
        ),
        string("integration_type", REQUIRED, "Id of the integration type, e.g. embedded-client-app."),
        single_block("config", CONFIG, OPTIONAL_COMPUTED, "The integration's configuration."),
    ),
)

DATA_SOURCES = (
    DataSourceSchema(
        tf_name="genesyscloud_integration",
        description="Find an integration by name.",
        block=Block(string("name", REQUIRED, "Integration name.")),
    ),
)
