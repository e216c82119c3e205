"""``genesyscloud_routing_language`` and its data source (Terraform `routing_language/`).

`name` is ForceNew.
"""

from gcx.provider.schema import REQUIRED, Block, DataSourceSchema, ResourceSchema, string

RESOURCE = ResourceSchema(
    tf_name="genesyscloud_routing_language",
    description="A routing language; a new name replaces it.",
    block=Block(string("name", REQUIRED, "Language name.", force_new=True)),
)

DATA_SOURCES = (
    DataSourceSchema(
        tf_name="genesyscloud_routing_language",
        description="Find a routing language by name.",
        block=Block(string("name", REQUIRED, "Language name.")),
    ),
)
