"""Hand-built preview results shaped like this project's stacks (one `TenantStack` per tenant,
integration components below it, an explicit provider per tenant), for the Markdown golden tests.

Every secret value here is a word that must never appear in a rendered document (`SECRET_WORDS`).
"""

from __future__ import annotations

from typing import Any

from gcx.engine.events import Diagnostic, Severity
from gcx.engine.result import OperationResult, change_summary
from gcx.engine.state import ResourceState
from gcx.engine.steps import Op, Step
from gcx.engine.urns import STACK_TYPE
from gcx.engine.wire import UNKNOWN, make_secret

SECRET_WORDS = ("hunter2", "old-admin-pw", "new-admin-pw", "client-secret-1", "client-secret-2", "rotated-pw")

TENANT = "genesys:integrations:TenantStack"
EMITE = "genesys:integrations:EmiteIntegration"
PURE = "genesys:integrations:PureConnectIntegration"
CLIENT = "genesyscloud:index/oauthClient:OauthClient"
ROLE = "genesyscloud:index/authRole:AuthRole"
GROUP = "genesyscloud:index/group:Group"
USER = "genesyscloud:index/user:User"
DIVISION = "genesyscloud:index/authDivision:AuthDivision"
PROVIDER_TYPE = "pulumi:providers:genesyscloud"


class Tree:
    """URNs and states of one stack: `add` records a resource under a parent by name."""

    def __init__(self, stack: str) -> None:
        self.prefix = f"urn:pulumi:{stack}::genesys-integrations::"
        self.stack = stack
        self.root = self.prefix + f"{STACK_TYPE}::genesys-integrations-{stack}"
        self._types: dict[str, str] = {self.root: ""}
        self.default_provider = self.prefix + "pulumi:providers:genesyscloud::default::d-1"

    def urn(self, type_: str, name: str, parent: str = "") -> str:
        chain = self._types.get(parent, "")
        qualified = f"{chain}${type_}" if chain else type_
        urn = f"{self.prefix}{qualified}::{name}"
        self._types[urn] = qualified
        return urn

    def state(
        self, type_: str, name: str, parent: str = "", *, custom: bool = True, **fields: Any
    ) -> ResourceState:
        parent = parent or self.root
        provider = fields.pop("provider", self.default_provider if custom else "")
        return ResourceState(
            urn=self.urn(type_, name, parent),
            type=type_,
            custom=custom,
            parent=parent,
            provider=provider,
            **fields,
        )

    def stack_state(self, outputs: dict[str, Any]) -> ResourceState:
        return ResourceState(urn=self.root, type=STACK_TYPE, custom=False, outputs=outputs)


def _same(state: ResourceState, sequence: int) -> Step:
    return Step(Op.SAME, state.urn, state.type, state, state, state.provider, sequence=sequence)


def _result(stack: str, steps: list[Step], **extra: Any) -> OperationResult:
    return OperationResult(
        kind="update",
        dry_run=True,
        stack=stack,
        steps=steps,
        change_summary=change_summary(steps),
        duration_ns=987_654_321,
        **extra,
    )


