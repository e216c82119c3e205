"""PureConnectIntegration under Pulumi mocks: resources, wiring, ratings, handoff, and every Args rule."""

from __future__ import annotations

import base64
import logging
from pathlib import Path
from typing import Any

import pulumi
import pytest
from google.protobuf import json_format
from pulumi.runtime import mocks, settings
from pydantic import ValidationError

from components.pureconnect import PureConnectIntegration, PureConnectIntegrationArgs
from gcx.dynamic.connection import GenesysConnectionArgs
from tests.components.recording_monitor import (
    AUTH_ROLE,
    OAUTH_CLIENT,
    RecordingMonitor,
    resolve_handoff,
    tenant_opts,
)
from tests.provider.lifecycle.certs import self_signed_pem

pytestmark = pytest.mark.xdist_group("pulumi_runtime")

FIXTURES = Path(__file__).parent / "fixtures"
EXPORT = FIXTURES / "cic_export_contact_center.yaml"
USER = "genesyscloud:index/user:User"
QUEUE = "genesyscloud:index/routingQueue:RoutingQueue"
SKILL = "genesyscloud:index/routingSkill:RoutingSkill"
LANGUAGE = "genesyscloud:index/routingLanguage:RoutingLanguage"
WRAPUP = "genesyscloud:index/routingWrapupcode:RoutingWrapupcode"
CREDENTIAL = "genesyscloud:index/integrationCredential:IntegrationCredential"
IDP = "genesyscloud:index/idpGeneric:IdpGeneric"
SMS = "pulumi-python:dynamic/gcx:SmsPhoneNumber"
CONNECTION = GenesysConnectionArgs(aws_region="us-east-1", oauthclient_id="admin", oauthclient_secret="adm1n")
WEBHOOK_PASSWORD = "wh-pa55word"
SVG_ICON = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>').decode()


CERTIFICATE = self_signed_pem("sso.example.com")


SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d"  # Pulumi's wire signature key and secret value
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"


class _WireMonitor(RecordingMonitor):
    """Also keeps each registration's inputs in wire form, where secrets carry their signature."""

    def __init__(self) -> None:
        super().__init__()
        self.wire: dict[str, dict[str, Any]] = {}

    def RegisterResource(self, request: Any) -> Any:  # gRPC method name
        self.wire[request.name] = json_format.MessageToDict(request.object)
        return super().RegisterResource(request)


