"""Identity providers, the saml2-bearer and password grants, user-context tokens and SAML signatures."""

from __future__ import annotations

import base64
import time
import xml.etree.ElementTree as ET
from xml.dom import minidom

import httpx
import pytest

from gcx.emulator.saml import SamlError, canonicalize, sign_assertion, verify_assertion
from tests.emulator.conftest import Target
from tests.emulator.keys import key_pair

ISSUER = "https://www.genesys.com/pureengage"
SAML2 = "urn:ietf:params:oauth:grant-type:saml2-bearer"


@pytest.fixture(scope="module")
def idp_keys() -> tuple[bytes, str]:
    return key_pair()


def _pureengage(api: httpx.Client, certificate: str, auto_provision: bool = True) -> None:
    response = api.put(
        "/api/v2/identityproviders/pureengage",
        json={
            "name": "Genesys Multicloud CX",
            "autoProvisionUsers": auto_provision,
            "certificate": certificate,
            "issuerURI": ISSUER,
            "ssoTargetURI": "https://apps.mypurecloud.com",
            "disabled": False,
        },
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "id": "pureengage",
        "name": "Genesys Multicloud CX",
        "disabled": False,
        "selfUri": "/api/v2/identityproviders/pureengage",
    }


def _saml_client(api: httpx.Client, scopes: list[str]) -> dict:
    return api.post(
        "/api/v2/oauth/clients",
        json={
            "name": "WDE",
            "authorizedGrantType": "SAML2-BEARER",
            "scope": scopes,
            "registeredRedirectUri": ["https://apps.mypurecloud.com"],
        },
    ).json()


def test_pureengage_singleton_crud(api: httpx.Client, idp_keys: tuple[bytes, str]) -> None:
    assert api.get("/api/v2/identityproviders/pureengage").status_code == 404
    _pureengage(api, idp_keys[1])
    full = api.get("/api/v2/identityproviders/pureengage").json()
    assert (full["autoProvisionUsers"], full["issuerURI"]) == (True, ISSUER)
    assert "endpointCompression" not in full
    generic_body = {"name": "Okta-ish", "issuerURI": ISSUER, "certificate": idp_keys[1]}
    clash = api.put("/api/v2/identityproviders/generic", json=generic_body)
    assert clash.status_code == 409 and clash.json()["details"][0]["fieldName"] == "issuerURI"
    bad_cert = api.put(
        "/api/v2/identityproviders/generic", json=generic_body | {"issuerURI": "urn:x", "certificate": "abc"}
    )
    assert bad_cert.status_code == 400 and bad_cert.json()["details"][0]["fieldName"] == "certificate"
    listed = api.get("/api/v2/identityproviders").json()
    assert [p["id"] for p in listed["entities"]] == ["pureengage"]
    assert api.delete("/api/v2/identityproviders/pureengage").json() == {}
    assert api.get("/api/v2/identityproviders/pureengage").status_code == 404


def test_saml2_bearer_auto_provisions_an_employee(
    api: httpx.Client, embedded: Target, org: dict, idp_keys: tuple[bytes, str]
) -> None:
    _pureengage(api, idp_keys[1])
    client = _saml_client(api, ["users", "authorization:readonly"])
    assertion = sign_assertion(issuer=ISSUER, name_id="wde.agent@example.com", private_key_pem=idp_keys[0])
    login = httpx.post(
        f"{embedded.url}/oauth/token",
        auth=(client["id"], client["secret"]),
        data={"grant_type": SAML2, "orgName": org["shortName"], "assertion": assertion},
    )
    assert login.status_code == 200, login.text
    with embedded.client(login.json()["access_token"]) as user_api:
        me = user_api.get("/api/v2/users/me").json()
        assert me["email"] == "wde.agent@example.com" and me["organization"]["id"] == org["orgId"]
        roles = user_api.get("/api/v2/authorization/subjects/me").json()
        assert [g["role"]["name"] for g in roles["grants"]] == ["employee"]
        denied = user_api.post("/api/v2/authorization/roles", json={"name": "x"})
        assert denied.status_code == 403  # readonly scope and no permission
        out_of_scope = user_api.get("/api/v2/groups")
        assert out_of_scope.status_code == 403 and out_of_scope.json()["code"] == "missing.scopes"
        token_info = user_api.get("/api/v2/tokens/me").json()
        assert token_info["authorizedScope"] == ["users", "authorization:readonly"]