def tenants_preview() -> OperationResult:
    """Three tenants changing in every way, one quiet tenant, a resource outside any component."""
    t = Tree("dev")
    old_root = t.stack_state(
        {"tenants": {"acme-eu": {"clientId": "c-1"}}, "adminPassword": make_secret("old-admin-pw")}
    )
    new_root = t.stack_state(
        {"tenants": {"acme-eu": {"clientId": UNKNOWN}}, "adminPassword": make_secret("new-admin-pw")}
    )
    steps = [Step(Op.SAME, t.root, STACK_TYPE, old_root, new_root, sequence=1)]
    default_provider = ResourceState(urn=t.default_provider, type=PROVIDER_TYPE, custom=True, id="d-1")
    steps.append(
        Step(
            Op.SAME,
            default_provider.urn,
            PROVIDER_TYPE,
            default_provider,
            default_provider,
            hidden=True,
            sequence=2,
        )
    )

    # acme-eu: an update with a rotated secret, a replace, a create whose input is unknown.
    acme = t.state(TENANT, "acme-eu", custom=False)
    provider = t.state(
        PROVIDER_TYPE,
        "acme-eu-provider",
        acme.urn,
        id="p-1",
        provider="",
        inputs={
            "awsRegion": "eu-west-1",
            "oauthclientId": "acme",
            "oauthclientSecret": make_secret("hunter2"),
        },
    )
    acme_ref = f"{provider.urn}::p-1"
    emite = t.state(EMITE, "acme-eu-emite", acme.urn, custom=False)
    client_old = t.state(
        CLIENT,
        "acme-eu-emite-client",
        emite.urn,
        id="oc-1",
        provider=acme_ref,
        inputs={
            "name": "eMite",
            "accessTokenValiditySeconds": 86400,
            "secret": make_secret("client-secret-1"),
        },
    )
    client_new = t.state(
        CLIENT,
        "acme-eu-emite-client",
        emite.urn,
        provider=acme_ref,
        inputs={
            "name": "eMite Reporting",
            "accessTokenValiditySeconds": 3600,
            "secret": make_secret("client-secret-2"),
        },
    )
    role_old = t.state(
        ROLE,
        "acme-eu-emite-role",
        emite.urn,
        id="r-1",
        provider=acme_ref,
        inputs={"name": "eMite_Home", "defaultRoleId": "custom"},
    )
    role_new = t.state(
        ROLE,
        "acme-eu-emite-role",
        emite.urn,
        provider=acme_ref,
        inputs={"name": "eMite_Home", "defaultRoleId": "employee"},
    )
    group = t.state(
        GROUP,
        "acme-eu-emite-wfm",
        emite.urn,
        provider=acme_ref,
        inputs={"name": "emite_WFMLookback", "ownerIds": [UNKNOWN], "type": "official"},
    )
    steps += [
        _same(acme, 3),
        _same(provider, 4),
        _same(emite, 5),
        Step(
            Op.UPDATE,
            client_new.urn,
            CLIENT,
            client_old,
            client_new,
            acme_ref,
            ["accessTokenValiditySeconds", "name", "secret"],
            sequence=6,
        ),
        Step(
            Op.REPLACE,
            role_new.urn,
            ROLE,
            role_old,
            role_new,
            acme_ref,
            ["defaultRoleId"],
            ["defaultRoleId"],
            {"defaultRoleId": "update-replace"},
            sequence=7,
        ),
        Step(
            Op.CREATE_REPLACEMENT, role_new.urn, ROLE, role_old, role_new, acme_ref, hidden=True, sequence=8
        ),
        Step(Op.CREATE, group.urn, GROUP, None, group, acme_ref, sequence=9),
        Step(Op.DELETE_REPLACED, role_old.urn, ROLE, role_old, None, acme_ref, hidden=True, sequence=30),
    ]

    # globex-us: one user removed from the PureConnect component; everything else unchanged.
    globex = t.state(TENANT, "globex-us", custom=False)
    pure = t.state(PURE, "globex-us-pure-connect", globex.urn, custom=False)
    kept = t.state(USER, "globex-us-pure-connect-user-ann", pure.urn, id="u-1", inputs={"email": "ann@x"})
    gone = t.state(
        USER,
        "globex-us-pure-connect-user-bob",
        pure.urn,
        id="u-2",
        inputs={"email": "bob@x", "name": "Bob", "password": make_secret("rotated-pw")},
    )
    steps += [_same(globex, 10), _same(pure, 11), _same(kept, 12)]
    steps.append(Step(Op.DELETE, gone.urn, USER, gone, None, gone.provider, sequence=31))

    # initech-us: the whole tenant removed (children first, as deletes run).
    initech = t.state(TENANT, "initech-us", custom=False)
    initech_emite = t.state(EMITE, "initech-us-emite", initech.urn, custom=False)
    initech_group = t.state(
        GROUP, "initech-us-emite-access", initech_emite.urn, id="g-9", inputs={"name": "emite_Access"}
    )
    steps += [
        Step(Op.DELETE, initech_group.urn, GROUP, initech_group, None, initech_group.provider, sequence=32),
        Step(Op.DELETE, initech_emite.urn, EMITE, initech_emite, None, sequence=33),
        Step(Op.DELETE, initech.urn, TENANT, initech, None, sequence=34),
    ]

    # zeta: nothing changes, so no section.
    zeta = t.state(TENANT, "zeta", custom=False)
    steps.append(_same(zeta, 13))

    # Outside any component: a division created directly under the stack.
    division = t.state(DIVISION, "shared-division", inputs={"name": "Shared", "description": "a\nb"})
    steps.append(Step(Op.CREATE, division.urn, DIVISION, None, division, division.provider, sequence=14))

    warning = Diagnostic(Severity.WARNING, "user 'bob' has no business email; not synced", gone.urn)
    return _result("dev", steps, outputs=dict(new_root.outputs), diagnostics=[warning])


def unchanged_preview() -> OperationResult:
    t = Tree("prod")
    root = t.stack_state({"tenants": {}})
    tenant = t.state(TENANT, "umbrella-eu", custom=False)
    user = t.state(USER, "umbrella-eu-user", tenant.urn, id="u-7", inputs={"email": "x@y"})
    steps = [_same(root, 1), _same(tenant, 2), _same(user, 3)]
    return _result("prod", steps, outputs=dict(root.outputs))


def failed_preview() -> OperationResult:
    """A preview that stopped on a program error: what ran is kept, with the error diagnostic."""
    t = Tree("qa")
    root = t.stack_state({})
    tenant = t.state(TENANT, "hooli-us", custom=False)
    steps = [
        Step(Op.CREATE, root.urn, STACK_TYPE, None, root, sequence=1),
        Step(Op.CREATE, tenant.urn, TENANT, None, tenant, sequence=2),
    ]
    error = Diagnostic(
        Severity.ERROR,
        "the stack config has 1 problem; nothing was deployed:\n"
        "  genesys-integrations:tenants.hooli-us.region: unknown Genesys Cloud region 'mars-1'",
        root.urn,
    )
    result = _result("qa", steps, diagnostics=[error])
    result.failed = True
    return result