class _Logs(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.WARNING:
            self.warnings.append(record.getMessage())


@pytest.fixture
def logs() -> _Logs:
    return _Logs()


@pytest.fixture
def monitor(logs: _Logs) -> _WireMonitor:
    recording = _WireMonitor()
    logger = logging.getLogger("test_pureconnect")
    logger.handlers = [logs]
    mocks.set_mocks(
        recording.mocks, project="gcx", stack="test", preview=False, monitor=recording, logger=logger
    )
    settings.SETTINGS.package_refs.fget().clear()
    return recording


def _sms_number(**overrides: Any) -> dict[str, Any]:
    number = {
        "type": "longcode",
        "search": {"areaCode": "317", "city": "Indianapolis"},
        "comment": "Support line",
        "email": "sms-admin@example.com",
        "webhookUsername": "cic-webhook",
        "webhookPassword": WEBHOOK_PASSWORD,
        "moUrl": "https://cic.example.com/sms/mo",
        "drUrl": "https://cic.example.com/sms/dr",
    }
    number.update(overrides)
    return number


def _sso(**overrides: Any) -> dict[str, Any]:
    sso = {
        "proxy": {
            "host": "sso.example.com",
            "servers": ["10.1.2.3", "10.1.2.4"],
            "certificatePath": "/etc/nginx/tls/proxy.crt",
            "certificateKeyPath": "/etc/nginx/tls/proxy.key",
        },
        "certificate": CERTIFICATE,
        "loginIcon": SVG_ICON,
    }
    sso.update(overrides)
    return sso


def _args(**overrides: Any) -> PureConnectIntegrationArgs:
    data: dict[str, Any] = {"cicExport": str(EXPORT)}
    data.update(overrides)
    return PureConnectIntegrationArgs.model_validate(data)


def _full_args() -> PureConnectIntegrationArgs:
    return PureConnectIntegrationArgs.model_validate(
        {
            "cicExport": str(EXPORT),
            "syncAdvancedPlatformObjects": True,
            "messagingClient": {"tokenLifetimeSeconds": 3600},
            "browserClientApplications": {"uris": ["https://connect.example.com/", "http://localhost:8080/"]},
            "smsNumbers": [_sms_number(), _sms_number(type="tollfree", search=None, number="+18005550199")],
            "sso": _sso(),
            "connection": CONNECTION,
        }
    )



def _settled(*components: PureConnectIntegration) -> pulumi.Output[list[Any]]:
    """Resolves once every child of the components has been registered."""
    resources: list[pulumi.Resource] = []
    for c in components:
        for group in (c.users, c.skills, c.languages, c.wrapup_codes, c.queues, c.sms_numbers):
            resources.extend(group.values())
        resources.extend(r for r in (c.messaging_client, c.browser_client, c.identity_provider) if r)
    return pulumi.Output.all(*(r.urn for r in resources), *(resolve_handoff(c.handoff) for c in components))


def _id_of(monitor: RecordingMonitor, name: str) -> str:
    monitor.named(name)
    return f"{name}-id"  # EchoMocks answers every create with "<name>-id"


@pulumi.runtime.test
def test_full_sync_creates_the_guide_objects_under_the_tenant_provider(monitor: RecordingMonitor):
    component = PureConnectIntegration("pc", _full_args(), tenant_opts("us-east-1"))

    def check(_: object) -> None:
        assert monitor.named("pc").type == "genesys:integrations:PureConnectIntegration"
        children = monitor.children_of("pc")
        assert sorted(c.name for c in children) == sorted(
            [
                "pc-user-jdoe",
                "pc-user-asmith",
                "pc-skill-Billing",
                "pc-skill-Marketing",
                "pc-language-Spanish",
                "pc-wrapup-Resolved",
                "pc-wrapup-Escalated",
                "pc-wrapup-Sold",
                "pc-queue-Support",
                "pc-queue-Sales",
                "pc-messaging-role",
                "pc-messaging-client",
                "pc-browser-client",
                "pc-sms-Support line",
                "pc-sms-Support line-webhook",
                "pc-sms-+18005550199",
                "pc-sms-+18005550199-webhook",
                "pc-sso",
            ]
        )
        tenant = monitor.named("tenant")
        for child in children:
            if child.type.startswith("genesyscloud:"):
                assert child.provider.startswith(tenant.urn + "::"), child.name

    return _settled(component).apply(check)


@pulumi.runtime.test
def test_users_carry_display_name_email_and_the_mapped_phones(monitor: RecordingMonitor):
    component = PureConnectIntegration("pc", _args(), tenant_opts("us-east-1"))

    def check(_: object) -> None:
        assert sorted(u.name for u in monitor.of_type(USER)) == ["pc-user-asmith", "pc-user-jdoe"]
        jdoe = monitor.named("pc-user-jdoe").inputs
        assert (jdoe["email"], jdoe["name"]) == ("jane.doe@example.com", "Jane Doe")
        phones = {p["type"]: p["number"] for p in jdoe["addresses"]["phoneNumbers"]}
        assert phones == {
            "WORK": "+13175550100",
            "WORK2": "+13175550101",
            "MOBILE": "+13175550102",
            "HOME": "+13175550103",
            "OTHER": "+13175550104",
        }
        assert {p["mediaType"] for p in jdoe["addresses"]["phoneNumbers"]} == {"PHONE"}
        asmith = monitor.named("pc-user-asmith").inputs
        assert asmith["name"] == "asmith"  # no display name: the user name
        assert asmith["addresses"]["phoneNumbers"] == [
            {"number": "+442079460018", "type": "MOBILE", "mediaType": "PHONE"}
        ]
        # Without "Sync Advanced Platform Objects" skills stay unmanaged and nothing else is made.
        assert "routingSkills" not in jdoe and "routingLanguages" not in jdoe
        assert not monitor.of_type(QUEUE) + monitor.of_type(SKILL) + monitor.of_type(WRAPUP)
        assert not monitor.of_type(OAUTH_CLIENT) + monitor.of_type(SMS) + monitor.of_type(IDP)

    return _settled(component).apply(check)


@pulumi.runtime.test
def test_users_without_business_email_are_skipped_with_a_warning_naming_them(
    monitor: RecordingMonitor, logs: _Logs
):
    component = PureConnectIntegration("pc", _args(), tenant_opts("us-east-1"))

    def check(values: dict[str, tuple[Any, bool]]) -> None:
        skipped = [w for w in logs.warnings if "no business email" in w]
        assert len(skipped) == 2
        assert "'PureCloudAdmin'" in skipped[0] and "'bwayne'" in skipped[1]
        assert "Business Email" in skipped[0]
        assert values["users.skippedWithoutBusinessEmail[0]"] == ("PureCloudAdmin", False)
        assert values["users.skippedWithoutBusinessEmail[1]"] == ("bwayne", False)
        assert values["users.synced"] == (2, False)

    return _settled(component).apply(lambda done: check(done[-1]))


@pulumi.runtime.test
def test_advanced_objects_wire_skills_languages_queues_and_wrapup_codes(monitor: RecordingMonitor):
    component = PureConnectIntegration(
        "pc", _args(syncAdvancedPlatformObjects=True), tenant_opts("us-east-1")
    )

    def check(_: object) -> None:
        assert monitor.named("pc-skill-Billing").inputs == {"name": "Billing"}
        assert monitor.named("pc-language-Spanish").inputs == {"name": "Spanish"}
        assert [r.name for r in monitor.of_type(LANGUAGE)] == ["pc-language-Spanish"]
        assert monitor.named("pc-wrapup-Resolved").inputs == {
            "name": "Resolved"
        }  # label/category stay in CIC

        # jdoe: own Billing 80 beats Support's 50 -> 4; Spanish 90 inherited from Support -> 5.
        jdoe = monitor.named("pc-user-jdoe").inputs
        assert jdoe["routingSkills"] == [{"skillId": _id_of(monitor, "pc-skill-Billing"), "proficiency": 4.0}]
        assert jdoe["routingLanguages"] == [
            {"languageId": _id_of(monitor, "pc-language-Spanish"), "proficiency": 5.0}
        ]
        # asmith: own Spanish 30 loses to Support's 90 -> 5; Billing 50 inherited -> 3.
        asmith = monitor.named("pc-user-asmith").inputs
        assert asmith["routingSkills"] == [{"skillId": "pc-skill-Billing-id", "proficiency": 3.0}]
        assert asmith["routingLanguages"] == [{"languageId": "pc-language-Spanish-id", "proficiency": 5.0}]

        support = monitor.named("pc-queue-Support").inputs
        assert support["name"] == "Support"
        # members listed on the workgroup and users naming it; skipped users are left out (Sales: bwayne)
        assert [m["userId"] for m in support["members"]] == ["pc-user-asmith-id", "pc-user-jdoe-id"]
        assert support["wrapupCodes"] == ["pc-wrapup-Resolved-id", "pc-wrapup-Escalated-id"]
        sales = monitor.named("pc-queue-Sales").inputs
        assert [m["userId"] for m in sales["members"]] == ["pc-user-asmith-id"]
        assert sales["wrapupCodes"] == ["pc-wrapup-Sold-id"]

    return _settled(component).apply(check)


@pulumi.runtime.test
def test_custom_proficiency_bands_rate_user_skills(monitor: RecordingMonitor):
    bands = [{"upTo": 60, "rating": 0}, {"upTo": 85, "rating": 2}, {"upTo": 100, "rating": 5}]
    component = PureConnectIntegration(
        "pc", _args(syncAdvancedPlatformObjects=True, proficiencyBands=bands), tenant_opts("us-east-1")
    )

    def check(_: object) -> None:
        assert monitor.named("pc-user-jdoe").inputs["routingSkills"][0]["proficiency"] == 2.0  # 80
        assert monitor.named("pc-user-asmith").inputs["routingSkills"][0]["proficiency"] == 0.0  # 50

    return _settled(component).apply(check)


@pulumi.runtime.test
def test_messaging_and_browser_clients(monitor: RecordingMonitor):
    component = PureConnectIntegration("pc", _full_args(), tenant_opts("us-east-1"))

    def check(values: dict[str, tuple[Any, bool]]) -> None:
        role = monitor.named("pc-messaging-role")
        assert role.type == AUTH_ROLE
        assert role.inputs["name"] == "PureConnect Messaging"
        assert role.inputs["permissionPolicies"] == [
            {"domain": "sms", "entityName": "phoneNumber", "actionSets": ["view", "add", "edit", "delete"]}
        ]
        client = monitor.named("pc-messaging-client").inputs
        assert client["name"] == "GenesysCloudMessaging"
        assert client["authorizedGrantType"] == "CLIENT-CREDENTIALS"
        assert client["accessTokenValiditySeconds"] == 3600
        assert client["roles"] == [{"roleId": "pc-messaging-role-id"}]
        assert client["exposeClientSecret"] is True

        browser = monitor.named("pc-browser-client").inputs
        assert browser["authorizedGrantType"] == "TOKEN"
        assert browser["registeredRedirectUris"] == ["https://connect.example.com/", "http://localhost:8080/"]
        assert browser["scopes"] == ["conversations", "notifications", "presence:readonly", "users:readonly"]
        assert "roles" not in browser

        assert values["messagingClient.serviceName"] == ("GenesysCloudMessaging", False)
        assert values["messagingClient.clientId"] == ("pc-messaging-client-client-id", False)
        assert values["messagingClient.clientSecret"] == ("pc-messaging-client-secret", True)
        assert values["messagingClient.durationSeconds"] == (3600, False)
        assert values["browserClientApplications.clientId"] == ("pc-browser-client-client-id", False)

    return _settled(component).apply(lambda done: check(done[-1]))


@pulumi.runtime.test
def test_sms_numbers_are_provisioned_with_their_webhook_login_as_a_secret_credential(
    monitor: RecordingMonitor,
):
    component = PureConnectIntegration("pc", _full_args(), tenant_opts("us-east-1"))

    def check(values: dict[str, tuple[Any, bool]]) -> None:
        found = monitor.named("pc-sms-Support line")
        assert found.type == SMS
        assert found.inputs["phone_number_type"] == "local"
        assert found.inputs["country_code"] == "US"
        assert found.inputs["search"] == {"area_code": "317", "city": "Indianapolis"}
        assert found.inputs["connection"]["aws_region"] == "us-east-1"
        given = monitor.named("pc-sms-+18005550199").inputs
        assert (given["phone_number_type"], given["phone_number"]) == ("tollfree", "+18005550199")
        assert given.get("search") is None

        credential = monitor.named("pc-sms-Support line-webhook")
        assert credential.type == CREDENTIAL
        assert credential.inputs["credentialTypeName"] == "basicAuth"
        assert credential.inputs["fields"] == {"userName": "cic-webhook", "password": WEBHOOK_PASSWORD}

        assert values["smsNumbers[0].webhookCredentialId"] == ("pc-sms-Support line-webhook-id", False)
        assert values["smsNumbers[0].moUrl"] == ("https://cic.example.com/sms/mo", False)
        assert values["smsNumbers[0].email"] == ("sms-admin@example.com", False)
        assert values["smsNumbers[0].comment"] == ("Support line", False)
        assert values["smsNumbers[1].number"] == ("+18005550199", False)
        assert all(value != WEBHOOK_PASSWORD for value, _ in values.values())

    return _settled(component).apply(lambda done: check(done[-1]))


@pulumi.runtime.test
def test_webhook_password_goes_on_the_wire_as_a_secret(monitor: RecordingMonitor):
    component = PureConnectIntegration("pc", _full_args(), tenant_opts("us-east-1"))

    def check(_: object) -> None:
        wire = monitor.wire["pc-sms-Support line-webhook"]["fields"]
        # a secret leaf makes the whole map property secret on the wire
        assert wire == {
            SECRET_SIG_KEY: SECRET_SIG,
            "value": {"userName": "cic-webhook", "password": WEBHOOK_PASSWORD},
        }

    return _settled(component).apply(check)


@pulumi.runtime.test
def test_sso_identity_provider_points_at_the_proxy(monitor: RecordingMonitor):
    component = PureConnectIntegration("pc", _full_args(), tenant_opts("us-east-1"))

    def check(values: dict[str, tuple[Any, bool]]) -> None:
        idp = monitor.named("pc-sso").inputs
        assert idp["issuerUri"] == "https://sso.example.com"
        assert idp["targetUri"] == "https://sso.example.com/PureConnect/ICNotifierIDP/login?loginType=saml"
        assert idp["certificates"] == [CERTIFICATE.strip()]
        assert idp["logoImageData"] == SVG_ICON
        assert idp["name"] == "PureConnect"
        assert values["sso.proxy.servers[1]"] == ("10.1.2.4", False)
        assert values["sso.proxy.port"] == (443, False)
        assert values["sso.targetUri"][0] == idp["targetUri"]

    return _settled(component).apply(lambda done: check(done[-1]))


@pulumi.runtime.test
def test_handoff_secrets_are_only_the_client_secret_and_the_checklist_follows_the_options(
    monitor: RecordingMonitor,
):
    component = PureConnectIntegration("pc", _full_args(), tenant_opts("us-east-1"))
    minimal = PureConnectIntegration("min", _args(), tenant_opts("us-east-1"))

    def check(both: list[dict[str, tuple[Any, bool]]]) -> None:
        full, small = both
        assert [path for path, (_, secret) in full.items() if secret] == ["messagingClient.clientSecret"]
        full_steps = [v for p, (v, _) in full.items() if p.startswith("checklist")]
        small_steps = [v for p, (v, _) in small.items() if p.startswith("checklist")]
        assert any("Enforce Scopes OFF" in s for s in small_steps)
        assert any("PureCloudAdmin" in s and "bwayne" in s for s in small_steps)
        assert not any("Manage Client" in s or "nginx" in s or "Skills" in s for s in small_steps)
        assert any("Treat as Language must be set for Spanish" in s for s in full_steps)
        assert any("Manage Client" in s for s in full_steps)
        assert any("toll-free messaging verification" in s for s in full_steps)
        assert any("gcx pureconnect nginx" in s for s in full_steps)
        assert "sso" not in {p.split(".")[0] for p in small}

    return _settled(component, minimal).apply(lambda done: check(done[-2:]))


# --- Args rules (no resources) ------------------------------------------------------------------


def test_default_bands_are_ceil_of_p_over_20():
    args = _args()
    assert [args.rating(p) for p in (1, 20, 21, 40, 41, 60, 61, 80, 81, 100)] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
        5,
        5,
    ]


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([{"upTo": 50, "rating": 1}, {"upTo": 40, "rating": 2}, {"upTo": 100, "rating": 3}], "must increase"),
        ([{"upTo": 50, "rating": 3}, {"upTo": 100, "rating": 2}], "must not decrease"),
        ([{"upTo": 50, "rating": 1}, {"upTo": 90, "rating": 2}], "upTo: 100"),
        ([{"upTo": 100, "rating": 6}], "less than or equal to 5"),
        ([], "at least one band"),
    ],
)
def test_bad_proficiency_bands_are_rejected(bands, message):
    with pytest.raises(ValidationError, match=message) as error:
        _args(proficiencyBands=bands)
    assert "proficiencyBands" in str(error.value)


