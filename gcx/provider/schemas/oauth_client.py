"""``genesyscloud_oauth_client`` and its data source (Terraform `oauth_client/`).

No attribute is ForceNew. The secret is only known from the create call and is kept as a secret
output. The two `RequiredWhen` rules are enforced by the API, not by the Terraform schema; checking
them here fails a bad program before any API call.
"""

from gcx.provider.schema import (
    COMPUTED,
    OPTIONAL,
    OPTIONAL_COMPUTED,
    REQUIRED,
    Block,
    DataSourceSchema,
    Range,
    RequiredWhen,
    ResourceSchema,
    block_set,
    boolean,
    integer,
    string,
    string_set,
)

GRANT_TYPES = ("CODE", "TOKEN", "SAML2BEARER", "SAML2-BEARER", "PASSWORD", "CLIENT-CREDENTIALS")
CLIENT_CREDENTIALS = "CLIENT-CREDENTIALS"

ROLE = Block(
    string("role_id", REQUIRED, "Role granted to the client."),
    string(
        "division_id",
        OPTIONAL_COMPUTED,
        "Division the role applies to; the home division when unset, `*` for all divisions.",
    ),
)

RESOURCE = ResourceSchema(
    tf_name="genesyscloud_oauth_client",
    description="An OAuth client that applications and integrations use to call the API.",
    block=Block(
        string("name", REQUIRED, "Client name."),
        string("description", OPTIONAL, "Client description."),
        integer(
            "access_token_validity_seconds",
            OPTIONAL,
            "Lifetime of tokens issued to this client, in seconds.",
            default=86400,
            range=Range(300, 38880000, "5 minutes to 450 days; above 172800 only for SCIM clients"),
        ),
        string_set("registered_redirect_uris", OPTIONAL, "Allowed redirect URIs (code and token grants)."),
        string("authorized_grant_type", REQUIRED, "The OAuth grant the client uses.", one_of=GRANT_TYPES),
        string_set(
            "scopes", OPTIONAL, "Scopes the client may request (grants other than client credentials)."
        ),
        block_set("roles", ROLE, OPTIONAL, "Role and division grants (client-credentials clients)."),
        string(
            "state",
            OPTIONAL,
            "Whether tokens can be issued.",
            default="active",
            one_of=("active", "inactive"),
        ),
        string(
            "integration_credential_id",
            COMPUTED,
            "Id of the integration credential created for this client, if any.",
        ),
        string(
            "integration_credential_name",
            OPTIONAL,
            "When set, a pureCloudOAuthClient integration credential with this name is created.",
        ),
        string("client_id", COMPUTED, "The client id."),
        string(
            "client_secret", OPTIONAL_COMPUTED, "The client secret (kept only when exposed).", sensitive=True
        ),
        boolean(
            "expose_client_secret", OPTIONAL, "Keep the client secret as a (secret) output.", default=False
        ),
        string("directory_client_secret", OPTIONAL, "Directory to write the client secret to."),
    ),
    rules=(
        RequiredWhen(
            "roles",
            "authorized_grant_type",
            (CLIENT_CREDENTIALS,),
            "client-credentials tokens carry no scopes, so the client needs at least one role "
            "(roles=[OauthClientRoleArgs(role_id=...)])",
        ),
        RequiredWhen(
            "scopes",
            "authorized_grant_type",
            tuple(g for g in GRANT_TYPES if g != CLIENT_CREDENTIALS),
            "user-token clients are limited to their scopes, so list the scopes the application needs",
        ),
    ),
)

DATA_SOURCES = (
    DataSourceSchema(
        tf_name="genesyscloud_oauth_client",
        description="Find an OAuth client by name.",
        block=Block(string("name", REQUIRED, "Client name.")),
    ),
)
