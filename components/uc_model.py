"""`UnifiedCommunicationsModel`: the UC business model (seed 004) as SCIM app-instance plans.

The customer sorts users into segments: GC-only, UC-only or hybrid users, where their phone must
ring (Genesys Cloud or the UC platform), their UC vendor and which directory attributes SCIM maps
into which phone. One SCIM app instance cannot apply different mappings to different user types,
so each segment becomes one SCIM app-instance plan (the mappings, which number is primary, whether
its users need a Genesys Cloud extension, notes) with its own client-credentials OAuth client for
the identity provider; the clients share one role holding the SCIM endpoints' permissions.

The Args reject contradictory choices with the guide's reason, before any resource exists:
UC-only users ringing in Genesys Cloud, GC-only users ringing on the UC platform, two sources in
Other Phone, a UC number made primary where calls must ring in Genesys Cloud, hybrid users ringing
on the UC platform without it, two UC vendors for one user, and a direct-dialing choice the
segments cannot deliver. `segments_mapping_other_phone()` tells other components (PureConnect
writes Fax into Other Phone) whether a segment already uses that field.
"""

from __future__ import annotations

import re
from typing import Any, Literal

import pulumi
from pydantic import Field, field_validator, model_validator

from components.base import ComponentArgs, GenesysComponent, TenantComponentArgs
from components.genesyscloud import genesyscloud
from components.roles import permission_policies
from components.unified_communications import (
    UC_VENDORS,
    UcVendor,
    other_phone_field,
    uc_vendor,
    uc_vendor_for_phone_type,
)
from gcx.catalog import oauth, scim

__all__ = [
    "SCIM_PERMISSIONS",
    "PhoneMapping",
    "UcSegment",
    "UnifiedCommunicationsModel",
    "UnifiedCommunicationsModelArgs",
    "segment_plan",
]

UserType = Literal["gc-only", "uc-only", "hybrid"]
RingsOn = Literal["genesys-cloud", "uc-platform"]
DirectDialing = Literal["none", "agents-on-uc", "did-to-genesys-cloud"]