@pytest.mark.parametrize(("seconds", "ok"), [(599, False), (600, True), (172800, True), (172801, False)])
def test_messaging_token_lifetime_is_10_minutes_to_48_hours(seconds, ok):
    if ok:
        assert (
            _args(messagingClient={"tokenLifetimeSeconds": seconds}).messaging_client.token_lifetime_seconds
            == seconds
        )
        return
    with pytest.raises(ValidationError, match="between 10 minutes and 48 hours") as error:
        _args(messagingClient={"tokenLifetimeSeconds": seconds})
    assert "messagingClient.tokenLifetimeSeconds" in str(error.value)


def test_messaging_client_follows_sms_numbers_unless_set():
    assert not _args().creates_messaging_client
    assert _args(messagingClient={"enabled": True}).creates_messaging_client
    assert _args(smsNumbers=[_sms_number()], connection=CONNECTION).creates_messaging_client
    with pytest.raises(ValidationError, match="keep it enabled while smsNumbers"):
        _args(smsNumbers=[_sms_number()], connection=CONNECTION, messagingClient={"enabled": False})


@pytest.mark.parametrize(
    ("uri", "ok"),
    [
        ("https://connect.example.com/client/", True),
        ("http://localhost:8080/", True),
        ("http://127.0.0.1/", True),
        ("http://connect.example.com/", False),
        ("https://connect.example.com/#frag", False),
        ("connect.example.com", False),
    ],
)
def test_browser_client_uris_need_https_except_localhost(uri, ok):
    if ok:
        assert _args(browserClientApplications={"uris": [uri]}).browser_client_applications.uris == (uri,)
        return
    with pytest.raises(ValidationError, match=r"browserClientApplications\.uris\.0"):
        _args(browserClientApplications={"uris": [uri]})


