"""UC platform integrations (8x8, Microsoft Teams, Zoom Phone, RingCentral): one code path, seed 000.

`UnifiedCommunicationsIntegration` creates what the vendor guide asks for in the org:

- the vendor's integration, installed and active (`Integration`, ``intended_state="ENABLED"``);
- the user role with the vendor's view permission and ``Integration > unifiedCommunications >
  View`` (to use the app and see badges), optionally granted to groups (additive grants);
- a client-credentials OAuth client whose role holds ``Integration > Presence > All Permissions``
  and ``Presence > All Permissions``: the vendor syncs presence with it, so its id and secret go
  to the vendor;

and reports in its handoff what it cannot create: the SCIM mapping of the directory's phone
attribute into Other Phone, the vendor licence, the BYOC trunk and the installer's permissions.
`EightByEightIntegration` is the same with the vendor fixed to 8x8.

`UC_VENDORS` is the one table of what differs per vendor (display name, SCIM phone type, who gets
the credentials); the integration type and its users' view permission come from the catalog
(`gcx.catalog.integration_types`), the SCIM phone types from `gcx.catalog.scim`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

import pulumi
from pydantic import Field, field_validator, model_validator

from components.base import CatalogFacts, GenesysComponent, TenantComponentArgs
from components.genesyscloud import genesyscloud
from components.roles import grant_role, permission_policies
from gcx.catalog import integration_types, oauth, scim

__all__ = [
    "UC_VENDORS",
    "EightByEightIntegration",
    "EightByEightIntegrationArgs",
    "UcVendor",
    "UnifiedCommunicationsIntegration",
    "UnifiedCommunicationsIntegrationArgs",
    "other_phone_field",
    "uc_vendor",
    "uc_vendor_for_phone_type",
]

# Who the installer needs; checked against the catalog when the checklist is built.
INSTALLER_PERMISSIONS = (
    "Integrations > Integration > All Permissions",
    "Integration > Presence > All Permissions",
    "Presence > All Permissions",
)
PRESENCE_SYNC_PERMISSIONS = ("Integration > Presence > All Permissions", "Presence > All Permissions")
DIRECTORY_PHONE_ATTRIBUTE = "telephoneNumber"


@dataclass(frozen=True)
class UcVendor:
    """What differs per UC vendor beyond the catalog's integration type."""

    integration_type_id: str  # catalog id (overridable per stack through CatalogFacts)
    display_name: str  # as the vendor's guide writes it
    scim_phone_type: str  # the SCIM phoneNumbers type that lands in Other Phone
    contact: str  # who receives the presence client's credentials
    notes: tuple[str, ...] = ()  # vendor-specific facts every SCIM segment plan repeats

    @property
    def spec(self) -> integration_types.IntegrationTypeSpec:
        spec = integration_types.integration_type(self.integration_type_id)
        assert spec is not None and spec.is_unified_communications, self.integration_type_id
        return spec

    @property
    def scim_attribute(self) -> str:
        return f'phoneNumbers[type eq "{self.scim_phone_type}"].value'


UC_VENDORS: dict[str, UcVendor] = {
    v.integration_type_id: v
    for v in (
        UcVendor(
            "eight-by-eight",
            "8\u00d78",
            "eightbyeight",
            "your 8\u00d78 Technical Account Manager or Project Manager",
        ),
        UcVendor(
            "microsoft-teams", "Microsoft Teams", "microsoftteams", "your Microsoft Teams integration partner"
        ),
        UcVendor(
            "zoom-phone",
            "Zoom Phone",
            "zoomphone",
            "your Zoom Phone representative",
            notes=(
                "Genesys Cloud users cannot dial out to the PSTN through Zoom Phone: outbound calls need "
                "a separate PSTN connection.",
            ),
        ),
        UcVendor("ringcentral", "RingCentral", "ringcentral", "your RingCentral representative"),
    )
}


def _check_vendor_table() -> None:
    # A typo here would otherwise surface only when a stack picks that vendor.
    for vendor in UC_VENDORS.values():
        assert vendor.spec.vendor_name, vendor
        scim.phone_type(vendor.scim_phone_type)


