"""Bad stack config stops a real `gcx preview` before any API call, naming the YAML path and the fix.

Each test runs `gcx preview` in-process on a copy of the project whose dev stack has one field
changed (with `gcx config set --path`'s own code), against an emulator that holds the dev orgs and
counts every API request. The copy drops `gcx:emulator` and points the provider at this emulator
through ``GENESYSCLOUD_GATEWAY_*``, so the counters are those of the emulator the program would
call. A valid preview, first, shows that it does call it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from gcx.devstack import EMULATOR_KEY, ensure_org
from gcx.emulator import EmulatorServer
from tests.stack.conftest import STACK, DevProject
from tests.support.emulator import api_requests, gateway_env

pytestmark = pytest.mark.slow

PREVIEW = ("preview", "--stack", STACK, "--non-interactive")


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    """An emulator holding the dev stack's orgs, with their deploy clients."""
    project = DevProject(tmp_path_factory.mktemp("orgs"))
    with EmulatorServer() as server:
        for tenant in project.tenants().values():
            ensure_org(server.url, tenant, project.workspace.project.name)
        yield server


@pytest.fixture
def project(tmp_path: Path, emulator: EmulatorServer) -> DevProject:
    project = DevProject(tmp_path)
    project.remove(EMULATOR_KEY)
    project.init_stack()
    httpx.delete(f"{emulator.url}/_emulator/stats", timeout=10)
    return project


def _preview(project: DevProject, emulator: EmulatorServer) -> tuple[int, str]:
    result = project.gcx(*PREVIEW, env=gateway_env(emulator.host, emulator.port))
    return result.exit_code, result.output


def test_a_valid_dev_stack_previews_against_the_emulator(project, emulator):
    code, output = _preview(project, emulator)
    assert code == 0, output
    assert "+ 70 to create" in output
    requests = api_requests(emulator.url)
    assert requests[("POST", "/oauth/token")] >= 2  # both tenants' deploy clients logged in
    assert requests[("GET", "/api/v2/organizations/me")] >= 1


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        pytest.param(
            "genesys-integrations:tenants.globex-us.region",
            "sa-east-1",
            "genesys-integrations:tenants.globex-us.region: eMite publishes no region code for 'sa-east-1'",
            id="region-without-emite-code",
        ),
        pytest.param(
            "genesys-integrations:tenants.acme-eu.orgShortName",
            "AcmeEU",
            "genesys-integrations:tenants.acme-eu.orgShortName: organization short name 'AcmeEU' must be "
            "lower case letters and digits",
            id="upper-case-short-name",
        ),
        pytest.param(
            "genesys-integrations:tenants.globex-us.pureConnect.messagingClient.tokenLifetimeSeconds",
            "300",
            "genesys-integrations:tenants.globex-us.pureConnect.messagingClient.tokenLifetimeSeconds: 300 s "
            "is outside what CIC's Manage Client Configuration accepts: between 10 minutes and 48 hours",
            id="token-lifetime-out-of-range",
        ),
        pytest.param(
            "genesys-integrations:tenants.acme-eu.ucModel.segments[1].ringsOn",
            "genesys-cloud",
            "genesys-integrations:tenants.acme-eu.ucModel.segments[1].ringsOn: a uc-only segment must ring "
            "on the UC platform",
            id="contradictory-uc-segment",
        ),
    ],
)
def test_bad_config_fails_before_any_api_call(project, emulator, path, value, expected):
    project.set(path, value)
    code, output = _preview(project, emulator)
    assert code != 0
    assert "the stack config has 1 problem; nothing was deployed:" in output
    assert f"  {expected}" in output
    assert api_requests(emulator.url) == {}


def test_pureconnect_fax_and_a_uc_segment_in_other_phone_clash_before_any_api_call(project, emulator):
    segment = "genesys-integrations:tenants.globex-us.ucModel.segments[0]"
    for field, value in {
        "name": "teams-only",
        "userType": "uc-only",
        "ringsOn": "uc-platform",
        "ucVendor": "microsoft-teams",
        "phoneMappings[0].source": "telephoneNumber",
        "phoneMappings[0].scimType": "microsoftteams",
    }.items():
        project.set(f"{segment}.{field}", value)
    code, output = _preview(project, emulator)
    assert code != 0
    assert (
        "  genesys-integrations:tenants.globex-us.ucModel.segments[0].phoneMappings[0]: this segment maps a "
        "number into Other Phone, and PureConnect writes the Fax of maria.garcia@globex.example into Other "
        "Phone too"
    ) in output
    assert api_requests(emulator.url) == {}