def test_browser_client_rejects_unknown_scopes_and_repeated_uris():
    with pytest.raises(ValidationError, match="unknown OAuth scopes"):
        _args(browserClientApplications={"uris": ["https://a.example.com/"], "scopes": ["everything"]})
    with pytest.raises(ValidationError, match="listed twice"):
        _args(browserClientApplications={"uris": ["https://a.example.com/", "https://a.example.com/"]})


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"moUrl": "http://cic.example.com/mo"}, "smsNumbers.0.moUrl"),
        ({"drUrl": "ftp://cic.example.com/dr"}, "smsNumbers.0.drUrl"),
        ({"email": "not-an-email"}, "smsNumbers.0.email"),
        ({"search": None}, "give the number to provision, or search criteria"),
        ({"search": {"exchange": "155"}}, "search.exchange"),
        ({"search": {"vanity": "AB"}}, "search.vanity"),
        ({"search": {"areaCode": "117"}}, "search.areaCode"),
        ({"search": {"areaCode": "317"}, "number": "+13175550100"}, "not both"),
        ({"number": "3175550100", "search": None}, "number: phone_number must be E.164"),
        ({"type": "shortcode"}, "smsNumbers.0.type"),
    ],
)
def test_bad_sms_numbers_are_rejected_naming_the_field(override, message):
    with pytest.raises(ValidationError, match=message.replace(".", r"\.").replace("+", r"\+")) as error:
        _args(smsNumbers=[_sms_number(**override)], connection=CONNECTION)
    assert WEBHOOK_PASSWORD not in str(error.value)


