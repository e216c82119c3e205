"""`EmiteIntegration`: Genesys Cloud set up for eMite analytics (seed 002), end to end.

The guide's three parts, in the org:

- Application: the ``emite_Access`` group, the custom client application "eMite Advanced
  Analytics" (``embedded-client-app``: active, standalone, the guide's iframe sandbox options,
  shown only to ``emite_Access``, opening the redirect URL) and the ``emite_SSO`` code-grant client;
- Data: the "eMite Data Integration" role with the guide's 41 permissions (kept below as the
  guide's table rows and resolved through the catalog), and the ``emite_APIdata`` and
  ``emite_RealtimeData`` client-credentials clients holding it on all divisions, plus the optional
  ``emite_WFMLookback`` and ``emite_WFMActivity``;
- Users: the ``emite_DashboardViewer`` and ``emite_DashboardCreator`` groups, and one
  ``eMite_<Division>`` role per division with ``Integration > emiteApps > View`` (eMite's data
  onboarding licence), granted on that division to the given agents or groups.

The redirect URL is ``https://<code>-cloud.emite.com/emite/<short>/Auth/OAuthPureCloud?org=<short>``
with the region's eMite code from `gcx.regions`. The handoff is eMite's Integration Details Form.
Assigning the data role to yourself (guide step 7) stays a checklist item: it concerns a person.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pulumi
from pydantic import Field, field_validator, model_validator

from components.base import ComponentArgs, GenesysComponent, TenantComponentArgs
from components.genesyscloud import genesyscloud
from components.roles import grant_role, permission_policies
from gcx.catalog import oauth
from gcx.regions import UnknownRegionError, emite_code

__all__ = [
    "DATA_ROLE_PERMISSIONS",
    "SSO_SCOPES",
    "EmiteDivision",
    "EmiteIntegration",
    "EmiteIntegrationArgs",
    "redirect_url",
]

APP_INTEGRATION_TYPE = "embedded-client-app"
APP_NAME = "eMite Advanced Analytics"
APP_SANDBOX = (
    "allow-scripts",
    "allow-same-origin",
    "allow-forms",
    "allow-modals",
    "allow-popups",
    "allow-downloads",
)
ACCESS_GROUP, VIEWER_GROUP, CREATOR_GROUP = "emite_Access", "emite_DashboardViewer", "emite_DashboardCreator"
SSO_CLIENT = "emite_SSO"
# The guide lists `user:readonly`; the Platform API's scope is `users:readonly` (see the catalog).
SSO_SCOPES = (
    "authorization:readonly",
    "groups:readonly",
    "integrations:readonly",
    "oauth:readonly",
    "organization:readonly",
    "users:readonly",
)
TOKEN_SECONDS = 86_400
DATA_ROLE = "eMite Data Integration"
DATA_CLIENTS = ("emite_APIdata", "emite_RealtimeData")
WFM_CLIENTS = ("emite_WFMLookback", "emite_WFMActivity")
ALL_DIVISIONS = "*"
LICENCE_PERMISSION = "Integration > emiteApps > View"

# The guide's table: Type / Permission Name / Permission Level.
DATA_ROLE_PERMISSIONS: tuple[tuple[str, str, str], ...] = (
    ("Analytics", "Conversation Detail", "View"),
    ("Analytics", "Conversation Aggregate", "View"),
    ("Analytics", "Conversation properties", "All Permissions"),
    ("Analytics", "Evaluation Aggregate", "View"),
    ("Analytics", "Queue Observation", "View"),
    ("Analytics", "User Aggregate", "View"),
    ("Analytics", "User Detail", "View"),
    ("Analytics", "User observation", "View"),
    ("Analytics", "Flow Aggregate", "View"),
    ("Analytics", "Survey Aggregate", "View"),
    ("Conversation", "Communication", "View"),
    ("Architect", "Flow", "View"),
    ("Authorization", "Grant", "View"),
    ("Directory", "User", "View"),
    ("Directory", "User profile", "View"),
    ("External Contacts", "Contact", "View"),
    ("Outbound", "Campaign sequence", "View"),
    ("Outbound", "Campaign", "View"),
    ("Outbound", "Contact list", "View"),
    ("Outbound", "Contact", "View"),
    ("Outbound", "Response set", "View"),
    ("Outbound", "Wrap up code mapping", "View"),
    ("Routing", "Queue", "View"),
    ("Routing", "Queue", "Join"),
    ("Routing", "Queue", "Search"),
    ("Routing", "Wrap up code", "View"),
    ("Quality", "Evaluation Form", "View"),
    ("Quality", "Evaluation", "View"),
    ("Quality", "Survey", "View"),
    ("WFM", "Agent", "View"),
    ("WFM", "Agent", "Edit"),
    ("WFM", "Historical Adherence", "View"),
    ("WFM", "Realtime Adherence", "View"),
    ("WFM", "Adhoc Forecast", "View"),
    ("WFM", "Agent Schedule", "View"),
    ("WFM", "Intraday", "View"),
    ("WFM", "Agent Schedule Notification", "View"),
    ("WFM", "Activity Code", "View"),
    ("WFM", "Management Unit", "View"),
    ("WFM", "Management Unit", "Edit"),
    ("WFM", "Time Off Request", "View"),
)

_SHORT_NAME = re.compile(r"^[a-z0-9]+$")
_DIVISION_KEY = re.compile(r"[^a-z0-9]+")


def redirect_url(region_code: str, short_name: str) -> str:
    """The eMite application / SSO redirect URL for an org."""
    return f"https://{region_code}-cloud.emite.com/emite/{short_name}/Auth/OAuthPureCloud?org={short_name}"


def _division_key(name: str) -> str:
    return _DIVISION_KEY.sub("-", name.lower()).strip("-")


class EmiteDivision(ComponentArgs):
    """A division eMite reports on: its ``eMite_<name>`` role and who gets it."""

    name: str = Field(min_length=1, description='Division name; the role is named "eMite_<name>".')
    division_id: str | None = Field(
        default=None, description="Division id the role is granted on; the home division when unset."
    )
    agent_ids: list[str] = Field(
        default_factory=list, description="User ids of the division's agents that get the role."
    )
    group_ids: list[str] = Field(default_factory=list, description="Ids of groups that get the role.")

    @field_validator("name")
    @classmethod
    def _has_a_key(cls, value: str) -> str:
        if not _division_key(value):
            raise ValueError(f"division name {value!r} needs at least one letter or digit")
        return value

    @property
    def role_name(self) -> str:
        return f"eMite_{self.name}"


class EmiteIntegrationArgs(TenantComponentArgs):
    """Stack config of the eMite integration of one org."""

    region: str = Field(
        description="The org's Genesys Cloud region (e.g. eu-west-1); it must have an eMite code."
    )
    org_short_name: str = Field(
        description="The organization short name (Admin > Organization Settings): lower case letters "
        "and digits."
    )
    access_member_ids: list[str] | None = Field(
        default=None, description="User ids in emite_Access (who sees the app); unset: members not managed."
    )
    dashboard_viewer_member_ids: list[str] | None = Field(
        default=None, description="User ids in emite_DashboardViewer; unset: members not managed."
    )
    dashboard_creator_member_ids: list[str] | None = Field(
        default=None, description="User ids in emite_DashboardCreator; unset: members not managed."
    )
    wfm_clients: bool = Field(
        default=False, description="Also create emite_WFMLookback and emite_WFMActivity (WFM data)."
    )
    divisions: list[EmiteDivision] = Field(
        default_factory=list, description="Divisions eMite onboards data for, one eMite_<Division> role each."
    )

    @field_validator("region")
    @classmethod
    def _emite_serves_the_region(cls, value: str) -> str:
        try:
            emite_code(value)
        except UnknownRegionError as exc:
            raise ValueError(str(exc)) from None
        return value

    @field_validator("org_short_name")
    @classmethod
    def _lower_case_short_name(cls, value: str) -> str:
        if not _SHORT_NAME.match(value):
            hint = f"; did you mean {value.lower()!r}?" if _SHORT_NAME.match(value.lower()) else ""
            raise ValueError(
                f"organization short name {value!r} must be lower case letters and digits, without spaces "
                f"or special characters, exactly as Organization Settings shows it{hint}"
            )
        return value

    @model_validator(mode="after")
    def _divisions_are_distinct_and_reachable(self) -> EmiteIntegrationArgs:
        keys = [_division_key(d.name) for d in self.divisions]
        repeated = sorted({d.name for d, k in zip(self.divisions, keys, strict=True) if keys.count(k) > 1})
        if repeated:
            raise ValueError(f"divisions: names must be distinct; repeated: {', '.join(repeated)}")
        if self.connection is None and any(d.agent_ids or d.group_ids for d in self.divisions):
            raise ValueError(
                "connection: granting eMite_<Division> roles to agents or groups needs connection "
                "(GenesysConnectionArgs for the tenant org); the tenant stack sets it"
            )
        return self

    @property
    def region_code(self) -> str:
        return emite_code(self.region)

    @property
    def redirect_url(self) -> str:
        return redirect_url(self.region_code, self.org_short_name)


class EmiteIntegration(GenesysComponent):
    """eMite's application, data and user integrations; the handoff is the Integration Details Form."""

    groups: dict[str, genesyscloud.Group]
    app: genesyscloud.Integration
    sso_client: genesyscloud.OauthClient
    data_role: genesyscloud.AuthRole
    data_clients: dict[str, genesyscloud.OauthClient]
    division_roles: dict[str, genesyscloud.AuthRole]
    handoff: dict[str, Any]

    def __init__(
        self, name: str, args: EmiteIntegrationArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("EmiteIntegration", name, opts)
        facts, url = args.catalog, args.redirect_url

        members = {
            ACCESS_GROUP: args.access_member_ids,
            VIEWER_GROUP: args.dashboard_viewer_member_ids,
            CREATOR_GROUP: args.dashboard_creator_member_ids,
        }
        self.groups = {
            group: genesyscloud.Group(
                self.child_name(group),
                name=group,
                type="official",
                visibility="public",
                member_ids=member_ids,
                opts=self.child_opts(),
            )
            for group, member_ids in members.items()
        }

        access_group_id = self.groups[ACCESS_GROUP].id
        self.app = genesyscloud.Integration(
            self.child_name("app"),
            intended_state="ENABLED",
            integration_type=facts.integration_type(APP_INTEGRATION_TYPE),
            config=genesyscloud.IntegrationConfigArgs(
                name=APP_NAME,
                properties=access_group_id.apply(
                    lambda group_id: json.dumps(
                        {
                            "url": url,
                            "displayType": "standalone",
                            "sandbox": ",".join(APP_SANDBOX),
                            "groups": [group_id],
                        }
                    )
                ),
                advanced=json.dumps({}),
            ),
            opts=self.child_opts(),
        )

        self.sso_client = genesyscloud.OauthClient(
            self.child_name("sso-client"),
            name=SSO_CLIENT,
            authorized_grant_type=oauth.grant_type("CODE").api_value,
            access_token_validity_seconds=TOKEN_SECONDS,
            registered_redirect_uris=[url],
            scopes=list(SSO_SCOPES),
            expose_client_secret=True,
            opts=self.child_opts(),
        )

        self.data_role = genesyscloud.AuthRole(
            self.child_name("data-role"),
            name=DATA_ROLE,
            permission_policies=permission_policies(
                facts.permissions(" > ".join(row) for row in DATA_ROLE_PERMISSIONS)
            ),
            opts=self.child_opts(),
        )
        client_names = DATA_CLIENTS + (WFM_CLIENTS if args.wfm_clients else ())
        self.data_clients = {
            client: genesyscloud.OauthClient(
                self.child_name(client),
                name=client,
                authorized_grant_type=oauth.grant_type("CLIENT-CREDENTIALS").api_value,
                access_token_validity_seconds=TOKEN_SECONDS,
                roles=[
                    genesyscloud.OauthClientRoleArgs(role_id=self.data_role.id, division_id=ALL_DIVISIONS)
                ],
                expose_client_secret=True,
                opts=self.child_opts(),
            )
            for client in client_names
        }

        licence = permission_policies(facts.permissions([LICENCE_PERMISSION]))
        self.division_roles = {}
        for division in args.divisions:
            key = f"division-{_division_key(division.name)}"
            role = genesyscloud.AuthRole(
                self.child_name(key),
                name=division.role_name,
                description=f"eMite data onboarding licence for the agents of {division.name}.",
                permission_policies=licence,
                opts=self.child_opts(),
            )
            self.division_roles[division.role_name] = role
            if division.agent_ids or division.group_ids:
                assert args.connection is not None  # Args validation guarantees it
                grant_role(
                    self,
                    key,
                    role.id,
                    connection=args.connection,
                    group_ids=division.group_ids,
                    user_ids=division.agent_ids,
                    division_ids=[division.division_id] if division.division_id else None,
                )

        self.handoff = self._details_form(args, client_names)
        self.finish({"handoff": self.handoff})

    def _details_form(self, args: EmiteIntegrationArgs, client_names: tuple[str, ...]) -> dict[str, Any]:
        clients = {SSO_CLIENT: self.sso_client, **self.data_clients}
        return {
            "organizationShortName": args.org_short_name,
            "region": args.region,
            "regionCode": args.region_code,
            "redirectUrl": args.redirect_url,
            "application": {"name": APP_NAME, "integrationId": self.app.id},
            "oauthClients": {
                client_name: {"clientId": client.client_id, "clientSecret": client.client_secret}
                for client_name, client in clients.items()
            },
            "groups": {group: resource.id for group, resource in self.groups.items()},
            "dataRole": {"name": DATA_ROLE, "id": self.data_role.id},
            "divisionRoles": {
                d.role_name: {
                    "id": self.division_roles[d.role_name].id,
                    "divisionId": d.division_id or "home",
                }
                for d in args.divisions
            },
            "checklist": _checklist(args, client_names),
        }


def _checklist(args: EmiteIntegrationArgs, client_names: tuple[str, ...]) -> list[str]:
    items = [
        "Send this Integration Details Form to eMite (organization short name, region code, redirect URL, "
        "client ids and secrets, group names and ids).",
        f"Assign the '{DATA_ROLE}' role to yourself (Admin > People & Permissions > People > Roles); "
        "Genesys Cloud only lets you give OAuth clients roles you hold.",
    ]
    unmanaged = [
        group
        for group, members in (
            (ACCESS_GROUP, args.access_member_ids),
            (VIEWER_GROUP, args.dashboard_viewer_member_ids),
            (CREATOR_GROUP, args.dashboard_creator_member_ids),
        )
        if members is None
    ]
    if unmanaged:
        items.append(f"Add users to {', '.join(unmanaged)} (members are not managed by this stack).")
    uncovered = [d.role_name for d in args.divisions if not (d.agent_ids or d.group_ids)]
    if not args.divisions or uncovered:
        which = f" ({', '.join(uncovered)})" if uncovered else ""
        items.append(
            "Every agent eMite reports on needs Integration > emiteApps > View (eMite's data onboarding "
            f"licence): give each division's eMite_<Division> role{which} to all its agents."
        )
    if not set(WFM_CLIENTS) <= set(client_names):
        items.append("WFM data: enable wfmClients to add emite_WFMLookback and emite_WFMActivity.")
    return items
