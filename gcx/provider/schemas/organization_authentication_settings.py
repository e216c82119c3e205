"""``genesyscloud_organization_authentication_settings`` (Terraform
`organization_authentication_settings/`): a singleton with id ``Settings``."""

from gcx.provider.schema import (
    OPTIONAL,
    OPTIONAL_COMPUTED,
    REQUIRED,
    Block,
    Range,
    ResourceSchema,
    boolean,
    integer,
    single_block,
    string_list,
)

PASSWORD_REQUIREMENTS = Block(
    integer("minimum_length", OPTIONAL, "Minimum length.", default=8, range=Range(8, None)),
    integer("minimum_digits", OPTIONAL, "Minimum digits.", default=1, range=Range(1, None)),
    integer("minimum_letters", OPTIONAL, "Minimum letters.", default=0, range=Range(0, None)),
    integer("minimum_upper", OPTIONAL, "Minimum upper-case letters.", default=1, range=Range(1, None)),
    integer("minimum_lower", OPTIONAL, "Minimum lower-case letters.", default=1, range=Range(1, None)),
    integer("minimum_specials", OPTIONAL, "Minimum special characters.", default=1, range=Range(1, None)),
    integer("minimum_age_seconds", OPTIONAL, "Seconds before a password may change again."),
    integer("expiration_days", OPTIONAL, "Days before a password must change."),
)

TIMEOUT_SETTINGS = Block(
    boolean("enable_idle_token_timeout", REQUIRED, "Whether idle tokens expire."),
    integer(
        "idle_token_timeout_seconds",
        REQUIRED,
        "Idle timeout in seconds (5 minutes to 8 hours; at most 15 minutes with HIPAA).",
    ),
)

RESOURCE = ResourceSchema(
    tf_name="genesyscloud_organization_authentication_settings",
    description="Authentication settings of the org (passwords, MFA, allowlists, token timeout).",
    block=Block(
        boolean("multifactor_authentication_required", OPTIONAL, "Require MFA."),
        boolean("domain_allowlist_enabled", OPTIONAL, "Enforce the domain allowlist."),
        string_list("domain_allowlist", OPTIONAL, "Domains allowed to embed Genesys Cloud apps."),
        string_list(
            "ip_address_allowlist",
            OPTIONAL,
            "Addresses allowed to log in; other addresses lose access at once.",
        ),
        single_block("password_requirements", PASSWORD_REQUIREMENTS, OPTIONAL, "Password rules."),
        single_block("timeout_settings", TIMEOUT_SETTINGS, OPTIONAL_COMPUTED, "Idle token timeout."),
    ),
)
