"""`GenesysCloudProvider`: entry point, check/diff by URN, preview prediction, handler dispatch."""

from collections.abc import Mapping
from typing import Any

import pytest
from pulumi.output import Unknown

from gcx.engine.plugin import (
    CreateResult,
    InvokeResult,
    ProviderRegistry,
    ReadResult,
    ResourceProvider,
    Secret,
    UpdateResult,
    is_unknown,
)
from gcx.provider import GenesysCloudProvider
from gcx.provider.client import ApiError
from gcx.provider.preview import predict_outputs
from gcx.provider.resources import HandlerContext, HandlerRegistry, NotConfiguredError, NotImplementedYetError
from gcx.provider.schemas import oauth_client

CLIENT_URN = "urn:pulumi:dev::gcx::genesyscloud:index/oauthClient:OauthClient::crm"
NESTED_URN = "urn:pulumi:dev::gcx::gcx:components:Emite$genesyscloud:index/routingSkill:RoutingSkill::s"
CLIENT = {"name": "crm", "authorizedGrantType": "CLIENT-CREDENTIALS", "roles": [{"roleId": "r"}]}


class RecordingClientHandler:
    """A stand-in for the next engineer's OAuth client handler: records calls, returns fixed data."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def create(self, ctx: HandlerContext, news: Mapping[str, Any], preview: bool) -> CreateResult:
        self.calls.append(("create", ctx.config.region.aws_region))
        return CreateResult("client-1", {**news, "clientId": "client-1", "clientSecret": "generated"})

    def read(
        self, ctx: HandlerContext, id: str, inputs: Mapping[str, Any], outputs: Mapping[str, Any]
    ) -> ReadResult:
        return ReadResult(id, dict(inputs), {**outputs, "clientSecret": "still"})

    def update(
        self,
        ctx: HandlerContext,
        id: str,
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
        old_inputs: Mapping[str, Any],
        preview: bool,
    ) -> UpdateResult:
        return UpdateResult({**old_outputs, **news})

    def delete(
        self, ctx: HandlerContext, id: str, old_outputs: Mapping[str, Any], old_inputs: Mapping[str, Any]
    ) -> None:
        self.calls.append(("delete", id))


class RoleLookup:
    def invoke(self, ctx: HandlerContext, args: Mapping[str, Any]) -> InvokeResult:
        return InvokeResult({"id": "role-" + args["name"], "name": args["name"]})


@pytest.fixture
def handler() -> RecordingClientHandler:
    return RecordingClientHandler()


@pytest.fixture
def provider(handler: RecordingClientHandler) -> GenesysCloudProvider:
    handlers = HandlerRegistry()
    handlers.register_resource(oauth_client.RESOURCE.token, handler)
    handlers.register_data_source("genesyscloud:index/getAuthRole:getAuthRole", RoleLookup())
    instance = GenesysCloudProvider(handlers=handlers, env={})
    instance.configure({"accessToken": "t", "awsRegion": "eu-west-2"})
    return instance


def test_the_entry_point_serves_the_package() -> None:
    factory = ProviderRegistry().load_entry_points().factory_for("genesyscloud:index/group:Group")
    assert factory is GenesysCloudProvider
    assert isinstance(GenesysCloudProvider(), ResourceProvider)


def test_check_finds_the_schema_from_the_urn_type_even_under_a_component() -> None:
    provider = GenesysCloudProvider(env={})
    assert provider.check(NESTED_URN, {}, {"name": "s"}).failures == []
    failure = provider.check(NESTED_URN, {}, {}).failures[0]
    assert failure.property == "name"


def test_an_unknown_type_is_refused_by_name() -> None:
    with pytest.raises(LookupError, match="genesyscloud:index/nope:Nope"):
        GenesysCloudProvider(env={}).check("urn:pulumi:dev::p::genesyscloud:index/nope:Nope::x", {}, {})


def test_diff_goes_through_the_schema() -> None:
    provider = GenesysCloudProvider(env={})
    result = provider.diff(NESTED_URN, "id", {}, {"name": "a"}, {"name": "b"}, [])
    assert result.replaces == ["name"]


def test_preview_create_without_a_handler_predicts_outputs() -> None:
    provider = GenesysCloudProvider(handlers=HandlerRegistry(), env={})
    checked = provider.check(CLIENT_URN, {}, {**CLIENT, "clientSecret": "given"}).inputs
    result = provider.create(CLIENT_URN, checked, preview=True)
    assert result.id == ""
    assert is_unknown(result.outputs["clientId"]) and is_unknown(result.outputs["integrationCredentialId"])
    assert result.outputs["clientSecret"] == Secret("given")
    assert result.outputs["accessTokenValiditySeconds"] == 86400


def test_real_operations_without_a_handler_say_what_is_missing() -> None:
    provider = GenesysCloudProvider(handlers=HandlerRegistry(), env={})
    with pytest.raises(
        NotImplementedYetError, match=r"create is not implemented yet for genesyscloud:index/oauthClient"
    ):
        provider.create(CLIENT_URN, CLIENT, preview=False)
    with pytest.raises(NotImplementedYetError, match="delete"):
        provider.delete(CLIENT_URN, "id", {}, {})
    with pytest.raises(NotImplementedYetError, match="getAuthRole"):
        provider.invoke("genesyscloud:index/getAuthRole:getAuthRole", {"name": "x"})


def test_create_dispatches_with_the_configuration_and_marks_secrets(
    provider: GenesysCloudProvider, handler: RecordingClientHandler
) -> None:
    result = provider.create(CLIENT_URN, CLIENT, preview=False)
    provider.delete(CLIENT_URN, "client-1", result.outputs, CLIENT)
    assert handler.calls == [("create", "eu-west-2"), ("delete", "client-1")]
    assert result.id == "client-1"
    assert result.outputs["clientSecret"] == Secret("generated")
    assert result.outputs["clientId"] == "client-1"


def test_read_outputs_are_marked_too(provider: GenesysCloudProvider) -> None:
    result = provider.read(CLIENT_URN, "client-1", CLIENT, {"clientId": "client-1"})
    assert result.outputs is not None and result.outputs["clientSecret"] == Secret("still")


def test_find_is_none_when_the_handler_cannot_adopt(provider: GenesysCloudProvider) -> None:
    assert provider.find(CLIENT_URN, CLIENT) is None


def test_invoke_checks_arguments_before_dispatching(provider: GenesysCloudProvider) -> None:
    token = "genesyscloud:index/getAuthRole:getAuthRole"
    assert provider.invoke(token, {"name": "employee"}).outputs == {"id": "role-employee", "name": "employee"}
    refused = provider.invoke(token, {})
    assert refused.outputs == {} and [f.property for f in refused.failures] == ["name"]


def test_unknown_configuration_allows_preview_but_not_api_calls(provider: GenesysCloudProvider) -> None:
    provider.configure({"accessToken": Unknown(), "awsRegion": "eu-west-1"})
    assert provider.config is None
    with pytest.raises(NotConfiguredError, match="not known yet"):
        provider.create(CLIENT_URN, CLIENT, preview=False)


def test_several_providers_keep_their_own_org_settings() -> None:
    eu, us = GenesysCloudProvider(env={}), GenesysCloudProvider(env={})
    eu.configure({"accessToken": "a", "awsRegion": "eu-west-1"})
    us.configure({"accessToken": "b", "awsRegion": "us-west-2"})
    assert eu.config is not None and us.config is not None
    assert (eu.config.region.domain, us.config.region.domain) == ("mypurecloud.ie", "usw2.pure.cloud")


def test_prediction_on_update_keeps_computed_values_from_the_old_outputs() -> None:
    old = {**CLIENT, "clientId": "client-1", "integrationCredentialId": "cred-1", "clientSecret": "s"}
    predicted = predict_outputs(oauth_client.RESOURCE, {**CLIENT, "description": "new"}, old)
    assert predicted["clientId"] == "client-1" and predicted["integrationCredentialId"] == "cred-1"
    assert predicted["clientSecret"] == Secret("s")
    assert predicted["description"] == "new"


# --- log_stack_traces ---------------------------------------------------------------------------------


class FailingClientHandler(RecordingClientHandler):
    """Creates fail with a bug; deletes fail with an API answer (an expected failure)."""

    def create(self, ctx: HandlerContext, news: Mapping[str, Any], preview: bool) -> CreateResult:
        return {}["clientId"]  # a provider bug: KeyError

    def delete(
        self, ctx: HandlerContext, id: str, old_outputs: Mapping[str, Any], old_inputs: Mapping[str, Any]
    ) -> None:
        raise ApiError(409, "general.conflict", "the client is in use", method="DELETE", path="/x")


def _failing_provider(**config: str) -> GenesysCloudProvider:
    handlers = HandlerRegistry()
    handlers.register_resource(oauth_client.RESOURCE.token, FailingClientHandler())
    instance = GenesysCloudProvider(handlers=handlers, env={})
    instance.configure({"accessToken": "t0ken-value", "awsRegion": "eu-west-2", **config})
    return instance


def test_log_stack_traces_appends_the_traceback_of_a_bug_not_of_an_api_answer(tmp_path):
    log = tmp_path / "traces" / "genesyscloud_stack_traces.log"
    provider = _failing_provider(logStackTraces="true", logStackTracesFilePath=str(log))
    with pytest.raises(KeyError):
        provider.create(CLIENT_URN, CLIENT, preview=False)
    with pytest.raises(ApiError):
        provider.delete(CLIENT_URN, "client-1", {}, {})
    text = log.read_text()
    assert text.count("--- ") == 1 and f" create {CLIENT_URN}\n" in text
    assert "Traceback (most recent call last)" in text and "in create" in text
    assert "KeyError: 'clientId'" in text
    assert "t0ken-value" not in text


def test_without_log_stack_traces_a_bug_only_raises(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(KeyError):
        _failing_provider().create(CLIENT_URN, CLIENT, preview=False)
    assert list(tmp_path.iterdir()) == []
