"""One role granted to a user and to a group with `SubjectRoleGrant`.

Config: `region`, `clientId`, `clientSecret` (secret); `roleId`, `userId`, `groupId`; `divisions`
(JSON list; unset: the home division) for the user's grant.
"""

import json

import pulumi

from gcx.dynamic import GenesysConnectionArgs
from gcx.dynamic.subject_role_grant import SubjectRoleGrant

config = pulumi.Config()
connection = GenesysConnectionArgs(
    aws_region=config.require("region"),
    oauthclient_id=config.require("clientId"),
    oauthclient_secret=config.require_secret("clientSecret"),
)
divisions = config.get("divisions")
user_grant = SubjectRoleGrant(
    "user-grant",
    connection=connection,
    subject_id=config.require("userId"),
    subject_type="PC_USER",
    role_id=config.require("roleId"),
    division_ids=json.loads(divisions) if divisions else None,
)
group_grant = SubjectRoleGrant(
    "group-grant",
    connection=connection,
    subject_id=config.require("groupId"),
    subject_type="PC_GROUP",
    role_id=config.require("roleId"),
)
pulumi.export("userDivisions", user_grant.granted_division_ids)
pulumi.export("groupDivisions", group_grant.granted_division_ids)
