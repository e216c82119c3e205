"""SubjectRoleGrant through the offline engine against the emulator: additive grants to a user and a
group, division changes, a no-op that sends nothing, drift made with the official SDK, destroy.

The subjects and the role are made out of band with the official SDK, as an administrator would
have them; the program only grants.
"""

from __future__ import annotations

import base64
import uuid

import dill
import PureCloudPlatformClientV2 as sdk
import pytest

from gcx.dynamic.subject_role_grant import SubjectRoleGrantProvider
from gcx.engine.steps import Op
from tests.dynamic.helpers import ops


def _role(api: sdk.ApiClient, name: str) -> str:
    body = sdk.DomainOrganizationRoleCreate()
    body.name = f"{name} {uuid.uuid4().hex[:6]}"
    policy = sdk.DomainPermissionPolicy()
    policy.domain, policy.entity_name, policy.action_set = "integration", "unifiedCommunications", ["view"]
    body.permission_policies = [policy]
    return sdk.AuthorizationApi(api).post_authorization_roles(body).id


def _division(api: sdk.ApiClient, name: str) -> str:
    body = sdk.AuthzDivision()
    body.name = f"{name} {uuid.uuid4().hex[:6]}"
    return sdk.AuthorizationApi(api).post_authorization_divisions(body).id


def _grants(api: sdk.ApiClient, subject_id: str) -> set[tuple[str, str]]:
    subject = sdk.AuthorizationApi(api).get_authorization_subject(subject_id)
    return {(g.role.id, g.division.id) for g in subject.grants or []}


@pytest.fixture
def subjects(api: sdk.ApiClient) -> dict[str, str]:
    """A user who already holds another role, a group, the role to grant, the home division."""
    authorization = sdk.AuthorizationApi(api)
    user = sdk.CreateUser()
    user.name, user.email = "Ada Agent", f"ada-{uuid.uuid4().hex[:6]}@example.com"
    user_id = sdk.UsersApi(api).post_users(user).id
    group = sdk.GroupCreate()
    group.name, group.type, group.visibility, group.roles_enabled = "UC users", "official", "public", True
    group_id = sdk.GroupsApi(api).post_groups(group).id
    home = authorization.get_authorization_divisions_home().id
    other_role = _role(api, "Existing role")
    authorization.post_authorization_subject_division_role(user_id, home, other_role, subject_type="PC_USER")
    return {
        "user": user_id,
        "group": group_id,
        "home": home,
        "role": _role(api, "8x8 User"),
        "other_role": other_role,
    }


def test_grants_add_to_existing_roles_follow_divisions_and_leave_on_destroy(
    project, api, emulator, subjects, org
):
    grants = project("grants")
    grants.config("roleId", subjects["role"])
    grants.config("userId", subjects["user"])
    grants.config("groupId", subjects["group"])
    role, home, other = subjects["role"], subjects["home"], subjects["other_role"]

    up = grants.stack.up()
    assert ops(up) == {"user-grant": Op.CREATE, "group-grant": Op.CREATE}
    assert up.outputs["userDivisions"] == [home] and up.outputs["groupDivisions"] == [home]
    # Added next to the user's existing role, never instead of it.
    assert _grants(api, subjects["user"]) == {(other, home), (role, home)}
    assert _grants(api, subjects["group"]) == {(role, home)}

    state = grants.resources()
    pickled = state["user-grant"]["inputs"]["__provider"]
    assert len(pickled) < 200  # a reference to the provider class, not its code
    assert type(dill.loads(base64.b64decode(pickled))) is SubjectRoleGrantProvider
    assert org.client_secret not in grants.backend_text()

    emulator.reset_stats()
    assert not grants.stack.preview().has_changes
    assert not grants.stack.up().has_changes
    assert emulator.requests() == []

    north, south = _division(api, "North"), _division(api, "South")
    grants.config("divisions", [north, south])
    moved = grants.stack.up()
    assert ops(moved) == {"user-grant": Op.UPDATE, "group-grant": Op.SAME}
    assert moved.outputs["userDivisions"] == [north, south]
    assert _grants(api, subjects["user"]) == {(other, home), (role, north), (role, south)}

    destroyed = grants.stack.destroy()
    assert set(ops(destroyed).values()) == {Op.DELETE}
    assert _grants(api, subjects["user"]) == {(other, home)}
    assert _grants(api, subjects["group"]) == set()