# What the SCIM user and group endpoints require (POST/PUT/PATCH/DELETE users, PUT/PATCH groups).
SCIM_PERMISSIONS = (
    "Directory > User > Add",
    "Directory > User > Edit",
    "Directory > User > Delete",
    "Directory > User > Set Password",
    "Directory > Group > Edit",
    "Authorization > Grant > Add",
    "Authorization > Grant > Delete",
    "Routing > Skill > Assign",
    "Routing > Language > Assign",
    "Telephony > Extension > Assign",
)
SCIM_GRANT = oauth.grant_type("CLIENT-CREDENTIALS")
ONE_UC_VENDOR = "Only one UC phone integration can be enabled per user"
_SEGMENT_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class PhoneMapping(ComponentArgs):
    """One directory attribute that SCIM writes into one Genesys Cloud phone."""

    source: str = Field(min_length=1, description="Attribute in the identity system, e.g. telephoneNumber.")
    scim_type: str = Field(
        description="SCIM phoneNumbers type it maps to: "
        + ", ".join(p.scim_type for p in scim.PHONE_TYPES)
        + " (the UC types and other land in Other Phone)."
    )
    primary: bool = Field(default=False, description="Send it with primary=true (the user's primary phone).")

    @field_validator("scim_type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        try:
            scim.phone_type(value)
        except KeyError as exc:
            raise ValueError(exc.args[0]) from None
        return value

    @property
    def lands_in_other_phone(self) -> bool:
        return scim.phone_type(self.scim_type).is_other_phone

    @property
    def uc_vendor(self) -> UcVendor | None:
        return uc_vendor_for_phone_type(self.scim_type)

    @property
    def scim_attribute(self) -> str:
        return f'phoneNumbers[type eq "{self.scim_type}"].value'


def _primary_index(mappings: list[PhoneMapping]) -> int | None:
    return scim.primary_phone_index([(m.scim_type, m.primary) for m in mappings])


class UcSegment(ComponentArgs):
    """A group of users that share a user type, a ringing place, a UC vendor and SCIM mappings."""

    name: str = Field(description="Segment name (lower case, digits, hyphens); names its SCIM app instance.")
    user_type: UserType = Field(
        description="gc-only (log in only to Genesys Cloud), uc-only (never log in to Genesys Cloud) "
        "or hybrid (log in to both)."
    )
    rings_on: RingsOn = Field(description="Where calls from Genesys Cloud to these users ring.")
    uc_vendor: str | None = Field(
        default=None,
        description=f"The users' UC vendor ({', '.join(UC_VENDORS)}); required for uc-only and hybrid.",
    )
    agents: bool = Field(
        default=False, description="Whether the segment holds the contact-centre agents (direct dialing)."
    )
    phone_mappings: list[PhoneMapping] = Field(
        default_factory=list, description="Directory attributes SCIM maps into Genesys Cloud phones."
    )

    @field_validator("name")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SEGMENT_NAME.match(value):
            raise ValueError(f"segment name {value!r} must be lower case letters, digits and hyphens")
        return value

    @field_validator("uc_vendor")
    @classmethod
    def _known_vendor(cls, value: str | None) -> str | None:
        return None if value is None else uc_vendor(value).integration_type_id

    @model_validator(mode="after")
    def _consistent(self) -> UcSegment:
        # Cross-field rules name the field they blame: a defaulted field has no YAML path of its own.
        if self.user_type == "uc-only" and self.rings_on != "uc-platform":
            raise ValueError(
                "ringsOn: a uc-only segment must ring on the UC platform: UC-only users never log in to "
                "Genesys Cloud, so a call ringing there reaches nobody; set ringsOn: uc-platform"
            )
        if self.user_type == "gc-only" and self.rings_on != "genesys-cloud":
            raise ValueError(
                "ringsOn: a gc-only segment must ring in Genesys Cloud: GC-only users never log in to the "
                "UC platform; set ringsOn: genesys-cloud (or make the segment hybrid)"
            )
        if self.user_type != "gc-only" and self.uc_vendor is None:
            raise ValueError(
                f"ucVendor: {self.user_type} users live on a UC platform; set ucVendor to one of "
                + ", ".join(UC_VENDORS)
            )
        self._check_mappings()
        return self

    def _check_mappings(self) -> None:
        mappings = self.phone_mappings
        into_other = [m.source for m in mappings if m.lands_in_other_phone]
        if len(into_other) > 1:
            raise ValueError(
                f"phoneMappings: {' and '.join(into_other)} all map into Other Phone, which holds one "
                "number: keep one of them there and map the others to work, work2-4, home or mobile"
            )
        vendors = {m.uc_vendor.integration_type_id for m in mappings if m.uc_vendor}
        if self.uc_vendor is not None:
            vendors.add(self.uc_vendor)
        if len(vendors) > 1:
            raise ValueError(
                f"phoneMappings: {ONE_UC_VENDOR}: this segment names {', '.join(sorted(vendors))}; "
                "split it into one segment per vendor"
            )
        flagged = [m.source for m in mappings if m.primary]
        if len(flagged) > 1:
            raise ValueError(
                f"phoneMappings: {' and '.join(flagged)} are both primary: a user has one primary phone"
            )
        if self.rings_on == "uc-platform" and not self.uc_number_is_primary:
            who = (
                "UC-only users"
                if self.user_type == "uc-only"
                else "hybrid users who must ring on the UC platform"
            )
            raise ValueError(
                f"phoneMappings: {who} need their UC DID/EXT in Other Phone as the primary phone, so "
                "Genesys Cloud calls ring on the UC platform: map it with the vendor's SCIM type and make "
                "it primary (it is primary by itself when SCIM sends no other number)"
            )
        if self.rings_on == "genesys-cloud" and self.uc_number_is_primary:
            who = (
                "GC-only users"
                if self.user_type == "gc-only"
                else "hybrid users who must ring in Genesys Cloud"
            )
            raise ValueError(
                f"phoneMappings: {who} must not have the UC number as primary phone, or Genesys Cloud calls "
                "would ring on the UC platform: leave the UC number out, or map a Genesys Cloud number "
                "(e.g. work) as primary and give these users a Genesys Cloud extension"
            )

    @property
    def vendor(self) -> UcVendor | None:
        """The segment's UC vendor: given, or the one its UC phone mapping implies."""
        if self.uc_vendor is not None:
            return uc_vendor(self.uc_vendor)
        return next((m.uc_vendor for m in self.phone_mappings if m.uc_vendor), None)

    @property
    def primary_mapping(self) -> PhoneMapping | None:
        index = _primary_index(self.phone_mappings)
        return None if index is None else self.phone_mappings[index]

    @property
    def uc_number_is_primary(self) -> bool:
        primary = self.primary_mapping
        return primary is not None and primary.uc_vendor is not None

    @property
    def other_phone_source(self) -> str | None:
        return next((m.source for m in self.phone_mappings if m.lands_in_other_phone), None)


class UnifiedCommunicationsModelArgs(TenantComponentArgs):
    """Stack config of the UC business model of one org."""

    segments: list[UcSegment] = Field(min_length=1, description="User segments, one SCIM app instance each.")
    direct_dialing: DirectDialing = Field(
        default="none",
        description="Can UC-only users dial agents directly? none; agents-on-uc (agents also log in to the "
        "UC platform and are reached there); did-to-genesys-cloud (the agent's DID is routed over BYOC "
        "to Genesys Cloud).",
    )
    scim_role_name: str = Field(default="SCIM Provisioning", description="Role of the SCIM OAuth clients.")
    scim_client_name_prefix: str = Field(
        default="SCIM", description='SCIM OAuth clients are named "<prefix> <segment>".'
    )
    scim_token_validity_seconds: int = Field(
        default=oauth.DEFAULT_TOKEN_VALIDITY_SECONDS,
        ge=oauth.MIN_TOKEN_VALIDITY_SECONDS,
        le=SCIM_GRANT.max_validity_seconds,
        description=f"Lifetime of the SCIM clients' tokens, {oauth.MIN_TOKEN_VALIDITY_SECONDS} to "
        f"{SCIM_GRANT.max_validity_seconds} seconds (SCIM clients may exceed the usual 48 hours).",
    )

    @model_validator(mode="after")
    def _consistent(self) -> UnifiedCommunicationsModelArgs:
        names = [s.name for s in self.segments]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"segments: names must be unique; repeated: {', '.join(duplicates)}")
        _check_direct_dialing(self.direct_dialing, self.segments)
        return self

    def segments_mapping_other_phone(self) -> dict[str, str]:
        """Segment name -> the directory attribute it maps into Other Phone (only those that do)."""
        return {s.name: source for s in self.segments if (source := s.other_phone_source) is not None}