def test_saml2_bearer_rejections(
    api: httpx.Client, embedded: Target, org: dict, idp_keys: tuple[bytes, str]
) -> None:
    _pureengage(api, idp_keys[1], auto_provision=False)
    client = _saml_client(api, ["users"])
    other_key, _ = key_pair()

    def login(assertion: str, org_name: str = org["shortName"]) -> httpx.Response:
        return httpx.post(
            f"{embedded.url}/oauth/token",
            auth=(client["id"], client["secret"]),
            data={"grant_type": SAML2, "orgName": org_name, "assertion": assertion},
        )

    good = sign_assertion(issuer=ISSUER, name_id="stranger@example.com", private_key_pem=idp_keys[0])
    assert "No user matches" in login(good).json()["error_description"]
    forged = sign_assertion(issuer=ISSUER, name_id="stranger@example.com", private_key_pem=other_key)
    assert "not signed by the identity provider" in login(forged).json()["error_description"]
    tampered = base64.b64encode(base64.b64decode(good).replace(b"stranger@", b"admin1234@")).decode()
    assert "digest mismatch" in login(tampered).json()["error_description"]
    assert login(good, org_name="someoneelse").json()["error"] == "invalid_grant"


def test_password_grant_gives_a_user_token(api: httpx.Client, embedded: Target) -> None:
    user = api.post(
        "/api/v2/users", json={"name": "Pat", "email": "pat@example.com", "password": "Str0ng!pass"}
    ).json()
    weak = api.post("/api/v2/users", json={"name": "W", "email": "w@example.com", "password": "short"})
    assert weak.status_code == 400 and weak.json()["details"][0]["fieldName"] == "password"
    client = api.post(
        "/api/v2/oauth/clients",
        json={"name": "pw", "authorizedGrantType": "PASSWORD", "scope": ["users:readonly"]},
    ).json()
    url = f"{embedded.url}/oauth/token"
    wrong = httpx.post(
        url,
        auth=(client["id"], client["secret"]),
        data={"grant_type": "password", "username": "pat@example.com", "password": "nope"},
    )
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    ok = httpx.post(
        url,
        auth=(client["id"], client["secret"]),
        data={"grant_type": "password", "username": "pat@example.com", "password": "Str0ng!pass"},
    )
    with embedded.client(ok.json()["access_token"]) as user_api:
        assert user_api.get("/api/v2/users/me").json()["id"] == user["id"]
        assert (
            user_api.patch(f"/api/v2/users/{user['id']}", json={"title": "x", "version": 1}).status_code
            == 403
        )
    mismatch = httpx.post(
        url, auth=(client["id"], client["secret"]), data={"grant_type": "client_credentials"}
    )
    assert mismatch.json()["error"] == "unauthorized_client"


# ---- the signature code itself ---------------------------------------------------------------

_DOCUMENTS = [
    '<a:root xmlns:a="urn:a" xmlns:b="urn:b" z="1" a:y="2"><b:child b:k="v &amp; w">text &lt; here</b:child>'
    "<a:empty/></a:root>",
    '<root xmlns="urn:default"><inner attr="x\ty"><deep xmlns="">plain</deep></inner></root>',
    '<p:r xmlns:p="urn:p"><p:s xmlns:q="urn:q" q:a="1">  spaced\n text  </p:s></p:r>',
]


@pytest.mark.parametrize("document", _DOCUMENTS)
def test_exclusive_c14n_matches_the_standard_library(document: str) -> None:
    # With every namespace used where it is declared, exclusive C14N 1.0 and C14N 2.0 agree.
    mine = canonicalize(minidom.parseString(document).documentElement).decode()
    assert mine == ET.canonicalize(document)


def test_signed_assertion_verifies_and_expires(idp_keys: tuple[bytes, str]) -> None:
    pem, cert = idp_keys
    assertion = sign_assertion(issuer=ISSUER, name_id="a@example.com", private_key_pem=pem, valid_seconds=60)
    assert verify_assertion(assertion, [cert], ISSUER).name_id == "a@example.com"
    with pytest.raises(SamlError, match="issuer"):
        verify_assertion(assertion, [cert], "urn:other")
    with pytest.raises(SamlError, match="expired"):
        verify_assertion(assertion, [cert], ISSUER, now=time.time() + 3600)
    doctype = base64.b64encode(b'<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>').decode()
    with pytest.raises(SamlError, match="DOCTYPE"):
        verify_assertion(doctype, [cert], ISSUER)
