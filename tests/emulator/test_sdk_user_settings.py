"""The endpoints the provider needed beyond the seed workflows, driven only through the official SDK:
list query parameters in the SDK's comma-separated form, cursor listings, a user's utilization,
voicemail policy, locations, profile skills and certifications, the org's idle token timeout,
moving a user between divisions, and grants a user holds through a group."""

from __future__ import annotations

from typing import Any

import PureCloudPlatformClientV2 as gc
import pytest
from PureCloudPlatformClientV2.rest import ApiException

from gcx.emulator import EmulatorServer
from tests.emulator.sdk_models import build, complete, sdk_client


@pytest.fixture
def sdk(emulator: EmulatorServer) -> gc.ApiClient:
    org = emulator.create_org("SDK gaps", region="eu-west-1")
    return sdk_client(emulator, org.client_id, org.client_secret)


def _user(users: gc.UsersApi, name: str) -> Any:
    return users.post_users(build(gc.CreateUser, name=name, email=f"{name.lower()}@gaps.example"))


def test_list_parameters_in_the_sdk_csv_form(sdk: gc.ApiClient) -> None:
    users, routing = gc.UsersApi(sdk), gc.RoutingApi(sdk)
    ana, ben, _ = (_user(users, n) for n in ("Ana", "Ben", "Cat"))
    skill = routing.post_routing_skills(build(gc.RoutingSkill, name="Billing"))
    language = routing.post_routing_languages(build(gc.Language, name="Dutch"))
    users.put_user_routingskills_bulk(ana.id, [build(gc.UserRoutingSkillPost, id=skill.id, proficiency=4)])
    users.patch_user_routinglanguages_bulk(
        ana.id, [build(gc.UserRoutingLanguagePost, id=language.id, proficiency=2)]
    )

    # The SDK sends these lists as `expand=skills,languages` and `id=a,b`.
    read = complete(users.get_user(ana.id, expand=["skills", "languages"]), "skills", "languages")
    assert [(s.id, s.proficiency) for s in read.skills] == [(skill.id, 4)]
    assert [(lang.id, lang.proficiency) for lang in read.languages] == [(language.id, 2)]
    assert read.skills[0].name == "Billing"
    two = complete(users.get_users(id=[ana.id, ben.id], page_size=10), "entities")
    assert sorted(u.id for u in two.entities) == sorted([ana.id, ben.id]) and two.total == 2
    roles = gc.AuthorizationApi(sdk).get_authorization_roles(default_role_id=["employee", "admin"])
    assert sorted(r.default_role_id for r in roles.entities) == ["admin", "employee"]


def test_cursor_listings_walk_every_object_once(sdk: gc.ApiClient) -> None:
    authz, users, integrations = gc.AuthorizationApi(sdk), gc.UsersApi(sdk), gc.IntegrationsApi(sdk)
    for name in ("East", "North", "South", "West"):
        authz.post_authorization_divisions(build(gc.AuthzDivision, name=name, description=name))
    names, after, pages = [], None, 0
    while True:
        page = complete(authz.get_authorization_divisions_query(page_size="2", after=after), "entities")
        names += [d.name for d in page.entities]
        pages += 1
        if not page.next_uri:
            break
        after = page.next_uri.split("after=")[1].split("&")[0]
    assert (names, pages) == (["East", "Home", "North", "South", "West"], 3)
    named = authz.get_authorization_divisions_query(name="north")
    assert [d.name for d in named.entities] == ["North"] and named.next_uri is None

    for i in range(3):
        users.post_users(build(gc.CreateUser, name=f"Query {i}", email=f"query{i}@gaps.example"))
    first = complete(users.get_users_query(page_size=2, sort_order="DESC"), "entities", "cursor")
    rest = complete(users.get_users_query(page_size=2, sort_order="DESC", cursor=first.cursor), "entities")
    assert [u.name for u in first.entities + rest.entities] == ["Query 2", "Query 1", "Query 0"]
    assert (first.results, rest.results, rest.cursor) == (2, 1, None)

    for name in ("b-cred", "a-cred"):
        integrations.post_integrations_credentials(
            body=build(
                gc.Credential,
                name=name,
                type=build(gc.CredentialType, name="userDefined"),
                credential_fields={"key": "value"},
            )
        )
    creds = complete(integrations.get_integrations_credentials_listing(page_size="1"), "entities", "next_uri")
    assert [c.name for c in creds.entities] == ["a-cred"]


