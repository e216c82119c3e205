"""Fixtures for the stack tests: a copy of the real project (program, components, dev stack,
examples) in the test's temp dir with its own state backend, the dev passphrase read from the
Makefile, `gcx` run in-process, and the official SDK logged in to an emulator org."""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import PureCloudPlatformClientV2 as sdk
from click.testing import Result
from typer.testing import CliRunner

from gcx.cli import app
from gcx.devstack import DevTenant, dev_tenants
from gcx.engine.config_edit import remove_config, set_config
from gcx.engine.workspace import Workspace
from tests.support.emulator import sdk_client as support_sdk_client

ROOT = Path(__file__).parents[2]
PROJECT_FILES = ("Pulumi.yaml", "Pulumi.dev.yaml", "__main__.py")
PROJECT_DIRS = ("components", "examples")
STACK = "dev"


def _makefile_passphrase() -> str:
    match = re.search(r"^export PULUMI_CONFIG_PASSPHRASE \?= (\S+)$", (ROOT / "Makefile").read_text(), re.M)
    assert match, "the Makefile no longer exports the dev stack's passphrase"
    return match.group(1)


DEV_PASSPHRASE = _makefile_passphrase()


class DevProject:
    """A copy of the project whose `dev` stack keeps its state (and emulator db) in `root`."""

    def __init__(self, root: Path) -> None:
        self.dir = root / "project"
        self.dir.mkdir(parents=True)
        for name in PROJECT_FILES:
            shutil.copy2(ROOT / name, self.dir / name)
        for name in PROJECT_DIRS:
            shutil.copytree(ROOT / name, self.dir / name, ignore=shutil.ignore_patterns("__pycache__"))
        self.state_dir = root / "state"
        self.env = {
            "PULUMI_CONFIG_PASSPHRASE": DEV_PASSPHRASE,
            "PULUMI_BACKEND_URL": f"file://{self.state_dir}",
        }
        self.workspace = Workspace(self.dir, env=self.env)

    def init_stack(self) -> None:
        self.workspace.create_stack(STACK)

    def set(self, path: str, value: str) -> None:
        """`gcx config set --path PATH VALUE` on the dev stack (typed like the CLI: ints stay ints)."""
        set_config(self.workspace.stack_file(STACK), path, value, path=True)

    def remove(self, key: str) -> None:
        assert remove_config(self.workspace.stack_file(STACK), key, path=True), key

    def tenants(self) -> dict[str, DevTenant]:
        values = self.workspace.config(STACK).values
        return {t.name: t for t in dev_tenants(values, self.workspace.project.name)}

    def gcx(self, *args: str, env: Mapping[str, str] | None = None) -> Result:
        """Run `gcx ARGS --cwd <project>` in-process, with the project's passphrase and backend."""
        return CliRunner().invoke(app, [*args, "--cwd", str(self.dir)], env={**self.env, **(env or {})})

    def state_text(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.state_dir.rglob("*") if p.is_file())


def sdk_client(env: Mapping[str, str], tenant: DevTenant) -> sdk.ApiClient:
    """The official SDK logged in as the tenant's deploy client, through the emulator gateway."""
    return support_sdk_client(env, tenant.client_id, tenant.client_secret)


def org_snapshot(api: sdk.ApiClient) -> dict[str, Any]:
    """What an org holds, by name, as the official SDK lists it."""
    authorization, routing = sdk.AuthorizationApi(api), sdk.RoutingApi(api)
    integrations = sdk.IntegrationsApi(api)

    def names(listing: Any) -> list[str]:
        return sorted(e.name for e in listing.entities or [])

    return {
        "roles": {
            r.name: sorted(
                f"{p.domain}:{p.entity_name}:{a}" for p in r.permission_policies or [] for a in p.action_set
            )
            for r in authorization.get_authorization_roles(page_size=100).entities
        },
        "divisions": names(authorization.get_authorization_divisions(page_size=100)),
        "oauthClients": sorted(
            c.name for c in sdk.OAuthApi(api).get_oauth_clients().entities if c.state != "deleted"
        ),
        "groups": names(sdk.GroupsApi(api).get_groups(page_size=100)),
        "users": sorted(u.email for u in sdk.UsersApi(api).get_users(page_size=100).entities),
        "integrations": names(integrations.get_integrations(page_size=100)),
        "credentials": names(integrations.get_integrations_credentials_listing(page_size=100)),
        "queues": names(routing.get_routing_queues(page_size=100)),
        "skills": names(routing.get_routing_skills(page_size=100)),
        "languages": names(routing.get_routing_languages(page_size=100)),
        "wrapupCodes": names(routing.get_routing_wrapupcodes(page_size=100)),
        "smsNumbers": sorted(
            n.phone_number for n in routing.get_routing_sms_phonenumbers(page_size=100).entities
        ),
        "identityProviders": names(sdk.IdentityProviderApi(api).get_identityproviders()),
    }
