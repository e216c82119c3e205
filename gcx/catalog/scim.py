"""SCIM facts: schema URNs and how SCIM phone types land in the Genesys Cloud profile.

Facts: `genesys-api.md` §4.6 and `integrations.md` §3: `work..work4`, `home`, `mobile` map to the
matching profile phones; `other` and the UC types (`microsoftteams`, `zoomphone`,
`eightbyeight`, `ringcentral`) all land in Other Phone (`phone_other`), and when SCIM supplies
no other number the Other Phone becomes primary so Genesys Cloud calls ring on the UC platform.

Choices (unverified, recorded here because other layers read them):
- A UC number is stored as a user `addresses[]` entry of type `OTHER` whose `integration` tag is
  the SCIM type string itself (``eightbyeight``, ``microsoftteams``, ``zoomphone``,
  ``ringcentral``); a plain `other` phone has no tag.
- Primary rule: a phone flagged `primary` wins; otherwise, when every supplied phone is an Other
  Phone (plain or UC), the first of them is primary; otherwise the `work` phone, if any.
- The `ringcentral` row comes from the SDK enum alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "ENTERPRISE_USER_SCHEMA",
    "ERROR_SCHEMA",
    "GENESYS_USER_SCHEMA",
    "GROUP_SCHEMA",
    "LIST_RESPONSE_SCHEMA",
    "PATCH_OP_SCHEMA",
    "PHONE_TYPES",
    "UC_PHONE_TYPES",
    "USER_SCHEMA",
    "ScimPhoneType",
    "phone_type",
    "phone_type_for_contact",
    "primary_phone_index",
]

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GENESYS_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User"
LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"


@dataclass(frozen=True)
class ScimPhoneType:
    scim_type: str
    contact_type: str  # Contact.type in the Genesys Cloud user profile
    profile_field: str  # the admin-UI profile field the help pages name
    integration: str | None = None  # Contact.integration tag for a UC number
    verified: bool = True

    @property
    def is_other_phone(self) -> bool:
        return self.contact_type == "OTHER"


PHONE_TYPES: tuple[ScimPhoneType, ...] = (
    ScimPhoneType("work", "WORK", "phone_work"),
    ScimPhoneType("work2", "WORK2", "phone_work_2"),
    ScimPhoneType("work3", "WORK3", "phone_work_3"),
    ScimPhoneType("work4", "WORK4", "phone_work_4"),
    ScimPhoneType("home", "HOME", "phone_home"),
    ScimPhoneType("mobile", "MOBILE", "phone_mobile"),
    ScimPhoneType("other", "OTHER", "phone_other"),
    ScimPhoneType("microsoftteams", "OTHER", "phone_other", integration="microsoftteams"),
    ScimPhoneType("zoomphone", "OTHER", "phone_other", integration="zoomphone"),
    ScimPhoneType("eightbyeight", "OTHER", "phone_other", integration="eightbyeight"),
    ScimPhoneType("ringcentral", "OTHER", "phone_other", integration="ringcentral", verified=False),
)

UC_PHONE_TYPES: tuple[ScimPhoneType, ...] = tuple(p for p in PHONE_TYPES if p.integration)

_BY_SCIM = {p.scim_type: p for p in PHONE_TYPES}


def phone_type(scim_type: str) -> ScimPhoneType:
    try:
        return _BY_SCIM[scim_type]
    except KeyError:
        raise KeyError(
            f"unknown SCIM phoneNumbers.type {scim_type!r}; use one of: {', '.join(_BY_SCIM)}"
        ) from None


def phone_type_for_contact(contact_type: str, integration: str | None) -> ScimPhoneType | None:
    """Reverse mapping: a profile phone (type + integration tag) back to its SCIM type."""
    for p in PHONE_TYPES:
        if p.contact_type == contact_type and p.integration == (integration or None):
            return p
    return None


def primary_phone_index(phones: Sequence[tuple[str, bool]]) -> int | None:
    """Which of the supplied `(scim_type, primary_flag)` phones becomes the primary phone."""
    for i, (_, flagged) in enumerate(phones):
        if flagged:
            return i
    if phones and all(phone_type(t).is_other_phone for t, _ in phones):
        return 0
    return next((i for i, (t, _) in enumerate(phones) if t == "work"), None)
