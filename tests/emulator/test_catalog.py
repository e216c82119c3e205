"""The shared catalog tables: permission lookup by UI label, wildcards, grants, SCIM phone rules."""

from __future__ import annotations

import pytest

from gcx.catalog import oauth, permissions, roles, scim
from gcx.catalog.integration_types import INTEGRATION_TYPES, integration_type
from gcx.catalog.presence import presence_source


@pytest.mark.parametrize(
    ("label", "string", "verified"),
    [
        ("Analytics > Conversation Detail > View", "analytics:conversationDetail:view", True),
        ("Routing > Wrap up code > View", "routing:wrapupCode:view", True),
        ("Outbound > Wrap up code mapping > View", "outbound:wrapUpCodeMapping:view", True),
        ("Integration > 8\u00d78 > View", "integration:eightByEight:view", False),
        ("Integration > 8x8 > View", "integration:eightByEight:view", False),
        ("integration > emiteApps > View", "integration:emiteApps:view", False),
        ("WFM > Agent Schedule Notification > View", "wfm:agentScheduleNotification:view", False),
        ("Workforce Management > Agent > Edit", "wfm:agent:edit", True),
        (
            "Analytics > Conversation properties > All Permissions",
            "analytics:conversationProperties:*",
            False,
        ),
        ("Integrations > Integration > All", "integrations:integration:*", True),
        ("Presence > All Permissions", "presence:*:*", True),
        ("routing:queue:join", "routing:queue:join", True),
        ("journey:actionmap:*", "journey:actionmap:*", False),
    ],
)
def test_labels_and_strings_resolve(label: str, string: str, verified: bool) -> None:
    found = permissions.permission(label)
    assert (found.string, found.verified) == (string, verified)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Analytics > Conversation Detials > View", "unknown permission entity"),
        ("Routing > Queue > Fly", "known: view"),
        ("Telepathy > Mind > Read", "unknown permission domain"),
        ("routing:queue:fly", "unknown permission"),
        ("Routing > Queue", "must look like"),
    ],
)
def test_unknown_permissions_explain_the_fix(text: str, message: str) -> None:
    with pytest.raises(permissions.UnknownPermissionError, match=message):
        permissions.permission(text)


def test_wildcard_matching() -> None:
    assert permissions.matches("presence:*:*", "presence:source:view")
    assert permissions.matches("*:*:*", "integrations:integration:add")
    assert not permissions.matches("routing:queue:*", "routing:skill:view")
    assert permissions.matches("admin", "admin") and not permissions.matches("admin", "routing:queue:view")
    assert {p.action for p in permissions.expand("routing:queue:*")} >= {"view", "join", "search"}


def test_every_unverified_string_the_lead_listed_is_marked() -> None:
    unverified = {p.string for p in permissions.PERMISSIONS if not p.verified}
    for wanted in (
        "integration:eightByEight:view",
        "integration:microsoftTeams:view",
        "integration:zoomPhone:view",
        "integration:ringCentral:view",
        "integration:emiteApps:view",
        "wfm:adhocForecast:view",
        "wfm:agentScheduleNotification:view",
        "analytics:conversationProperties:view",
        "journey:session:view",
        "journey:actionmap:delete",
        "journey:deployment:view",
    ):
        assert wanted in unverified
    assert "integration:unifiedCommunications:view" not in unverified


def test_built_in_roles_and_grant_types() -> None:
    assert roles.built_in_role("admin").permissions == ("*:*:*",)
    assert "integration:unifiedCommunications:view" in roles.built_in_role("employee").permissions
    with pytest.raises(KeyError, match="employee"):
        roles.built_in_role("nobody")
    assert oauth.grant_type("SAML2BEARER").api_value == "SAML2-BEARER"
    assert (
        oauth.grant_type("CLIENT-CREDENTIALS").max_validity_seconds == oauth.SCIM_MAX_TOKEN_VALIDITY_SECONDS
    )
    assert oauth.grant_type("CODE").max_validity_seconds == 172_800 and oauth.grant_type("CODE").uses_scopes


def test_scim_phone_rules() -> None:
    assert {p.scim_type for p in scim.UC_PHONE_TYPES} == {
        "microsoftteams",
        "zoomphone",
        "eightbyeight",
        "ringcentral",
    }
    assert all(p.contact_type == "OTHER" and p.integration == p.scim_type for p in scim.UC_PHONE_TYPES)
    assert scim.primary_phone_index([("eightbyeight", False)]) == 0
    assert scim.primary_phone_index([("mobile", False), ("work", False), ("zoomphone", False)]) == 1
    assert scim.primary_phone_index([("work", False), ("microsoftteams", True)]) == 1
    assert scim.phone_type_for_contact("OTHER", "zoomphone").scim_type == "zoomphone"


def test_uc_integration_types_name_their_presence_source_and_permission() -> None:
    uc = [t for t in INTEGRATION_TYPES if t.is_unified_communications]
    assert {t.id for t in uc} == {"eight-by-eight", "microsoft-teams", "zoom-phone", "ringcentral"}
    for spec in uc:
        assert not spec.verified and presence_source(spec.presence_source or "") is not None
        assert all(permissions.permission(p) for p in spec.user_permissions)
    assert integration_type("embedded-client-app").properties_schema["required"] == ["url"]