_check_vendor_table()


def uc_vendor(vendor_id: str) -> UcVendor:
    """The vendor for an id; a ValueError naming the choices otherwise (Args validators re-raise it)."""
    try:
        return UC_VENDORS[vendor_id]
    except KeyError:
        raise ValueError(f"unknown UC vendor {vendor_id!r}; use one of: {', '.join(UC_VENDORS)}") from None


def uc_vendor_for_phone_type(scim_type: str) -> UcVendor | None:
    """The vendor whose SCIM phone type this is (None for plain phone types)."""
    return next((v for v in UC_VENDORS.values() if v.scim_phone_type == scim_type), None)


def other_phone_field(scim_type: str) -> str:
    """The user-profile path of the Genesys Cloud field a SCIM phone type lands in."""
    return f"UserProfile.contactInfo.[0].{scim.phone_type(scim_type).profile_field}.[0].value.number"


class UnifiedCommunicationsIntegrationArgs(TenantComponentArgs):
    """Stack config of one UC vendor integration in one org."""

    vendor: str = Field(
        description=f"The UC vendor ({', '.join(UC_VENDORS)}): it picks the integration type, the user view "
        "permission and the SCIM phone type."
    )
    integration_name: str | None = Field(
        default=None, description="Name of the installed integration; defaults to the vendor's name."
    )
    user_role_name: str | None = Field(
        default=None,
        description="Name of the role that lets users use the app and see badges; "
        'defaults to "<vendor> User".',
    )
    user_group_ids: list[str] = Field(
        default_factory=list,
        description="Ids of groups that get the user role (added to their other roles, "
        "never replacing them).",
    )
    presence_client_name: str | None = Field(
        default=None,
        description="Name of the presence-sync OAuth client and of its role; "
        'defaults to "<vendor> Presence Sync".',
    )
    presence_token_validity_seconds: int = Field(
        default=oauth.DEFAULT_TOKEN_VALIDITY_SECONDS,
        ge=oauth.MIN_TOKEN_VALIDITY_SECONDS,
        le=oauth.MAX_TOKEN_VALIDITY_SECONDS,
        description="Lifetime of the presence client's tokens, 300 to 172800 seconds (default 86400).",
    )

    @field_validator("vendor")
    @classmethod
    def _known_vendor(cls, value: str) -> str:
        return uc_vendor(value).integration_type_id

    @model_validator(mode="after")
    def _grants_need_a_connection(self) -> UnifiedCommunicationsIntegrationArgs:
        if self.user_group_ids and self.connection is None:
            raise ValueError(
                "userGroupIds: granting the user role to groups needs connection "
                "(GenesysConnectionArgs for the tenant org); the tenant stack sets it"
            )
        return self

    @property
    def uc_vendor(self) -> UcVendor:
        return uc_vendor(self.vendor)


class EightByEightIntegrationArgs(UnifiedCommunicationsIntegrationArgs):
    """`UnifiedCommunicationsIntegrationArgs` with the vendor fixed to 8x8."""

    vendor: Literal["eight-by-eight"] = Field(default="eight-by-eight", description="Always eight-by-eight.")


