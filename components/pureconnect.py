"""Genesys Cloud for PureConnect (seed 001): the org side of the CIC integration, as code.

`PureConnectIntegration` creates, from a CIC export (`components.cic_export`), what the CIC
Genesys Cloud Bridge would sync and what the guide's Interaction Administrator dialogs set up:

- users that have a business email (others are skipped with a warning naming them): display
  name (the user name when missing), email, and the phones Business, Business 2, Mobile, Home
  and Fax as Work, Work 2, Cell, Home and Other Phone;
- with `syncAdvancedPlatformObjects`: one ACD skill, or one language when "Treat as Language"
  is set, per CIC skill; users' skills and languages, their own plus those inherited from their
  workgroups (highest proficiency wins), rated by `proficiencyBands`; one wrap-up code per CIC
  code (name only); one queue per workgroup with its synced members and wrap-up codes;
- the "GenesysCloudMessaging" client-credentials OAuth client (Manage Client Configuration)
  and its role, when SMS numbers are listed or asked for;
- an implicit-grant client whose redirect URIs are the Browser Client Applications URIs;
- the SMS numbers listed (`gcx.dynamic.SmsPhoneNumber`: given, or found by the provisioning
  dialog's search criteria, then provisioned and waited for), each with its webhook basic-auth
  login stored as a `basicAuth` integration credential;
- optionally PureConnect as the org's SAML identity provider (`IdpGeneric`) behind the customer's
  reverse proxy, whose nginx configuration `gcx pureconnect nginx` renders from the handoff.

The handoff holds what the CIC administrator types into Interaction Administrator and a
checklist of the steps that stay manual (the Enforce Scopes precondition among them).

Choices where the guide is silent (also in the Args descriptions): the 1-100 -> 0-5 proficiency
bands (`ceil(p / 20)`, unverified); the messaging role's permissions (the catalog's SMS phone
number permissions); the browser client's scopes; the webhook login lives in an integration
credential because the SMS number API has no field for it, while the contact email, comment and
MO/DR URLs, which the API has no field for either, are handed to CIC.
"""

from __future__ import annotations

import base64
import binascii
import itertools
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import pulumi
from cryptography import x509
from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    InstanceOf,
    SecretStr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from components.base import ComponentArgs, GenesysComponent, TenantComponentArgs
from components.cic_export import (
    CicExport,
    CicExportError,
    CicPhones,
    CicUser,
    EmailAddress,
    load_cic_export,
    validate_cic_export,
)
from components.genesyscloud import genesyscloud
from components.roles import permission_policies
from gcx.catalog import integration_types, oauth, scim
from gcx.dynamic.sms_number import SmsNumberSearchArgs, SmsPhoneNumber, SmsPhoneNumberProvider
from gcx.handoff.nginx import PureConnectProxy

__all__ = [
    "CIC_PHONE_TYPES",
    "DEFAULT_PROFICIENCY_BANDS",
    "BrowserClientArgs",
    "MessagingClientArgs",
    "ProficiencyBand",
    "PureConnectIntegration",
    "PureConnectIntegrationArgs",
    "PureConnectSsoArgs",
    "SmsNumberArgs",
    "SmsSearchArgs",
]

# CIC Personal Info phone -> the SCIM phone type the bridge writes (the catalog maps it to the profile).
CIC_PHONE_TYPES: dict[str, str] = {
    "business": "work",
    "business2": "work2",
    "mobile": "mobile",
    "home": "home",
    "fax": "other",
}
# Guide: "Duration (Seconds): between 10 minutes and 48 hours ... a default of 24 hours".
MESSAGING_MIN_TOKEN_SECONDS = 600
MESSAGING_MAX_TOKEN_SECONDS = 48 * 3600
MESSAGING_PERMISSIONS = (
    "SMS > Phone Number > View",
    "SMS > Phone Number > Add",
    "SMS > Phone Number > Edit",
    "SMS > Phone Number > Delete",
)
BROWSER_CLIENT_SCOPES = ("conversations", "notifications", "presence:readonly", "users:readonly")
WEBHOOK_CREDENTIAL_TYPE = "basicAuth"
# The SMS dialog's number types -> the API's phoneNumberType.
SMS_NUMBER_TYPES: dict[str, str] = {"longcode": "local", "tollfree": "tollfree"}
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def _check_tables() -> None:
    # A typo here would otherwise only show when a user with that phone is synced.
    assert set(CIC_PHONE_TYPES) == set(CicPhones.model_fields), CIC_PHONE_TYPES
    for scim_type in CIC_PHONE_TYPES.values():
        scim.phone_type(scim_type)
    spec = integration_types.credential_type(WEBHOOK_CREDENTIAL_TYPE)
    assert spec is not None and len(spec.fields) == 2, WEBHOOK_CREDENTIAL_TYPE


