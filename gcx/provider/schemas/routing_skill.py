"""``genesyscloud_routing_skill`` and its data source (Terraform `routing_skill/`). `name` is ForceNew."""

from gcx.provider.schema import REQUIRED, Block, DataSourceSchema, ResourceSchema, string

RESOURCE = ResourceSchema(
    tf_name="genesyscloud_routing_skill",
    description="A routing skill; it has no update API, so a new name replaces it.",
    block=Block(string("name", REQUIRED, "Skill name.", force_new=True)),
)

DATA_SOURCES = (
    DataSourceSchema(
        tf_name="genesyscloud_routing_skill",
        description="Find a routing skill by name.",
        block=Block(string("name", REQUIRED, "Skill name.")),
    ),
)
