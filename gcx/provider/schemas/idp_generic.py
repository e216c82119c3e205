"""``genesyscloud_idp_generic`` (Terraform `idp_generic/`): the org's generic SAML identity provider.

A singleton: the object always exists in the org, create and delete only change its settings.
"""

from gcx.provider.schema import (
    OPTIONAL,
    OPTIONAL_COMPUTED,
    REQUIRED,
    Block,
    ResourceSchema,
    boolean,
    string,
    string_list,
)

NAME_ID_FORMATS = (
    "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:entity",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
)

RESOURCE = ResourceSchema(
    tf_name="genesyscloud_idp_generic",
    description="The generic SAML single sign-on provider of the org.",
    block=Block(
        string("name", REQUIRED, "Provider name."),
        boolean("disabled", OPTIONAL, "Turn the provider off.", default=False),
        string("issuer_uri", REQUIRED, "Issuer URI from the identity provider."),
        string("target_uri", OPTIONAL, "Target URI from the identity provider."),
        string("slo_uri", OPTIONAL, "Single logout URI."),
        string("slo_binding", OPTIONAL, "Single logout binding.", one_of=("HTTP Redirect", "HTTP Post")),
        string("relying_party_identifier", OPTIONAL_COMPUTED, "How Genesys Cloud is known to the provider."),
        string_list("certificates", REQUIRED, "PEM or DER X.509 certificates that sign assertions."),
        string("logo_image_data", OPTIONAL, "Base64 SVG logo."),
        boolean("endpoint_compression", OPTIONAL, "Compress authentication requests.", default=False),
        string(
            "name_identifier_format",
            OPTIONAL,
            "SAML NameID format.",
            default=NAME_ID_FORMATS[0],
            one_of=NAME_ID_FORMATS,
        ),
        boolean("sign_authn_requests", OPTIONAL, "Sign authentication requests.", default=False),
    ),
)