class UnifiedCommunicationsIntegration(GenesysComponent):
    """A UC vendor integration: installed app, user role, presence-sync client, SCIM requirement."""

    integration: genesyscloud.Integration
    user_role: genesyscloud.AuthRole
    presence_role: genesyscloud.AuthRole
    presence_client: genesyscloud.OauthClient
    handoff: dict[str, Any]

    def __init__(
        self,
        name: str,
        args: UnifiedCommunicationsIntegrationArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        type_name: str = "UnifiedCommunicationsIntegration",
    ) -> None:
        super().__init__(type_name, name, opts)
        vendor, facts = args.uc_vendor, args.catalog
        display = vendor.display_name

        self.integration = genesyscloud.Integration(
            self.child_name("integration"),
            intended_state="ENABLED",
            integration_type=facts.integration_type(vendor.integration_type_id),
            config=genesyscloud.IntegrationConfigArgs(
                name=args.integration_name or display, properties=json.dumps({}), advanced=json.dumps({})
            ),
            opts=self.child_opts(),
        )

        user_role_name = args.user_role_name or f"{display} User"
        self.user_role = genesyscloud.AuthRole(
            self.child_name("user-role"),
            name=user_role_name,
            description=f"Use the {display} integration app and see the badges of SCIM-provisioned users.",
            permission_policies=permission_policies(facts.permissions(vendor.spec.user_permissions)),
            opts=self.child_opts(),
        )
        if args.user_group_ids:
            assert args.connection is not None  # Args validation guarantees it
            grant_role(
                self,
                "user-role",
                self.user_role.id,
                connection=args.connection,
                group_ids=args.user_group_ids,
            )

        presence_name = args.presence_client_name or f"{display} Presence Sync"
        self.presence_role = genesyscloud.AuthRole(
            self.child_name("presence-role"),
            name=presence_name,
            description=f"Lets {display} push its users' presence into Genesys Cloud.",
            permission_policies=permission_policies(facts.permissions(PRESENCE_SYNC_PERMISSIONS)),
            opts=self.child_opts(),
        )
        self.presence_client = genesyscloud.OauthClient(
            self.child_name("presence-client"),
            name=presence_name,
            authorized_grant_type="CLIENT-CREDENTIALS",
            access_token_validity_seconds=args.presence_token_validity_seconds,
            roles=[genesyscloud.OauthClientRoleArgs(role_id=self.presence_role.id)],
            expose_client_secret=True,
            opts=self.child_opts(),
        )

        self.handoff = {
            "vendor": display,
            "integration": {
                "id": self.integration.id,
                "type": facts.integration_type(vendor.integration_type_id),
            },
            "userRole": {
                "id": self.user_role.id,
                "name": user_role_name,
                "groupIds": list(args.user_group_ids),
            },
            "presenceOAuthClient": {
                "name": presence_name,
                "clientId": self.presence_client.client_id,
                "clientSecret": self.presence_client.client_secret,
                "sendTo": vendor.contact,
            },
            "scimMapping": {
                "directoryField": DIRECTORY_PHONE_ATTRIBUTE,
                "scimField": vendor.scim_attribute,
                "genesysCloudField": other_phone_field(vendor.scim_phone_type),
            },
            "checklist": _checklist(vendor, facts, user_role_name, bool(args.user_group_ids)),
        }
        self.finish({"handoff": self.handoff})


def _checklist(vendor: UcVendor, facts: CatalogFacts, user_role_name: str, groups_granted: bool) -> list[str]:
    display = vendor.display_name
    installer = ", ".join(f"{label} ({facts.permission(label)})" for label in INSTALLER_PERMISSIONS)
    users = (
        f"Members of the listed groups have the '{user_role_name}' role; give it (with Employee) to every "
        "other user of the integration app."
        if groups_granted
        else f"Give the '{user_role_name}' role (with Employee) to every user of the integration app."
    )
    return [
        f"Licence: buy the {display} licence through your Genesys Cloud sales representative.",
        f"Installer permissions: whoever runs this stack needs {installer}; the Master Admin role has them.",
        f"BYOC: configure a SIP trunk between Genesys Cloud and the {display} PBX; {vendor.contact} has the "
        "trunk details.",
        f"SCIM: run a Genesys Cloud SCIM implementation from your identity system and map "
        f"{DIRECTORY_PHONE_ATTRIBUTE} -> {vendor.scim_attribute} -> "
        f"{other_phone_field(vendor.scim_phone_type)} (Other Phone), so calls transfer between "
        f"Genesys Cloud and {display}.",
        f"Presence: send the presence OAuth client's Client ID and Client Secret to {vendor.contact}.",
        users,
    ]


class EightByEightIntegration(UnifiedCommunicationsIntegration):
    """The 8x8 integration of seed 000: `UnifiedCommunicationsIntegration` with the vendor fixed."""

    def __init__(
        self,
        name: str,
        args: EightByEightIntegrationArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(name, args, opts, type_name="EightByEightIntegration")
