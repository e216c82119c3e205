"""The Multicloud CX pieces the Terraform provider lacks, in one org.

Config: `region`, `clientId`, `clientSecret` (secret); `rotation` (key pair trigger), `ssoTarget`,
`permissions` (JSON list) steer the variants the tests need.
"""

import json

import pulumi

from gcx.dynamic import (
    AuthRolePermissions,
    GenesysConnectionArgs,
    PureEngageIdentityProvider,
    SamlSigningKeyPair,
)

config = pulumi.Config()
connection = GenesysConnectionArgs(
    aws_region=config.require("region"),
    oauthclient_id=config.require("clientId"),
    oauthclient_secret=config.require_secret("clientSecret"),
)
pair = SamlSigningKeyPair(
    "saml",
    common_name="gcx-dynamic-tests",
    valid_days=30,
    rotation_trigger=config.get("rotation"),
)
idp = PureEngageIdentityProvider(
    "pureengage",
    connection=connection,
    certificate=pair.certificate_base64,
    issuer_uri="https://www.genesys.com/pureengage",
    sso_target_uri=config.get("ssoTarget") or "https://apps.mypurecloud.com",
)
grant = AuthRolePermissions(
    "employee-journey",
    connection=connection,
    default_role_id="employee",
    permissions=json.loads(config.get("permissions") or '["journey:session:view"]'),
)
pulumi.export("fingerprint", pair.fingerprint_sha256)
pulumi.export("certificateBase64", pair.certificate_base64)
pulumi.export("privateKey", pair.private_key_pem)
pulumi.export("preexisting", grant.preexisting_permissions)
