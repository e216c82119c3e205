"""Lifecycle of the provider paths that used to reach endpoints the emulator lacked: a User with
routing utilization, a voicemail policy, locations, profile skills and certifications, moved to
another division on update; and OrganizationAuthenticationSettings with `timeout_settings` (the
idle token timeout). Through the offline engine: create, no-op, refresh, drift and revert,
update, destroy; what the org holds is read back with the official SDK."""

from __future__ import annotations

import PureCloudPlatformClientV2 as sdk
import pytest
from PureCloudPlatformClientV2.rest import ApiException

from gcx.engine.steps import Op
from tests.provider.lifecycle.harness import api_calls, ops, refresh_ops, sdk_model, writes

PROGRAM = """
division = genesyscloud.AuthDivision("division", name="Support", description="support desk")
ada = genesyscloud.User(
    "ada",
    email="ada@example.com",
    name="Ada",
    division_id=division.id if step == 2 else None,
    locations=[genesyscloud.UserLocationArgs(location_id="hq-1", notes="desk %d" % step)],
    profile_skills=["Billing"] if step == 1 else ["Billing", "Sales"],
    certifications=["ITIL"],
    routing_utilization=genesyscloud.UserRoutingUtilizationArgs(
        call=genesyscloud.UserRoutingUtilizationCallArgs(
            maximum_capacity=step, interruptible_media_types=["email"]
        ),
        chat=genesyscloud.UserRoutingUtilizationChatArgs(maximum_capacity=3, include_non_acd=True),
    ),
    voicemail_userpolicies=genesyscloud.UserVoicemailUserpoliciesArgs(
        alert_timeout_seconds=25 if step == 1 else 40, send_email_notifications=True
    ),
)
genesyscloud.OrganizationAuthenticationSettings(
    "auth-settings",
    multifactor_authentication_required=False,
    timeout_settings=genesyscloud.OrganizationAuthenticationSettingsTimeoutSettingsArgs(
        enable_idle_token_timeout=True, idle_token_timeout_seconds=1800 * step
    ),
)
pulumi.export("ids", {"ada": ada.id, "division": division.id})
"""

EXPAND = ["locations", "profileSkills", "certifications"]


def test_user_extras_and_token_timeout_lifecycle(project, emulator, org):
    program = project(PROGRAM)
    client = emulator.sdk_client(org)
    users, routing, voicemail = sdk.UsersApi(client), sdk.RoutingApi(client), sdk.VoicemailApi(client)
    tokens, authz = sdk.TokensApi(client), sdk.AuthorizationApi(client)
    home = authz.get_authorization_divisions_home()

    created = program.up(1)
    assert set(ops(created).values()) == {Op.CREATE}
    ids = created.outputs["ids"]
    ada = users.get_user(ids["ada"], expand=EXPAND)
    assert ada.division.id == home.id
    assert [(loc.location_definition.id, loc.notes) for loc in ada.locations] == [("hq-1", "desk 1")]
    assert (ada.profile_skills, ada.certifications) == (["Billing"], ["ITIL"])
    utilization = routing.get_routing_user_utilization(ids["ada"])
    assert utilization.level == "Agent"
    call, chat = utilization.utilization["call"], utilization.utilization["chat"]
    assert (call.maximum_capacity, call.interruptable_media_types) == (1, ["email"])
    assert (chat.maximum_capacity, chat.include_non_acd) == (3, True)
    policy = voicemail.get_voicemail_userpolicy(ids["ada"])
    assert (policy.alert_timeout_seconds, policy.send_email_notifications) == (25, True)
    timeout = tokens.get_tokens_timeout()
    assert (timeout.enable_idle_token_timeout, timeout.idle_token_timeout_seconds) == (True, 1800)

    # No change: no API call; refresh reads what was written and finds no drift.
    emulator.reset_stats()
    assert not program.up(1).has_changes
    assert api_calls(emulator.stats()) == 0
    assert set(refresh_ops(program.stack.refresh()).values()) == {Op.SAME}
    assert not writes(emulator.stats())

    # Drift made with the SDK: refresh records it, up puts the program's values back.
    voicemail.patch_voicemail_userpolicy(
        ids["ada"], sdk_model(sdk.VoicemailUserPolicy, alert_timeout_seconds=90)
    )
    tokens.put_tokens_timeout(
        body=sdk_model(sdk.IdleTokenTimeout, enable_idle_token_timeout=False, idle_token_timeout_seconds=900)
    )
    drifted = {n for n, op in refresh_ops(program.stack.refresh()).items() if op == Op.UPDATE}
    assert drifted == {"ada", "auth-settings"}
    reverted = program.up(1)
    assert {n for n, op in ops(reverted).items() if op == Op.UPDATE} == drifted
    assert voicemail.get_voicemail_userpolicy(ids["ada"]).alert_timeout_seconds == 25
    assert tokens.get_tokens_timeout().idle_token_timeout_seconds == 1800

    # Update in place: the user moves to the other division and every extra changes.
    emulator.reset_stats()
    updated = program.up(2)
    assert {n: op for n, op in ops(updated).items() if op != Op.SAME} == {
        "ada": Op.UPDATE,
        "auth-settings": Op.UPDATE,
    }
    stats = emulator.stats()
    assert stats[("POST", "/api/v2/authorization/divisions/{divisionId}/objects/{objectType}")] == 1
    ada = users.get_user(ids["ada"], expand=EXPAND)
    assert ada.division.id == ids["division"]
    assert [loc.notes for loc in ada.locations] == ["desk 2"]
    assert ada.profile_skills == ["Billing", "Sales"]
    assert routing.get_routing_user_utilization(ids["ada"]).utilization["call"].maximum_capacity == 2
    assert voicemail.get_voicemail_userpolicy(ids["ada"]).alert_timeout_seconds == 40
    assert tokens.get_tokens_timeout().idle_token_timeout_seconds == 3600
    objects = authz.get_authorization_division(ids["division"], object_count=True).object_counts
    assert objects == {"USER": 1}
    assert not program.up(2).has_changes
    assert set(refresh_ops(program.stack.refresh()).values()) == {Op.SAME}

    # Destroy: the user is deleted before its division; the org's settings are left as they are.
    destroyed = program.stack.destroy()
    assert set(ops(destroyed).values()) == {Op.DELETE}
    with pytest.raises(ApiException) as gone:
        authz.get_authorization_division(ids["division"])
    assert gone.value.status == 404
    assert users.get_user(ids["ada"], state="deleted").state == "deleted"
    assert tokens.get_tokens_timeout().idle_token_timeout_seconds == 3600
