"""Sample data shared by the storage tests: the project file and a small snapshot with a secret."""

from __future__ import annotations

from gcx.engine.state import ResourceState, Snapshot
from gcx.engine.wire import make_secret

PASSPHRASE = "correct horse battery staple"
PROJECT = "shop"
SECRET_TEXT = "hunter2-very-secret"
BUCKET = "gcx-state"

PROJECT_YAML = """\
name: shop
description: a test project
runtime:
  name: python
  options:
    virtualenv: venv
config:
  port:
    type: integer
    default: 8080
  region:
    type: string
  aws:region: eu-west-1
"""


def stack_urn(name: str, type_: str, stack: str = "dev", parent_type: str = "") -> str:
    qualified = f"{parent_type}${type_}" if parent_type else type_
    return f"urn:pulumi:{stack}::{PROJECT}::{qualified}::{name}"


def sample_snapshot(stack: str = "dev") -> Snapshot:
    """Root stack, a default provider, a component and a custom child holding a secret."""
    root = stack_urn(f"{PROJECT}-{stack}", "pulumi:pulumi:Stack", stack)
    provider = stack_urn("default", "pulumi:providers:genesyscloud", stack)
    component = stack_urn("tenant", "gcx:index:Tenant", stack)
    queue = stack_urn(
        "tenant-queue", "genesyscloud:index/routingQueue:RoutingQueue", stack, "gcx:index:Tenant"
    )
    return Snapshot(
        resources=[
            ResourceState(
                urn=root,
                custom=False,
                type="pulumi:pulumi:Stack",
                outputs={"queue_id": "q-1", "client_secret": make_secret(SECRET_TEXT), "count": 2},
            ),
            ResourceState(urn=provider, custom=True, type="pulumi:providers:genesyscloud", id="prov-uuid-1"),
            ResourceState(urn=component, custom=False, type="gcx:index:Tenant", parent=root),
            ResourceState(
                urn=queue,
                custom=True,
                type="genesyscloud:index/routingQueue:RoutingQueue",
                id="q-1",
                parent=component,
                inputs={"name": "Sales", "token": make_secret(SECRET_TEXT)},
                outputs={"name": "Sales", "token": make_secret(SECRET_TEXT), "memberCount": 0},
                provider=f"{provider}::prov-uuid-1",
                dependencies=[component],
                property_dependencies={"name": []},
            ),
        ]
    )
