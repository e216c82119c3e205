"""Secrets of the dynamic resources stay secret: the OAuth client secret (an input) and the SAML
private key (an output) never appear in plain text in the backend directory (state, history,
backups) or in preview text and JSON, and the pickled providers in state are short references to
an import path that capture nothing."""

from __future__ import annotations

import base64
import pickle

import dill

from gcx.dynamic.identity_provider import PureEngageIdentityProviderProvider
from gcx.dynamic.key_pair import SamlSigningKeyPairProvider
from gcx.dynamic.role_permissions import AuthRolePermissionsProvider
from gcx.engine.display import render_diff_text, render_json
from gcx.engine.wire import is_secret


def rendered(result) -> str:
    return render_diff_text(result, show_sames=True) + render_json(result)


def test_client_secret_and_private_key_never_appear_in_plain_text(project, org):
    hybrid = project("hybrid")
    texts = [rendered(hybrid.stack.preview(diff=True))]
    up = hybrid.stack.up()
    private_key = up.outputs["privateKey"]
    assert is_secret(private_key), "the private key output must be a secret"
    key_lines = private_key["value"].splitlines()[1:-1]
    assert len(key_lines) > 10
    hybrid.stack.refresh()
    hybrid.config("rotation", "next")  # a replacement: old outputs are shown next to new ones
    texts.append(rendered(hybrid.stack.preview(diff=True)))
    hybrid.stack.up()
    hybrid.stack.destroy()

    for text in [*texts, hybrid.backend_text()]:
        assert org.client_secret not in text
        assert "PRIVATE KEY" not in text
        assert not any(line in text for line in key_lines)
    assert "[secret]" in texts[0]


def test_pickled_providers_are_small_references_without_secrets(project, org):
    hybrid = project("hybrid")
    hybrid.stack.up()
    expected = {
        "saml": SamlSigningKeyPairProvider,
        "pureengage": PureEngageIdentityProviderProvider,
        "employee-journey": AuthRolePermissionsProvider,
    }
    resources = hybrid.resources()
    for name, cls in expected.items():
        pickled = resources[name]["inputs"]["__provider"]
        assert isinstance(pickled, str), f"{name}: __provider must not be a secret (it holds none)"
        raw = base64.b64decode(pickled)
        assert len(raw) < 120, f"{name}: {len(raw)} bytes: pickled by value, not by reference?"
        assert cls.__module__.encode() in raw and cls.__name__.encode() in raw
        assert org.client_secret.encode() not in raw
        provider = dill.loads(raw)
        assert type(provider) is cls and vars(provider) == {}
        # By reference: plain pickle (no dill) can load it too.
        assert type(pickle.loads(raw)) is cls
