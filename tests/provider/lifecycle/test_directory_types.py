"""Lifecycle of the directory and authorization types through the offline engine and the emulator:
AuthDivision (custom and home), AuthRole (custom and built-in), Group, GroupRoles, User,
UserRoles, RoutingSkill and RoutingLanguage. One program, a few engine runs: create, no-op,
drift made with the official SDK then refresh and revert, update and replace, destroy."""

from __future__ import annotations

import PureCloudPlatformClientV2 as sdk
import pytest
from PureCloudPlatformClientV2.rest import ApiException

from gcx.engine.steps import Op
from tests.provider.lifecycle.harness import api_calls, ops, refresh_ops, sdk_model, writes

PROGRAM = """
division = genesyscloud.AuthDivision(
    "division", name="Sales" if step == 1 else "Sales EMEA", description="sales"
)
home = genesyscloud.AuthDivision("home", name="Home", description="Home Division", home=True)
role = genesyscloud.AuthRole(
    "role",
    name="Agents",
    description="step %d" % step,
    permission_policies=[
        genesyscloud.AuthRolePermissionPolicyArgs(
            domain="routing", entity_name="queue", action_sets=["view"] if step == 1 else ["view", "edit"]
        )
    ],
)
employee = genesyscloud.AuthRole(
    "employee",
    name="employee",
    default_role_id="employee",
    description="Employees (managed, step %d)" % step,
    permission_policies=[
        genesyscloud.AuthRolePermissionPolicyArgs(
            domain="directory", entity_name="user", action_sets=["view"]
        )
    ],
)
skill = genesyscloud.RoutingSkill("skill", name="Billing" if step == 1 else "Billing v2")
language = genesyscloud.RoutingLanguage("language", name="French" if step == 1 else "French (Canada)")
ana = genesyscloud.User(
    "ana",
    email="ana@example.com",
    name="Ana",
    title="Agent" if step == 1 else "Lead",
    routing_skills=[
        genesyscloud.UserRoutingSkillArgs(skill_id=skill.id, proficiency=3 if step == 1 else 4.5)
    ],
    routing_languages=[genesyscloud.UserRoutingLanguageArgs(language_id=language.id, proficiency=4)],
    addresses=genesyscloud.UserAddressesArgs(
        phone_numbers=[genesyscloud.UserAddressesPhoneNumberArgs(number="+13175550100")]
    ),
)
ben = genesyscloud.User("ben", email="ben@example.com", name="Ben", department="Ops")
cat = genesyscloud.User("cat", email="cat@example.com", name="Cat")
group = genesyscloud.Group(
    "group",
    name="Support %d" % step,
    description="support desk",
    type="official" if step == 1 else "social",
    member_ids=[ana.id] if step == 1 else [ana.id, cat.id],
)
genesyscloud.GroupRoles(
    "group-roles", group_id=group.id, roles=[genesyscloud.GroupRolesRoleArgs(role_id=role.id)]
)
genesyscloud.UserRoles(
    "ben-roles",
    user_id=ben.id,
    roles=[genesyscloud.UserRolesRoleArgs(role_id=role.id, division_ids=[division.id])],
)
pulumi.export("ids", {"group": group.id, "ana": ana.id, "ben": ben.id, "cat": cat.id,
                      "division": division.id, "home": home.id, "role": role.id, "employee": employee.id,
                      "skill": skill.id, "language": language.id})
"""


def _subject_grants(client: sdk.ApiClient, subject_id: str) -> set[tuple[str, str]]:
    subject = sdk.AuthorizationApi(client).get_authorization_subject(subject_id)
    return {(g.role.id, g.division.id) for g in subject.grants}