# --- validators ---------------------------------------------------------------------------------


def _url(value: str, *, allow_local_http: bool) -> str:
    parts = urlsplit(value)
    local = allow_local_http and parts.scheme == "http" and (parts.hostname or "") in _LOCAL_HOSTS
    if parts.scheme != "https" and not local:
        if allow_local_http:
            raise ValueError(
                f"{value!r} must use https (http only for localhost): browsers receive access tokens there"
            )
        raise ValueError(f"{value!r} must use https; the guide requires secured webhook URLs")
    if not parts.hostname:
        raise ValueError(f"{value!r} has no host; write a full URL such as https://cic.example.com/path")
    if parts.fragment:
        raise ValueError(f"{value!r} must not have a #fragment; remove it")
    return value


def _https_url(value: str) -> str:
    return _url(value, allow_local_http=False)


def _redirect_uri(value: str) -> str:
    return _url(value, allow_local_http=True)


HttpsUrl = Annotated[str, AfterValidator(_https_url)]
RedirectUri = Annotated[str, AfterValidator(_redirect_uri)]


# --- Args ---------------------------------------------------------------------------------------


class ProficiencyBand(ComponentArgs):
    """CIC proficiencies up to `upTo` get `rating` in Genesys Cloud."""

    up_to: int = Field(ge=1, le=100, description="Highest CIC proficiency (1-100) in this band.")
    rating: int = Field(ge=0, le=5, description="Genesys Cloud proficiency (0-5 stars) of the band.")


DEFAULT_PROFICIENCY_BANDS: tuple[ProficiencyBand, ...] = tuple(
    ProficiencyBand(up_to=20 * stars, rating=stars) for stars in range(1, 6)
)


class MessagingClientArgs(ComponentArgs):
    """The "GenesysCloudMessaging" OAuth client of CIC's Manage Client Configuration dialog."""

    enabled: bool | None = Field(
        None, description="Create the client; by default it is created when smsNumbers lists numbers."
    )
    service_name: str = Field(
        "GenesysCloudMessaging", min_length=1, description="Client name (the dialog's Service Name)."
    )
    description: str = Field(
        "PureConnect integration with Genesys Cloud messaging", description="Client description."
    )
    token_lifetime_seconds: int = Field(
        oauth.DEFAULT_TOKEN_VALIDITY_SECONDS,
        description="Token lifetime (the dialog's Duration), 600 to 172800 seconds; default 86400 (24 h).",
    )
    role_name: str = Field("PureConnect Messaging", min_length=1, description="Name of the client's role.")
    permissions: tuple[str, ...] = Field(
        MESSAGING_PERMISSIONS,
        min_length=1,
        description="Permission labels or strings of the client's role (our choice: the catalog's SMS "
        "phone number permissions; the guide does not list them).",
    )

    @field_validator("token_lifetime_seconds")
    @classmethod
    def _lifetime(cls, value: int) -> int:
        if not MESSAGING_MIN_TOKEN_SECONDS <= value <= MESSAGING_MAX_TOKEN_SECONDS:
            raise ValueError(
                f"{value} s is outside what CIC's Manage Client Configuration accepts: between 10 minutes "
                f"and 48 hours; use {MESSAGING_MIN_TOKEN_SECONDS} to {MESSAGING_MAX_TOKEN_SECONDS} "
                f"(default {oauth.DEFAULT_TOKEN_VALIDITY_SECONDS}, 24 hours)"
            )
        return value