def _check_direct_dialing(choice: str, segments: list[UcSegment]) -> None:
    agents = [s for s in segments if s.agents]
    if choice == "none":
        on_uc = [s.name for s in agents if s.user_type != "gc-only"]
        if on_uc:
            raise ValueError(
                f"directDialing none: agents in {', '.join(on_uc)} also log in to the UC platform, where "
                "UC-only users can dial them; choose agents-on-uc, or make those segments gc-only"
            )
        return
    if not any(s.user_type == "uc-only" for s in segments):
        raise ValueError(
            f"directDialing {choice}: direct dialing is for UC-only users, and no segment is uc-only"
        )
    if not agents:
        raise ValueError(f"directDialing {choice}: mark the segment(s) holding the agents with agents: true")
    if choice == "agents-on-uc":
        wrong = [s.name for s in agents if s.user_type != "hybrid"]
        if wrong:
            raise ValueError(
                f"directDialing agents-on-uc: agents who log in to the UC platform are hybrid users; make "
                f"{', '.join(wrong)} hybrid"
            )
        return
    for segment in agents:  # did-to-genesys-cloud
        if segment.rings_on != "genesys-cloud":
            raise ValueError(
                f"directDialing did-to-genesys-cloud: agents in {segment.name} must ring in Genesys Cloud "
                "to answer their DID there; set ringsOn: genesys-cloud"
            )
        primary = segment.primary_mapping
        if primary is None or primary.lands_in_other_phone:
            raise ValueError(
                f"directDialing did-to-genesys-cloud: agents in {segment.name} need their DID as primary "
                "Genesys Cloud phone (e.g. work, primary: true) for UC-only users to dial"
            )