def test_user_utilization_voicemail_and_profile(sdk: gc.ApiClient) -> None:
    users, routing, voicemail = gc.UsersApi(sdk), gc.RoutingApi(sdk), gc.VoicemailApi(sdk)
    ana = _user(users, "Dora")

    default = complete(routing.get_routing_user_utilization(ana.id), "utilization", "level")
    assert default.level == "Organization" and default.utilization["call"].maximum_capacity == 1
    request = build(
        gc.UtilizationRequest,
        utilization={
            "call": build(gc.MediaUtilization, maximum_capacity=2, interruptable_media_types=["email"]),
            "chat": build(gc.MediaUtilization, maximum_capacity=6, include_non_acd=True),
        },
    )
    mine = complete(routing.put_routing_user_utilization(ana.id, request), "utilization", "level")
    assert mine.level == "Agent"
    call = mine.utilization["call"]
    assert (call.maximum_capacity, call.interruptable_media_types) == (2, ["email"])
    assert mine.utilization["email"].maximum_capacity == 1  # left out: the org default
    assert routing.get_routing_user_utilization(ana.id).utilization["chat"].include_non_acd is True
    routing.delete_routing_user_utilization(ana.id)
    assert routing.get_routing_user_utilization(ana.id).level == "Organization"

    policy = complete(voicemail.get_voicemail_userpolicy(ana.id), "alert_timeout_seconds")
    assert (policy.enabled, policy.alert_timeout_seconds) == (True, 30)
    assert policy.send_email_notifications is False
    changed = voicemail.patch_voicemail_userpolicy(
        ana.id, build(gc.VoicemailUserPolicy, alert_timeout_seconds=45, pin="2468")
    )
    assert (changed.alert_timeout_seconds, changed.pin, changed.enabled) == (45, None, True)
    assert voicemail.get_voicemail_userpolicy(ana.id).alert_timeout_seconds == 45

    current = users.get_user(ana.id)
    location = build(gc.Location, location_definition=build(gc.LocationDefinition, id="hq-1"), notes="desk 4")
    users.patch_user(
        ana.id,
        build(
            gc.UpdateUser,
            version=current.version,
            locations=[location],
            profile_skills=["Spanish", "Billing"],
            certifications=["ITIL"],
        ),
    )
    plain = users.get_user(ana.id)
    assert (plain.locations, plain.profile_skills, plain.certifications) == (None, None, None)
    expanded = complete(
        users.get_user(ana.id, expand=["locations", "profileSkills", "certifications"]),
        "locations",
        "profile_skills",
        "certifications",
    )
    assert [(loc.location_definition.id, loc.notes) for loc in expanded.locations] == [("hq-1", "desk 4")]
    assert (expanded.profile_skills, expanded.certifications) == (["Spanish", "Billing"], ["ITIL"])
    assert users.put_user_profileskills(ana.id, ["Billing", "Sales", "Billing"]) == ["Billing", "Sales"]
    assert users.get_user_profileskills(ana.id) == ["Billing", "Sales"]


def test_idle_token_timeout(sdk: gc.ApiClient) -> None:
    tokens = gc.TokensApi(sdk)
    assert tokens.get_tokens_timeout().enable_idle_token_timeout is False
    body = build(gc.IdleTokenTimeout, enable_idle_token_timeout=True, idle_token_timeout_seconds=3600)
    saved = complete(tokens.put_tokens_timeout(body=body), "idle_token_timeout_seconds")
    assert (saved.enable_idle_token_timeout, saved.idle_token_timeout_seconds) == (True, 3600)
    assert tokens.get_tokens_timeout().idle_token_timeout_seconds == 3600
    gc.OrganizationApi(sdk).patch_organizations_feature("hipaa", build(gc.FeatureState, enabled=True))
    with pytest.raises(ApiException) as hipaa:
        tokens.put_tokens_timeout(body=body)
    assert hipaa.value.status == 400 and "hipaa" in hipaa.value.body
    assert tokens.get_tokens_timeout().idle_token_timeout_seconds == 3600  # nothing half-written


def test_move_a_user_and_see_grants_held_through_a_group(sdk: gc.ApiClient) -> None:
    users, authz, groups = gc.UsersApi(sdk), gc.AuthorizationApi(sdk), gc.GroupsApi(sdk)
    eve = _user(users, "Eve")
    sales = authz.post_authorization_divisions(build(gc.AuthzDivision, name="Sales", description="s"))
    authz.post_authorization_division_object(sales.id, "USER", [eve.id])
    moved = users.get_user(eve.id)
    assert (moved.division.id, moved.version) == (sales.id, eve.version + 1)
    counted = authz.get_authorization_division(sales.id, object_count=True)
    assert counted.object_counts == {"USER": 1}

    role = authz.post_authorization_roles(
        build(
            gc.DomainOrganizationRoleCreate,
            name="Queue viewers",
            permission_policies=[
                build(gc.DomainPermissionPolicy, domain="routing", entity_name="queue", action_set=["view"])
            ],
        )
    )
    own = authz.post_authorization_roles(build(gc.DomainOrganizationRoleCreate, name="Own role"))
    group = groups.post_groups(
        build(gc.GroupCreate, name="Viewers", type="official", visibility="public", rules_visible=True)
    )
    groups.post_group_members(group.id, build(gc.GroupMembersUpdate, member_ids=[eve.id], version=1))
    grant = [build(gc.RoleDivision, role_id=role.id, division_id=sales.id)]
    authz.post_authorization_subject_bulkadd(group.id, build(gc.RoleDivisionGrants, grants=grant))
    authz.post_authorization_subject_division_role(eve.id, sales.id, own.id)

    subject = complete(authz.get_authorization_subject(eve.id), "grants")
    held = {(g.role.id, g.subject_id, g.division.id) for g in subject.grants}
    assert held == {(role.id, group.id, sales.id), (own.id, eve.id, sales.id)}
    roles = users.get_user_roles(eve.id)
    assert {r.id for r in roles.roles} == {role.id, own.id} and "routing:queue:view" in roles.permissions