class BrowserClientArgs(ComponentArgs):
    """CIC's Browser Client Applications tab: Interaction Connect and other browser apps' URIs."""

    uris: tuple[RedirectUri, ...] = Field(
        min_length=1,
        description="URIs of Interaction Connect and other browser clients (https; http only for "
        "localhost). WebRTC, Co-browse and Inbox Notifications need the Interaction Connect URI.",
    )
    client_name: str = Field(
        "PureConnect Browser Client Applications", min_length=1, description="OAuth client name."
    )
    scopes: tuple[str, ...] = Field(
        BROWSER_CLIENT_SCOPES,
        min_length=1,
        description="Scopes of the implicit-grant client (our choice; the guide does not list them).",
    )

    @field_validator("uris")
    @classmethod
    def _distinct(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise ValueError("a URI is listed twice; list each browser client URI once")
        return value

    @field_validator("scopes")
    @classmethod
    def _known_scopes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [s for s in value if s not in oauth.SCOPES]
        if unknown:
            raise ValueError(f"unknown OAuth scopes {unknown}; use scopes from gcx.catalog.oauth.SCOPES")
        return value


class SmsSearchArgs(ComponentArgs):
    """The SMS provisioning dialog's search criteria (give at least one)."""

    area_code: str | None = Field(None, description="Area code: first digit 2-9, then two digits 0-9.")
    exchange: str | None = Field(None, description="Exchange: first digit 2-9, then two digits (US/CA).")
    city: str | None = Field(None, description="City or town.")
    state: str | None = Field(None, description="State or province.")
    postal_code: str | None = Field(None, description="Postal code.")
    vanity: str | None = Field(None, description="4 to 7 letters or digits.")
    ends_with: str | None = Field(None, description="Characters the number ends with.")

    def to_search(self) -> SmsNumberSearchArgs:
        return SmsNumberSearchArgs(
            area_code=self.area_code,
            city=self.city,
            region=self.state,
            postal_code=self.postal_code,
            exchange=self.exchange,
            vanity=self.vanity,
            ends_with=self.ends_with,
        )


# SmsNumberSearchArgs key -> our camelCase field, to name the field in check failures.
_SEARCH_FIELDS = {
    "area_code": "areaCode",
    "city": "city",
    "region": "state",
    "postal_code": "postalCode",
    "exchange": "exchange",
    "vanity": "vanity",
    "ends_with": "endsWith",
}
_SMS_FIELDS = {
    "phone_number_type": "type",
    "country_code": "country",
    "phone_number": "number",
}


class SmsNumberArgs(ComponentArgs):
    """One number of CIC's SMS Configuration tab: found or given, provisioned, with its webhooks."""

    model_config = ConfigDict(hide_input_in_errors=True)

    type: Literal["longcode", "tollfree"] = Field("longcode", description="Longcode or tollfree.")
    country: str = Field("US", description="ISO 3166-1 alpha-2 country of the number.")
    number: str | None = Field(None, description="The E.164 number to provision; else give search.")
    search: SmsSearchArgs | None = Field(None, description="Search criteria when no number is given.")
    comment: str | None = Field(
        None,
        description="The dialog's Comment (kept on the CIC side: the SMS number API has no field for it).",
    )
    email: EmailAddress = Field(description="Contact email address of the number.")
    webhook_username: str = Field(min_length=1, description="Basic-auth user name of the MO and DR webhooks.")
    webhook_password: SecretStr | InstanceOf[pulumi.Output] = Field(
        description="Basic-auth password of the MO and DR webhooks (a secret)."
    )
    mo_url: HttpsUrl = Field(description="Mobile Originated webhook URL (https).")
    dr_url: HttpsUrl = Field(description="Delivery Receipt webhook URL (https).")

    @model_validator(mode="after")
    def _provider_rules(self) -> SmsNumberArgs:
        # The SmsPhoneNumber provider owns the number and search rules; ask it now, before any
        # resource exists. Its connection complaint is irrelevant here (the stack supplies one).
        result = SmsPhoneNumberProvider().check({}, self.provider_inputs())
        problems = [
            f"{_field_path(f.property)}: {f.reason}"
            for f in result.failures or []
            if f.property != "connection"
        ]
        if self.number is None and self.search is None:
            problems.append("number: give the number to provision, or search criteria to find one")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def provider_inputs(self) -> dict[str, Any]:
        return {
            "phone_number_type": SMS_NUMBER_TYPES[self.type],
            "country_code": self.country.strip().upper(),
            "phone_number": self.number,
            "search": self.search.to_search().to_input() if self.search else None,
        }

    @property
    def key(self) -> str:
        """Names the number's resources: stable while the entry keeps its number, comment or search."""
        if self.number:
            return self.number
        if self.comment:
            return self.comment
        assert self.search is not None
        return "-".join(f"{k}-{v}" for k, v in self.search.model_dump(by_alias=True).items() if v)


def _field_path(provider_property: str) -> str:
    head, _, rest = provider_property.partition(".")
    if head == "search":
        return f"search.{_SEARCH_FIELDS.get(rest, rest)}" if rest else "search"
    return _SMS_FIELDS.get(head, head)


class PureConnectSsoArgs(ComponentArgs):
    """PureConnect as Genesys Cloud's single sign-on provider, behind the customer's reverse proxy."""

    proxy: PureConnectProxy = Field(
        description="The reverse proxy in front of the CIC switchover pair (host, port, path, servers, "
        "certificate paths); `gcx pureconnect nginx` renders its nginx configuration."
    )
    certificate: str = Field(
        description="PEM X.509 certificate Genesys Cloud uses to check PureConnect's SAML assertions."
    )
    login_icon: str | None = Field(
        None, description="Base64-encoded SVG shown under 'Log in with another account'."
    )
    name: str = Field("PureConnect", min_length=1, description="Identity provider name.")

    @field_validator("certificate")
    @classmethod
    def _pem_certificate(cls, value: str) -> str:
        try:
            x509.load_pem_x509_certificate(value.strip().encode())
        except ValueError:
            raise ValueError(
                "certificate is not a PEM X.509 certificate; paste the whole "
                "-----BEGIN CERTIFICATE----- block"
            ) from None
        return value.strip()

    @field_validator("login_icon")
    @classmethod
    def _svg_icon(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            svg = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(
                "loginIcon must be base64 text; encode the SVG file, e.g. `base64 -w0 icon.svg`"
            ) from None
        if b"<svg" not in svg[:4096]:
            raise ValueError("loginIcon must be an SVG image (base64 of a file containing <svg ...>)")
        return value


def _load_export(value: Any, info: ValidationInfo) -> Any:
    if isinstance(value, str | Path):
        path = Path(value)
        base = (info.context or {}).get("base_dir")
        if not path.is_absolute() and base is not None:
            path = Path(base) / path
        try:
            return load_cic_export(path)
        except CicExportError as exc:
            raise ValueError(str(exc)) from None
    if isinstance(value, Mapping):
        try:
            return validate_cic_export(value, "cicExport")
        except CicExportError as exc:
            raise ValueError(str(exc)) from None
    return value


class PureConnectIntegrationArgs(TenantComponentArgs):
    """Stack config of Genesys Cloud for PureConnect in one org."""

    model_config = ConfigDict(hide_input_in_errors=True)

    cic_export: CicExport = Field(
        description="The CIC export: a YAML/JSON file path (relative to the project directory) or the "
        "export itself (format: components/cic_export.py)."
    )
    sync_advanced_platform_objects: bool = Field(
        False,
        description="Interaction Administrator's 'Sync Advanced Platform Objects': also create queues, "
        "skills, languages and wrap-up codes, and give users their skills (CIC 2020 R2 or later).",
    )
    proficiency_bands: tuple[ProficiencyBand, ...] = Field(
        DEFAULT_PROFICIENCY_BANDS,
        description="CIC skill proficiency (1-100) -> Genesys Cloud rating (0-5). UNVERIFIED default: "
        "ceil(p/20), i.e. 1-20 -> 1 ... 81-100 -> 5; the guide only says 1-100 maps to 1-5 stars.",
    )
    messaging_client: MessagingClientArgs = Field(
        default_factory=MessagingClientArgs, description="The GenesysCloudMessaging OAuth client."
    )
    browser_client_applications: BrowserClientArgs | None = Field(
        None, description="Browser Client Applications URIs; an implicit-grant client is created for them."
    )
    sms_numbers: tuple[SmsNumberArgs, ...] = Field(
        (), description="SMS numbers to provision (long code or toll-free), with their webhooks."
    )
    sso: PureConnectSsoArgs | None = Field(
        None, description="PureConnect as Genesys Cloud's single sign-on provider (CIC 2020 R2 or later)."
    )

    _load = field_validator("cic_export", mode="before")(_load_export)

    @field_validator("proficiency_bands")
    @classmethod
    def _bands_cover_1_to_100(cls, bands: tuple[ProficiencyBand, ...]) -> tuple[ProficiencyBand, ...]:
        if not bands:
            raise ValueError("give at least one band; the last one must have upTo: 100")
        for before, after in itertools.pairwise(bands):
            if after.up_to <= before.up_to:
                raise ValueError(f"upTo values must increase: {after.up_to} follows {before.up_to}")
            if after.rating < before.rating:
                raise ValueError(
                    f"ratings must not decrease (a higher CIC proficiency cannot rate lower): "
                    f"{after.rating} follows {before.rating}"
                )
        if bands[-1].up_to != 100:
            raise ValueError(f"the last band ends at {bands[-1].up_to}; it must have upTo: 100")
        return bands

    @field_validator("sms_numbers")
    @classmethod
    def _distinct_numbers(cls, numbers: tuple[SmsNumberArgs, ...]) -> tuple[SmsNumberArgs, ...]:
        seen: dict[str, int] = {}
        for i, number in enumerate(numbers):
            if number.key in seen:
                raise ValueError(
                    f"[{i}] repeats [{seen[number.key]}] ({number.key!r}); give each number a distinct "
                    "number or comment"
                )
            seen[number.key] = i
        return numbers

    @model_validator(mode="after")
    def _sms_needs_client_and_connection(self) -> PureConnectIntegrationArgs:
        if self.sms_numbers and self.messaging_client.enabled is False:
            raise ValueError(
                "messagingClient.enabled: CIC sends and receives SMS through the GenesysCloudMessaging "
                "client; keep it enabled while smsNumbers lists numbers"
            )
        if self.sms_numbers and self.connection is None:
            raise ValueError(
                "smsNumbers: provisioning numbers needs connection (GenesysConnectionArgs for the tenant "
                "org); the tenant stack sets it"
            )
        return self

    # --- derived facts --------------------------------------------------------------------------

    @property
    def creates_messaging_client(self) -> bool:
        enabled = self.messaging_client.enabled
        return bool(self.sms_numbers) if enabled is None else enabled

    def rating(self, proficiency: int) -> int:
        """The Genesys Cloud rating of a CIC proficiency (1-100) under `proficiency_bands`."""
        return next(band.rating for band in self.proficiency_bands if proficiency <= band.up_to)

    def fax_to_other_phone_users(self) -> tuple[str, ...]:
        """Business emails of synced users whose Fax this sync writes into Other Phone.

        A UC segment (seed 004) that also maps a number into Other Phone for these users would
        fight with this sync; the stack rejects that combination.
        """
        fax_lands_in_other = scim.phone_type(CIC_PHONE_TYPES["fax"]).is_other_phone
        return tuple(
            u.business_email
            for u in self.cic_export.synced_users()
            if fax_lands_in_other and u.business_email and u.phones.fax
        )

    @property
    def writes_other_phone(self) -> bool:
        return bool(self.fax_to_other_phone_users())


# --- the component ------------------------------------------------------------------------------


def _phone_numbers(user: CicUser) -> list[genesyscloud.UserAddressesPhoneNumberArgs]:
    return [
        genesyscloud.UserAddressesPhoneNumberArgs(
            number=number,
            type=scim.phone_type(CIC_PHONE_TYPES[field]).contact_type,
            media_type="PHONE",
        )
        for field, number in user.phones.given().items()
    ]


class PureConnectIntegration(GenesysComponent):
    """The Genesys Cloud side of Genesys Cloud for PureConnect (see the module docstring)."""

    users: dict[str, genesyscloud.User]
    skills: dict[str, genesyscloud.RoutingSkill]
    languages: dict[str, genesyscloud.RoutingLanguage]
    wrapup_codes: dict[str, genesyscloud.RoutingWrapupcode]
    queues: dict[str, genesyscloud.RoutingQueue]
    messaging_client: genesyscloud.OauthClient | None
    browser_client: genesyscloud.OauthClient | None
    sms_numbers: dict[str, SmsPhoneNumber]
    identity_provider: genesyscloud.IdpGeneric | None
    handoff: dict[str, Any]

    def __init__(
        self, name: str, args: PureConnectIntegrationArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("PureConnectIntegration", name, opts)
        export = args.cic_export
        for user in export.skipped_users():
            pulumi.log.warn(
                f"PureConnect user {user.user_name!r} has no business email and is not synced; add one in "
                "Interaction Administrator (User > Personal Info > Internet > Business Email)",
                resource=self,
            )

        advanced = args.sync_advanced_platform_objects
        self.skills, self.languages, self.wrapup_codes = {}, {}, {}
        if advanced:
            self._create_skills_and_codes(export)
        self.users = {user.user_name: self._create_user(args, user) for user in export.synced_users()}
        self.queues = (
            {w.name: self._create_queue(export, w.name) for w in export.workgroups} if advanced else {}
        )

        self.messaging_client = self._create_messaging_client(args) if args.creates_messaging_client else None
        self.sms_numbers = {}
        browser = args.browser_client_applications
        self.browser_client = self._create_browser_client(browser) if browser else None
        sms_handoff = [self._create_sms_number(args, number) for number in args.sms_numbers]
        self.identity_provider = self._create_identity_provider(args.sso) if args.sso else None

        organization = genesyscloud.get_organizations_me_output(opts=pulumi.InvokeOutputOptions(parent=self))
        self.handoff = {
            "organizationShortName": organization.third_party_org_name,
            "users": {
                "synced": len(self.users),
                "skippedWithoutBusinessEmail": [u.user_name for u in export.skipped_users()],
            },
            "syncAdvancedPlatformObjects": advanced,
            "checklist": _checklist(args),
        }
        if self.messaging_client is not None:
            self.handoff["messagingClient"] = {
                "serviceName": args.messaging_client.service_name,
                "clientId": self.messaging_client.client_id,
                "clientSecret": self.messaging_client.client_secret,
                "durationSeconds": args.messaging_client.token_lifetime_seconds,
                "description": args.messaging_client.description,
            }
        if self.browser_client is not None and browser is not None:
            self.handoff["browserClientApplications"] = {
                "clientId": self.browser_client.client_id,
                "uris": list(browser.uris),
            }
        if sms_handoff:
            self.handoff["smsNumbers"] = sms_handoff
        if args.sso is not None and self.identity_provider is not None:
            proxy = args.sso.proxy
            self.handoff["sso"] = {
                "proxy": proxy.model_dump(by_alias=True, mode="json"),
                "issuerUri": proxy.issuer_uri,
                "targetUri": proxy.target_uri,
                "identityProviderId": self.identity_provider.id,
            }
        self.finish({"handoff": self.handoff})

    def _create_skills_and_codes(self, export: CicExport) -> None:
        for skill in export.skills:
            if skill.treat_as_language:
                self.languages[skill.name] = genesyscloud.RoutingLanguage(
                    self.child_name(f"language-{skill.name}"), name=skill.name, opts=self.child_opts()
                )
            else:
                self.skills[skill.name] = genesyscloud.RoutingSkill(
                    self.child_name(f"skill-{skill.name}"), name=skill.name, opts=self.child_opts()
                )
        for code in export.wrap_up_codes:
            self.wrapup_codes[code.name] = genesyscloud.RoutingWrapupcode(
                self.child_name(f"wrapup-{code.name}"), name=code.name, opts=self.child_opts()
            )

    def _create_user(self, args: PureConnectIntegrationArgs, user: CicUser) -> genesyscloud.User:
        routing: dict[str, Any] = {}
        if args.sync_advanced_platform_objects:
            held = args.cic_export.effective_skills(user.user_name)
            routing["routing_skills"] = [
                genesyscloud.UserRoutingSkillArgs(skill_id=self.skills[s].id, proficiency=args.rating(p))
                for s, p in held.items()
                if s in self.skills
            ]
            routing["routing_languages"] = [
                genesyscloud.UserRoutingLanguageArgs(
                    language_id=self.languages[s].id, proficiency=args.rating(p)
                )
                for s, p in held.items()
                if s in self.languages
            ]
        assert user.business_email is not None
        return genesyscloud.User(
            self.child_name(f"user-{user.user_name}"),
            email=user.business_email,
            name=user.effective_display_name,
            addresses=genesyscloud.UserAddressesArgs(phone_numbers=_phone_numbers(user)),
            opts=self.child_opts(),
            **routing,
        )

    def _create_queue(self, export: CicExport, workgroup: str) -> genesyscloud.RoutingQueue:
        codes = next(w.wrap_up_codes for w in export.workgroups if w.name == workgroup)
        return genesyscloud.RoutingQueue(
            self.child_name(f"queue-{workgroup}"),
            name=workgroup,
            members=[
                genesyscloud.RoutingQueueMemberArgs(user_id=self.users[member].id)
                for member in export.members(workgroup)
                if member in self.users
            ],
            wrapup_codes=[self.wrapup_codes[code].id for code in codes],
            opts=self.child_opts(),
        )

    def _create_messaging_client(self, args: PureConnectIntegrationArgs) -> genesyscloud.OauthClient:
        settings = args.messaging_client
        role = genesyscloud.AuthRole(
            self.child_name("messaging-role"),
            name=settings.role_name,
            description=f"What PureConnect's {settings.service_name} client may do: provision and use "
            "SMS numbers.",
            permission_policies=permission_policies(args.catalog.permissions(settings.permissions)),
            opts=self.child_opts(),
        )
        return genesyscloud.OauthClient(
            self.child_name("messaging-client"),
            name=settings.service_name,
            description=settings.description,
            authorized_grant_type=oauth.grant_type("CLIENT-CREDENTIALS").api_value,
            access_token_validity_seconds=settings.token_lifetime_seconds,
            roles=[genesyscloud.OauthClientRoleArgs(role_id=role.id)],
            expose_client_secret=True,
            opts=self.child_opts(),
        )

    def _create_browser_client(self, browser: BrowserClientArgs) -> genesyscloud.OauthClient:
        return genesyscloud.OauthClient(
            self.child_name("browser-client"),
            name=browser.client_name,
            description="Interaction Connect and other PureConnect browser clients (CIC Browser Client "
            "Applications).",
            authorized_grant_type=oauth.grant_type("TOKEN").api_value,
            registered_redirect_uris=list(browser.uris),
            scopes=list(browser.scopes),
            opts=self.child_opts(),
        )

    def _create_sms_number(self, args: PureConnectIntegrationArgs, number: SmsNumberArgs) -> dict[str, Any]:
        assert args.connection is not None  # Args validation guarantees it
        inputs = number.provider_inputs()
        sms = SmsPhoneNumber(
            self.child_name(f"sms-{number.key}"),
            connection=args.connection,
            phone_number_type=inputs["phone_number_type"],
            country_code=inputs["country_code"],
            phone_number=number.number,
            search=number.search.to_search() if number.search else None,
            opts=self.child_opts(),
        )
        password = number.webhook_password
        secret = pulumi.Output.secret(
            password.get_secret_value() if isinstance(password, SecretStr) else password
        )
        spec = integration_types.credential_type(WEBHOOK_CREDENTIAL_TYPE)
        assert spec is not None
        user_field, password_field = spec.fields
        credential = genesyscloud.IntegrationCredential(
            self.child_name(f"sms-{number.key}-webhook"),
            name=f"PureConnect SMS webhook {number.key}",
            credential_type_name=spec.name,
            fields={user_field: number.webhook_username, password_field: secret},
            opts=self.child_opts(),
        )
        self.sms_numbers[number.key] = sms
        return {
            "number": sms.phone_number,
            "numberId": sms.phone_number_id,
            "type": number.type,
            "provisioningState": sms.provisioning_state,
            "email": number.email,
            "comment": number.comment,
            "webhookUsername": number.webhook_username,
            "webhookCredentialId": credential.id,
            "moUrl": number.mo_url,
            "drUrl": number.dr_url,
        }

    def _create_identity_provider(self, sso: PureConnectSsoArgs) -> genesyscloud.IdpGeneric:
        return genesyscloud.IdpGeneric(
            self.child_name("sso"),
            name=sso.name,
            issuer_uri=sso.proxy.issuer_uri,
            target_uri=sso.proxy.target_uri,
            certificates=[sso.certificate],
            logo_image_data=sso.login_icon,
            disabled=False,
            opts=self.child_opts(),
        )


def _checklist(args: PureConnectIntegrationArgs) -> list[str]:
    steps = [
        "Interaction Administrator: create the PureCloudAdmin user before enabling the integration, and "
        "never modify or delete it (the Genesys Cloud Bridge connectors log in with it).",
        "Genesys Cloud: Admin > Organization Settings > Settings: keep Enforce Scopes OFF; when it is on, "
        "CIC fails to authenticate and Integration Health shows API Health errors.",
        "Interaction Administrator: System Configuration > Genesys Cloud > Configuration: enable the "
        "integration with the org administrator's email and password, the organization short name "
        "(organizationShortName) and the org's region.",
    ]
    skipped = [u.user_name for u in args.cic_export.skipped_users()]
    if skipped:
        steps.append(
            f"Interaction Administrator: give a business email to {', '.join(skipped)} "
            "(users without one are not synced), then apply this stack again."
        )
    if args.sync_advanced_platform_objects:
        languages = [s.name for s in args.cic_export.skills if s.treat_as_language]
        steps.append(
            "Interaction Administrator: Synchronization Options: select Sync Advanced Platform Objects "
            "(CIC 2020 R2 or later) and click Apply."
        )
        steps.append(
            "Interaction Administrator: People > Skills > Genesys Cloud: Treat as Language must be set for "
            + (", ".join(languages) if languages else "no skill")
            + " and cleared for every other skill, as in the CIC export."
        )
    if args.creates_messaging_client:
        steps.append(
            "Interaction Administrator: SMS Configuration > Manage Client: enter the messagingClient "
            "service name, client id, client secret and duration."
        )
    if args.browser_client_applications is not None:
        steps.append(
            "Interaction Administrator: Browser Client Applications: add each URI of "
            "browserClientApplications.uris and click Apply."
        )
    if args.sms_numbers:
        steps.append(
            "Interaction Administrator: SMS Configuration: click Refresh; for each number of smsNumbers "
            "use Edit to enter its email, webhook user name and password, MO URL and DR URL."
        )
        if any(n.type == "tollfree" and n.country.upper() in ("US", "CA") for n in args.sms_numbers):
            steps.append(
                "Genesys Cloud: US and Canadian toll-free numbers need toll-free messaging verification "
                "before they can send SMS."
            )
    if args.sso is not None:
        steps.append(
            "Reverse proxy: install the configuration `gcx pureconnect nginx --stack <stack> --tenant "
            "<tenant>` renders, with a certificate the agents' browsers trust (CIC 2020 R2 or later)."
        )
    return steps


_check_tables()