def test_sms_numbers_need_a_connection_and_distinct_keys():
    with pytest.raises(ValidationError, match="needs connection"):
        _args(smsNumbers=[_sms_number()])
    with pytest.raises(ValidationError, match="repeats") as error:
        _args(smsNumbers=[_sms_number(), _sms_number()], connection=CONNECTION)
    assert WEBHOOK_PASSWORD not in str(error.value)
    assert _args(smsNumbers=[_sms_number(comment=None)], connection=CONNECTION).sms_numbers[0].key == (
        "areaCode-317-city-Indianapolis"
    )


def test_webhook_password_never_shows_in_args_repr():
    args = _args(smsNumbers=[_sms_number()], connection=CONNECTION)
    assert WEBHOOK_PASSWORD not in repr(args)
    assert args.sms_numbers[0].webhook_password.get_secret_value() == WEBHOOK_PASSWORD


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"certificate": "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----"}, "sso.certificate"),
        ({"loginIcon": "%%%"}, "loginIcon must be base64"),
        ({"loginIcon": base64.b64encode(b"\x89PNG....").decode()}, "must be an SVG"),
        ({"proxy": {**_sso()["proxy"], "host": "https://sso.example.com"}}, "sso.proxy.host"),
    ],
)
def test_bad_sso_settings_are_rejected(override, message):
    with pytest.raises(ValidationError, match=message):
        _args(sso=_sso(**override))