def test_directory_types_lifecycle(project, emulator, org):
    PROGRAM_TEXT = PROGRAM
    program = project(PROGRAM_TEXT)
    client = emulator.sdk_client(org)
    users, groups, authz = sdk.UsersApi(client), sdk.GroupsApi(client), sdk.AuthorizationApi(client)
    routing = sdk.RoutingApi(client)

    # Preview of a new stack: no API call at all.
    emulator.reset_stats()
    preview = program.preview(1)
    assert set(ops(preview).values()) == {Op.CREATE}
    assert api_calls(emulator.stats()) == 0

    created = program.up(1)
    ids = created.outputs["ids"]
    assert set(ops(created).values()) == {Op.CREATE}
    home = authz.get_authorization_divisions_home()
    assert ids["home"] == home.id
    ana = users.get_user(ids["ana"])
    assert (ana.title, [a.address for a in ana.addresses]) == ("Agent", ["+13175550100"])
    assert [(s.id, s.proficiency) for s in users.get_user_routingskills(ids["ana"]).entities] == [
        (ids["skill"], 3)
    ]
    assert [lang.proficiency for lang in users.get_user_routinglanguages(ids["ana"]).entities] == [4]
    assert [u.id for u in groups.get_group_individuals(ids["group"]).entities] == [ids["ana"]]
    assert _subject_grants(client, ids["group"]) == {(ids["role"], home.id)}
    assert _subject_grants(client, ids["ben"]) == {(ids["role"], ids["division"])}
    employee = authz.get_authorization_role(ids["employee"])
    assert (employee.default_role_id, employee.description) == ("employee", "Employees (managed, step 1)")

    # No changes: neither writes nor reads (the engine's diff is the provider's schema diff).
    emulator.reset_stats()
    assert set(ops(program.preview(1)).values()) == {Op.SAME}  # a no-op preview reads nothing either
    same = program.up(1)
    assert not same.has_changes and api_calls(emulator.stats()) == 0

    # Drift made in the "admin UI": refresh records it (one read per resource), up reverts it.
    group_now = groups.get_group(ids["group"])
    groups.put_group(
        ids["group"],
        body=sdk_model(
            sdk.GroupUpdate,
            name=group_now.name,
            description="changed by hand",
            visibility="public",
            rules_visible=True,
            version=group_now.version,
        ),
    )
    authz.put_authorization_division(
        ids["division"], sdk_model(sdk.AuthzDivision, name="Sales", description="hand")
    )
    users.patch_user(
        ids["ana"], sdk_model(sdk.UpdateUser, title="Hand-made", version=users.get_user(ids["ana"]).version)
    )
    emulator.reset_stats()
    refreshed = program.stack.refresh()
    drifted = {n for n, op in refresh_ops(refreshed).items() if op == Op.UPDATE}
    assert drifted == {"group", "division", "ana"}
    stats = emulator.stats()
    assert not writes(stats)
    assert stats[("GET", "/api/v2/users/{userId}")] == 3  # one read per user, skills and languages expanded
    assert program.resources()["ana"]["outputs"]["title"] == "Hand-made"
    reverted = program.up(1)
    assert {n for n, op in ops(reverted).items() if op == Op.UPDATE} == drifted
    assert groups.get_group(ids["group"]).description == "support desk"
    assert users.get_user(ids["ana"]).title == "Agent"

    # Updates in place and replacements (skill name and group type are ForceNew).
    updated = program.up(2)
    new_ids = updated.outputs["ids"]
    assert {n: op for n, op in ops(updated).items() if op != Op.SAME} == {
        "division": Op.UPDATE,
        "role": Op.UPDATE,
        "employee": Op.UPDATE,
        "skill": Op.REPLACE,
        "language": Op.REPLACE,
        "ana": Op.UPDATE,
        "group": Op.REPLACE,
        "group-roles": Op.REPLACE,
    }
    assert new_ids["skill"] != ids["skill"] and new_ids["group"] != ids["group"]
    languages = users.get_user_routinglanguages(ids["ana"]).entities
    assert [(lang.id, lang.name) for lang in languages] == [(new_ids["language"], "French (Canada)")]
    for replaced in (
        lambda: routing.get_routing_skill(ids["skill"]),
        lambda: routing.get_routing_language(ids["language"]),
    ):
        with pytest.raises(ApiException):
            replaced()
    assert users.get_user(ids["ana"]).title == "Lead"
    skills = users.get_user_routingskills(ids["ana"]).entities
    assert [(s.id, s.proficiency) for s in skills] == [(new_ids["skill"], 4.5)]
    new_group = groups.get_group(new_ids["group"])
    assert new_group.type == "social"
    assert {u.id for u in groups.get_group_individuals(new_ids["group"]).entities} == {ids["ana"], ids["cat"]}
    role = authz.get_authorization_role(ids["role"])
    assert sorted(role.permission_policies[0].action_set) == ["edit", "view"]
    assert not program.up(2).has_changes

    # Destroy: everything created is gone; the home division and the built-in role stay.
    # Import: a second stack adopts every object by id; running the same program there changes nothing.
    adopter = project(PROGRAM_TEXT, name="adopter")
    imported = adopter.import_all(program)
    assert all(ops(r) for r in imported.values())
    emulator.reset_stats()
    adopted = adopter.up(2)
    assert {n: op for n, op in ops(adopted).items() if op != Op.SAME} == {}
    assert not writes(emulator.stats())

    emulator.reset_stats()
    destroyed = program.stack.destroy()
    assert set(ops(destroyed).values()) == {Op.DELETE}
    stats = emulator.stats()
    assert ("DELETE", "/api/v2/authorization/roles/{roleId}") in stats
    assert ("PUT", "/api/v2/authorization/roles/default") in stats  # the built-in role is restored
    assert authz.get_authorization_role(ids["employee"]).default_role_id == "employee"
    assert authz.get_authorization_divisions_home().id == home.id
    for lookup in (
        lambda: authz.get_authorization_division(ids["division"]),
        lambda: authz.get_authorization_role(ids["role"]),
        lambda: groups.get_group(new_ids["group"]),
        lambda: routing.get_routing_language(new_ids["language"]),
        lambda: users.get_user(ids["ben"]),
    ):
        with pytest.raises(ApiException) as gone:
            lookup()
        assert gone.value.status == 404
