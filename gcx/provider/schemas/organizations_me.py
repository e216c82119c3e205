"""The ``genesyscloud_organizations_me`` data source: the org the provider's credentials belong to."""

from gcx.provider.schema import OPTIONAL_COMPUTED, Block, DataSourceSchema, boolean, string

DATA_SOURCES = (
    DataSourceSchema(
        tf_name="genesyscloud_organizations_me",
        description="The current organization.",
        block=Block(
            string("id", OPTIONAL_COMPUTED, "Organization id."),
            string("name", OPTIONAL_COMPUTED, "Organization name."),
            string("default_language", OPTIONAL_COMPUTED, "Default language."),
            string("default_country_code", OPTIONAL_COMPUTED, "Default country code."),
            string("domain", OPTIONAL_COMPUTED, "Organization domain."),
            string("default_site_id", OPTIONAL_COMPUTED, "Default site."),
            string("third_party_org_name", OPTIONAL_COMPUTED, "Org name used by third parties."),
            boolean("voicemail_enabled", OPTIONAL_COMPUTED, "Whether voicemail is on."),
            string("product_platform", OPTIONAL_COMPUTED, "Product platform."),
            string("support_uri", OPTIONAL_COMPUTED, "Support URI."),
        ),
    ),
)