def test_export_paths_resolve_against_the_base_dir_and_errors_name_the_file(tmp_path: Path):
    (tmp_path / "cic.yaml").write_text(EXPORT.read_text())
    args = PureConnectIntegrationArgs.model_validate(
        {"cicExport": "cic.yaml"}, context={"base_dir": tmp_path}
    )
    assert [u.user_name for u in args.cic_export.users][:2] == ["jdoe", "asmith"]

    (tmp_path / "bad.yaml").write_text("users:\n  - userName: x\n    businessEmail: nope\n")
    with pytest.raises(ValidationError) as error:
        PureConnectIntegrationArgs.model_validate({"cicExport": "bad.yaml"}, context={"base_dir": tmp_path})
    text = str(error.value)
    assert "cicExport" in text and f"{tmp_path / 'bad.yaml'}:3: users[0].businessEmail" in text

    with pytest.raises(ValidationError, match="no such file"):
        PureConnectIntegrationArgs.model_validate(
            {"cicExport": "missing.yaml"}, context={"base_dir": tmp_path}
        )


def test_an_inline_export_is_validated_with_yaml_paths():
    args = _args(cicExport={"users": [{"userName": "a", "businessEmail": "a@example.com"}]})
    assert args.cic_export.users[0].user_name == "a"
    with pytest.raises(ValidationError, match=r"cicExport: users\[0\]\.skills\[0\]\.name: skill 'X'"):
        _args(cicExport={"users": [{"userName": "a", "skills": [{"name": "X", "proficiency": 5}]}]})


def test_fax_to_other_phone_users_lists_synced_users_with_a_fax():
    assert _args().fax_to_other_phone_users() == ("jane.doe@example.com",)
    assert _args().writes_other_phone
    no_fax = _args(
        cicExport={
            "users": [{"userName": "a", "businessEmail": "a@example.com", "phones": {"home": "+15555550100"}}]
        }
    )
    assert no_fax.fax_to_other_phone_users() == ()
    assert not no_fax.writes_other_phone
    # a fax on a user who is not synced writes nothing
    unsynced = _args(cicExport={"users": [{"userName": "a", "phones": {"fax": "+15555550100"}}]})
    assert not unsynced.writes_other_phone