def test_a_grant_removed_out_of_band_is_drift_and_a_deleted_subject_drops_the_grant(project, api, subjects):
    grants = project("grants")
    grants.config("roleId", subjects["role"])
    grants.config("userId", subjects["user"])
    grants.config("groupId", subjects["group"])
    grants.stack.up()

    sdk.AuthorizationApi(api).delete_authorization_subject_division_role(
        subjects["user"], subjects["home"], subjects["role"]
    )
    sdk.GroupsApi(api).delete_group(subjects["group"])

    refreshed = grants.stack.refresh()
    assert ops(refreshed) == {"user-grant": Op.UPDATE, "group-grant": Op.DELETE}
    assert grants.resources()["user-grant"]["outputs"]["granted_division_ids"] == []

    replacement = sdk.GroupCreate()
    replacement.name, replacement.type, replacement.visibility = "UC users 2", "official", "public"
    new_group = sdk.GroupsApi(api).post_groups(replacement).id
    grants.config("groupId", new_group)
    again = grants.stack.up()
    assert ops(again) == {"user-grant": Op.UPDATE, "group-grant": Op.CREATE}
    assert (subjects["role"], subjects["home"]) in _grants(api, subjects["user"])
    assert _grants(api, new_group) == {(subjects["role"], subjects["home"])}
    assert not grants.stack.refresh().has_changes


CONNECTION_INPUT = {"aws_region": "eu-west-1", "oauthclient_id": "id", "oauthclient_secret": "secret"}


def _inputs(**changes: object) -> dict[str, object]:
    base = {"connection": CONNECTION_INPUT, "subject_id": "u1", "subject_type": "PC_USER", "role_id": "r1"}
    return {**base, **changes}


@pytest.mark.parametrize(
    ("changes", "prop", "reason"),
    [
        ({"subject_type": "PC_OAUTH_CLIENT"}, "subject_type", "is not one of PC_USER, PC_GROUP"),
        ({"subject_id": ""}, "subject_id", "non-empty id"),
        ({"division_ids": []}, "division_ids", "leave it unset for home"),
        ({"division_ids": ["d1", 3]}, "division_ids", "list of division ids"),
    ],
)
def test_check_names_the_property_and_the_fix(changes, prop, reason):
    failures = SubjectRoleGrantProvider().check({}, _inputs(**changes)).failures
    assert [(f.property, reason in f.reason) for f in failures] == [(prop, True)]
    assert SubjectRoleGrantProvider().check({}, _inputs(division_ids=["d1"])).failures == []


def test_diff_replaces_for_another_grant_updates_divisions_and_repairs_drift():
    provider = SubjectRoleGrantProvider()
    olds = {**_inputs(), "granted_division_ids": ["home"]}
    assert provider.diff("u1/r1", olds, _inputs()).changes is False
    assert provider.diff("u1/r1", olds, _inputs(role_id="r2")).replaces == ["role_id"]
    moved = provider.diff("u1/r1", olds, _inputs(division_ids=["d1"]))
    assert (moved.changes, moved.replaces) == (True, [])
    drifted = provider.diff("u1/r1", {**olds, "granted_division_ids": []}, _inputs())
    assert (drifted.changes, drifted.replaces) == (True, [])
    narrowed = {**_inputs(division_ids=["d1", "d2"]), "granted_division_ids": ["d1"]}
    assert provider.diff("u1/d1", narrowed, _inputs(division_ids=["d1", "d2"])).changes is True