def segment_plan(segment: UcSegment) -> dict[str, Any]:
    """What the customer configures in the identity system's SCIM app instance for one segment."""
    vendor = segment.vendor
    primary = segment.primary_mapping
    uc_mapped = any(m.uc_vendor for m in segment.phone_mappings)
    needs_extension = segment.rings_on == "genesys-cloud" and uc_mapped
    notes = [
        "Use a separate SCIM app instance for this segment: one instance applies the same mappings to "
        "all its users."
    ]
    if segment.user_type == "uc-only":
        notes.append(
            "UC-only users never log in to Genesys Cloud (no licence); SCIM creates their accounts so "
            "Genesys Cloud users can find them, see their UC presence and transfer calls to them."
        )
    if segment.rings_on == "uc-platform" and primary is not None and not primary.primary:
        notes.append("Other Phone becomes primary by itself because SCIM sends no other number.")
    if needs_extension:
        notes.append(
            "The UC number sits in Other Phone but is not primary: give every user of this segment a "
            "Genesys Cloud extension so Genesys Cloud calls ring in Genesys Cloud."
        )
    if vendor is not None:
        notes.extend(vendor.notes)
    return {
        "segment": segment.name,
        "userType": segment.user_type,
        "ringsOn": segment.rings_on,
        "ucVendor": vendor.display_name if vendor else None,
        "attributeMappings": [
            {
                "source": m.source,
                "scimAttribute": m.scim_attribute,
                "genesysCloudField": other_phone_field(m.scim_type),
                "primary": m is primary,
            }
            for m in segment.phone_mappings
        ],
        "primaryPhone": primary.scim_attribute if primary else None,
        "needsGenesysCloudExtension": needs_extension,
        "notes": notes,
    }


def _model_checklist(args: UnifiedCommunicationsModelArgs) -> list[str]:
    items = [
        "SIP: a BYOC trunk between Genesys Cloud and each UC platform comes first.",
        "SCIM: in your identity system create one SCIM app instance per segment below, with the segment's "
        "attribute mappings and its own OAuth client.",
        "UC apps: install each UC vendor's integration after SIP and SCIM are in place.",
        f"{ONE_UC_VENDOR}.",
    ]
    if args.direct_dialing == "agents-on-uc":
        items.append("Direct dialing: agents also log in to the UC platform; UC-only users call them there.")
    elif args.direct_dialing == "did-to-genesys-cloud":
        items.append(
            "Direct dialing: route the agents' DIDs over the BYOC trunk to Genesys Cloud so UC-only users "
            "reach them there."
        )
    return items


class UnifiedCommunicationsModel(GenesysComponent):
    """One SCIM role, one SCIM OAuth client per segment, and the SCIM app-instance plans."""

    scim_role: genesyscloud.AuthRole
    scim_clients: dict[str, genesyscloud.OauthClient]
    handoff: dict[str, Any]

    def __init__(
        self, name: str, args: UnifiedCommunicationsModelArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("UnifiedCommunicationsModel", name, opts)
        self.scim_role = genesyscloud.AuthRole(
            self.child_name("scim-role"),
            name=args.scim_role_name,
            description="SCIM provisioning of users and groups from the identity system.",
            permission_policies=permission_policies(args.catalog.permissions(SCIM_PERMISSIONS)),
            opts=self.child_opts(),
        )
        self.scim_clients = {}
        segments = []
        for segment in args.segments:
            client = genesyscloud.OauthClient(
                self.child_name(f"scim-{segment.name}"),
                name=f"{args.scim_client_name_prefix} {segment.name}",
                authorized_grant_type=SCIM_GRANT.api_value,
                access_token_validity_seconds=args.scim_token_validity_seconds,
                # SCIM places users in any division (enterprise extension), so the role covers all.
                roles=[genesyscloud.OauthClientRoleArgs(role_id=self.scim_role.id, division_id="*")],
                expose_client_secret=True,
                opts=self.child_opts(),
            )
            self.scim_clients[segment.name] = client
            plan = segment_plan(segment)
            plan["oauthClient"] = {
                "name": f"{args.scim_client_name_prefix} {segment.name}",
                "clientId": client.client_id,
                "clientSecret": client.client_secret,
            }
            segments.append(plan)
        self.handoff = {
            "directDialing": args.direct_dialing,
            "scimRole": {"id": self.scim_role.id, "name": args.scim_role_name},
            "segments": segments,
            "checklist": _model_checklist(args),
        }
        self.finish({"handoff": self.handoff})
