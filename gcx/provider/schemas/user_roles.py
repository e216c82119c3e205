"""``genesyscloud_user_roles`` (Terraform `user_roles/`): the role grants of one user.

The resource id is the user id. It manages *all* grants of the user: grants left out are removed.
"""

from gcx.provider.schema import OPTIONAL, REQUIRED, Block, ResourceSchema, block_set, string
from gcx.provider.schemas.group_roles import ROLE_ASSIGNMENT

RESOURCE = ResourceSchema(
    tf_name="genesyscloud_user_roles",
    description="The complete set of role grants of a user.",
    block=Block(
        string("user_id", REQUIRED, "User whose grants are managed.", force_new=True),
        block_set("roles", ROLE_ASSIGNMENT, OPTIONAL, "Roles and their divisions."),
    ),
)
