"""UnifiedCommunicationsModel: the SCIM plans and clients it creates, and every rule its Args enforce."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from components.uc_model import UnifiedCommunicationsModel, UnifiedCommunicationsModelArgs
from gcx.catalog.oauth import SCIM_MAX_TOKEN_VALIDITY_SECONDS
from tests.components.recording_monitor import (
    AUTH_ROLE,
    OAUTH_CLIENT,
    RecordingMonitor,
    install_mocks,
    run_program,
    tenant_opts,
)

pytestmark = pytest.mark.xdist_group("pulumi_runtime")

UC_NUMBER = {"source": "telephoneNumber", "scimType": "eightbyeight"}
WORK_DID = {"source": "ipPhone", "scimType": "work", "primary": True}


def segment(name: str, user_type: str, rings_on: str, *mappings: dict, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": name,
        "userType": user_type,
        "ringsOn": rings_on,
        "phoneMappings": list(mappings),
    }
    if user_type != "gc-only":
        body["ucVendor"] = "eight-by-eight"
    return body | extra


GC_AGENTS = segment("agents", "gc-only", "genesys-cloud", WORK_DID, UC_NUMBER, agents=True)
UC_ONLY = segment("uc-staff", "uc-only", "uc-platform", UC_NUMBER)
HYBRID_ON_UC = segment(
    "managers",
    "hybrid",
    "uc-platform",
    {"source": "mobile", "scimType": "mobile"},
    UC_NUMBER | {"primary": True},
)


def model(*segments: dict, **extra: Any) -> UnifiedCommunicationsModelArgs:
    return UnifiedCommunicationsModelArgs.model_validate({"segments": list(segments), **extra})


def rejected(*segments: dict, **extra: Any) -> dict[str, Any]:
    """The single validation error a model raises (its YAML path and message)."""
    with pytest.raises(ValidationError) as info:
        model(*segments, **extra)
    errors = info.value.errors()
    assert len(errors) == 1, errors
    return {"loc": ".".join(str(p) for p in errors[0]["loc"]), "msg": errors[0]["msg"]}


@pytest.fixture
def monitor() -> RecordingMonitor:
    return install_mocks()


def test_each_segment_gets_a_scim_client_and_a_plan(monitor: RecordingMonitor):
    args = model(
        GC_AGENTS,
        UC_ONLY,
        HYBRID_ON_UC,
        directDialing="did-to-genesys-cloud",
        scimTokenValiditySeconds=7_776_000,
    )
    leaves = run_program(lambda: UnifiedCommunicationsModel("uc", args, tenant_opts("us-east-1")).handoff)

    role = monitor.named("uc-scim-role")
    assert role.type == AUTH_ROLE and role.parent == monitor.named("uc").urn
    policies = {
        f"{p['domain']}:{p['entityName']}": sorted(p["actionSets"]) for p in role.inputs["permissionPolicies"]
    }
    assert policies == {
        "directory:user": ["add", "delete", "edit", "setPassword"],
        "directory:group": ["edit"],
        "authorization:grant": ["add", "delete"],
        "routing:skill": ["assign"],
        "routing:language": ["assign"],
        "telephony:extension": ["assign"],
    }
    clients = monitor.of_type(OAUTH_CLIENT)
    assert sorted(c.name for c in clients) == ["uc-scim-agents", "uc-scim-managers", "uc-scim-uc-staff"]
    for client in clients:
        assert client.parent == monitor.named("uc").urn
        assert client.provider.startswith(monitor.named("tenant").urn + "::")
        assert client.inputs["authorizedGrantType"] == "CLIENT-CREDENTIALS"
        assert client.inputs["accessTokenValiditySeconds"] == 7_776_000
        assert client.inputs["roles"] == [{"roleId": "uc-scim-role-id", "divisionId": "*"}]
    assert monitor.named("uc-scim-uc-staff").inputs["name"] == "SCIM uc-staff"

    secret_paths = sorted(path for path, (_, secret) in leaves.items() if secret)
    assert secret_paths == [f"segments[{i}].oauthClient.clientSecret" for i in range(3)]
    assert leaves["segments[1].oauthClient.clientId"] == ("uc-scim-uc-staff-client-id", False)

    # GC-only agents: their DID is primary, the 8x8 number sits in Other Phone, so they need extensions.
    assert leaves["segments[0].primaryPhone"][0] == 'phoneNumbers[type eq "work"].value'
    assert leaves["segments[0].needsGenesysCloudExtension"][0] is True
    assert leaves["segments[0].attributeMappings[1].genesysCloudField"][0] == (
        "UserProfile.contactInfo.[0].phone_other.[0].value.number"
    )
    assert leaves["segments[0].attributeMappings[1].primary"][0] is False
    # UC-only: the only number is the UC one; it is primary without a flag.
    assert leaves["segments[1].primaryPhone"][0] == 'phoneNumbers[type eq "eightbyeight"].value'
    assert leaves["segments[1].attributeMappings[0].primary"][0] is True
    assert leaves["segments[1].needsGenesysCloudExtension"][0] is False
    notes = " ".join(v for p, (v, _) in leaves.items() if p.startswith("segments[1].notes"))
    assert "never log in to Genesys Cloud" in notes and "primary by itself" in notes
    assert leaves["segments[2].ucVendor"][0] == "8\u00d78"
    checklist = " ".join(v for p, (v, _) in leaves.items() if p.startswith("checklist"))
    assert "BYOC" in checklist and "route the agents' DIDs" in checklist


def test_zoom_segments_carry_the_vendor_note(monitor: RecordingMonitor):
    zoom = segment("zoom", "uc-only", "uc-platform", {"source": "telephoneNumber", "scimType": "zoomphone"})
    zoom["ucVendor"] = "zoom-phone"
    leaves = run_program(lambda: UnifiedCommunicationsModel("uc", model(zoom)).handoff)
    notes = " ".join(v for p, (v, _) in leaves.items() if p.startswith("segments[0].notes"))
    assert "PSTN" in notes


def test_other_phone_helper_names_the_segments_and_sources():
    args = model(GC_AGENTS, UC_ONLY, segment("plain", "gc-only", "genesys-cloud", WORK_DID))
    assert args.segments_mapping_other_phone() == {"agents": "telephoneNumber", "uc-staff": "telephoneNumber"}
    assert model(segment("plain", "gc-only", "genesys-cloud", WORK_DID)).segments_mapping_other_phone() == {}


def test_uc_only_segment_must_ring_on_the_uc_platform():
    error = rejected(segment("uc", "uc-only", "genesys-cloud", UC_NUMBER))
    assert error["loc"] == "segments.0" and "ringsOn:" in error["msg"]
    assert "never log in to Genesys Cloud" in error["msg"]
    assert model(segment("uc", "uc-only", "uc-platform", UC_NUMBER))


def test_gc_only_segment_must_ring_in_genesys_cloud():
    error = rejected(segment("gc", "gc-only", "uc-platform", WORK_DID))
    assert error["loc"] == "segments.0" and "ringsOn:" in error["msg"]
    assert "never log in to the UC platform" in error["msg"]
    assert model(segment("gc", "gc-only", "genesys-cloud", WORK_DID))


def test_two_sources_into_other_phone_are_rejected():
    fax = {"source": "facsimileTelephoneNumber", "scimType": "other"}
    error = rejected(segment("gc", "gc-only", "genesys-cloud", WORK_DID, UC_NUMBER, fax))
    assert error["loc"] == "segments.0" and "phoneMappings:" in error["msg"]
    assert (
        "telephoneNumber and facsimileTelephoneNumber" in error["msg"] and "holds one number" in error["msg"]
    )
    assert model(segment("gc", "gc-only", "genesys-cloud", WORK_DID, fax))


@pytest.mark.parametrize(
    "mappings",
    [
        pytest.param([UC_NUMBER], id="implicitly-primary"),
        pytest.param(
            [{"source": "ipPhone", "scimType": "work"}, UC_NUMBER | {"primary": True}], id="flagged"
        ),
    ],
)
def test_gc_only_segment_must_not_make_the_uc_number_primary(mappings):
    error = rejected(segment("gc", "gc-only", "genesys-cloud", *mappings))
    assert error["loc"] == "segments.0" and "phoneMappings:" in error["msg"]
    assert "GC-only users must not have the UC number as primary" in error["msg"]


def test_hybrid_ringing_in_genesys_cloud_must_not_make_the_uc_number_primary():
    error = rejected(segment("h", "hybrid", "genesys-cloud", UC_NUMBER))
    assert "hybrid users who must ring in Genesys Cloud" in error["msg"]
    assert model(segment("h", "hybrid", "genesys-cloud", WORK_DID, UC_NUMBER))


def test_hybrid_ringing_on_uc_needs_the_uc_number_as_primary():
    error = rejected(segment("h", "hybrid", "uc-platform", WORK_DID, UC_NUMBER))
    assert error["loc"] == "segments.0" and "phoneMappings:" in error["msg"]
    assert "UC DID/EXT in Other Phone as the primary phone" in error["msg"]
    assert model(HYBRID_ON_UC)


def test_uc_only_segment_needs_its_uc_number():
    error = rejected(segment("uc", "uc-only", "uc-platform", {"source": "mobile", "scimType": "mobile"}))
    assert "UC-only users need their UC DID/EXT in Other Phone" in error["msg"]


def test_one_uc_vendor_per_segment():
    teams = {"source": "msTeamsNumber", "scimType": "microsoftteams", "primary": True}
    error = rejected(segment("h", "hybrid", "uc-platform", teams))  # ucVendor is 8x8
    assert error["loc"] == "segments.0" and "phoneMappings:" in error["msg"]
    assert "Only one UC phone integration can be enabled per user" in error["msg"]
    assert model(segment("h", "hybrid", "uc-platform", teams) | {"ucVendor": "microsoft-teams"})


def test_uc_users_need_a_vendor_and_vendors_are_checked():
    body = segment("uc", "uc-only", "uc-platform", UC_NUMBER)
    del body["ucVendor"]
    error = rejected(body)
    assert error["loc"] == "segments.0" and "ucVendor: uc-only users" in error["msg"]
    assert "eight-by-eight" in error["msg"]
    error = rejected(body | {"ucVendor": "skype"})
    assert error["loc"] == "segments.0.ucVendor" and "unknown UC vendor 'skype'" in error["msg"]


def test_unknown_scim_phone_type_lists_the_known_ones():
    error = rejected(segment("gc", "gc-only", "genesys-cloud", {"source": "x", "scimType": "pager"}))
    assert error["loc"] == "segments.0.phoneMappings.0.scimType"
    assert "eightbyeight" in error["msg"] and "work2" in error["msg"]


def test_segment_names_are_unique_slugs():
    gc = segment("gc", "gc-only", "genesys-cloud", WORK_DID)
    assert "repeated: gc" in rejected(gc, gc)["msg"]
    assert rejected(gc | {"name": "GC Users"})["loc"] == "segments.0.name"


def test_no_direct_dialing_means_agents_stay_off_the_uc_platform():
    hybrid_agents = segment("agents", "hybrid", "genesys-cloud", WORK_DID, UC_NUMBER, agents=True)
    error = rejected(hybrid_agents, UC_ONLY)
    assert error["loc"] == "" and "directDialing" in error["msg"] and "choose agents-on-uc" in error["msg"]
    assert model(GC_AGENTS, UC_ONLY, directDialing="none")


def test_agents_on_uc_needs_hybrid_agents_and_uc_only_users():
    error = rejected(GC_AGENTS, UC_ONLY, directDialing="agents-on-uc")
    assert "make agents hybrid" in error["msg"]
    hybrid_agents = segment("agents", "hybrid", "genesys-cloud", WORK_DID, UC_NUMBER, agents=True)
    assert "no segment is uc-only" in rejected(hybrid_agents, directDialing="agents-on-uc")["msg"]
    assert "agents: true" in rejected(UC_ONLY, directDialing="agents-on-uc")["msg"]
    assert model(hybrid_agents, UC_ONLY, directDialing="agents-on-uc")


def test_did_to_genesys_cloud_needs_agents_with_a_primary_did_in_genesys_cloud():
    # work2 without a primary flag is not primary (only `work` is by default): no DID to dial.
    no_did = segment(
        "agents", "gc-only", "genesys-cloud", {"source": "ipPhone", "scimType": "work2"}, agents=True
    )
    error = rejected(no_did, UC_ONLY, directDialing="did-to-genesys-cloud")
    assert (
        error["loc"] == "" and "directDialing" in error["msg"] and "need their DID as primary" in error["msg"]
    )
    hybrid_on_uc_agents = HYBRID_ON_UC | {"agents": True}
    error = rejected(hybrid_on_uc_agents, UC_ONLY, directDialing="did-to-genesys-cloud")
    assert (
        error["loc"] == ""
        and "directDialing" in error["msg"]
        and "must ring in Genesys Cloud" in error["msg"]
    )
    assert model(GC_AGENTS, UC_ONLY, directDialing="did-to-genesys-cloud")


@pytest.mark.parametrize("seconds", [299, SCIM_MAX_TOKEN_VALIDITY_SECONDS + 1])
def test_scim_token_lifetime_is_bounded_by_the_scim_maximum(seconds):
    error = rejected(GC_AGENTS, scimTokenValiditySeconds=seconds)
    assert error["loc"] == "scimTokenValiditySeconds"
    assert model(GC_AGENTS, scimTokenValiditySeconds=SCIM_MAX_TOKEN_VALIDITY_SECONDS)
