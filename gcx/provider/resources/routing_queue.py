"""``genesyscloud_routing_queue``: ``/api/v2/routing/queues[/{id}]``, ``.../members`` and
``.../wrapupcodes``.

Create: POST the queue (`source_queue_id` only here), then add members (POST ``.../members``,
at most 100 ids a request) and set ring numbers other than 1 (PATCH ``.../members``), then add
wrap-up codes (POST ``.../wrapupcodes``, at most 100 a request). Update: PUT the queue when its
own fields changed (the full QueueRequest; no version), then the member and wrap-up code
differences (POST ``.../members?delete=true`` removes; DELETE ``.../wrapupcodes/{id}``). Members
are not managed with `ignore_members` or when unset; wrap-up codes only when set. Read: GET the
queue, plus the members and wrap-up codes only when managed (or on import).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gcx.provider.client import GenesysClient
from gcx.provider.resources import HandlerContext
from gcx.provider.resources.base import Live, api
from gcx.provider.resources.crud import CrudResource, delete_if_present, replacement, undone_on_failure
from gcx.provider.resources.mapping import REF_IDS, REF_MAP, Codec, Field, Shape
from gcx.provider.schema import ResourceSchema

__all__ = ["RoutingQueue"]

BULK_LIMIT = 100  # members and wrap-up codes per request
MEMBER_GROUP_KINDS = {"groups": "GROUP", "teams": "TEAM", "skillGroups": "SKILLGROUP"}
_MEMBERS, _CODES = "members", "wrapupCodes"

MEMBER_GROUP = Shape(Field("memberGroupId", "id"), Field("memberGroupType", "type"))

# subTypeSettings: a list of {mediaType, enableAutoAnswer} <-> a map keyed by media type.
SUB_TYPES = Codec(
    lambda items: {i["mediaType"]: {"enableAutoAnswer": bool(i.get("enableAutoAnswer"))} for i in items},
    lambda by_type: [
        {"mediaType": k, "enableAutoAnswer": bool((v or {}).get("enableAutoAnswer"))}
        for k, v in (by_type or {}).items()
    ],
)

_MEDIA_FIELDS = (
    Field("alertingTimeoutSec", "alertingTimeoutSeconds"),
    Field("subTypeSettings", "subTypeSettings", SUB_TYPES),
    Field("enableAutoAnswer", "enableAutoAnswer"),
    Field("serviceLevelPercentage", "serviceLevel.percentage"),
    Field("serviceLevelDurationMs", "serviceLevel.durationMs"),
)
MEDIA = Shape(*_MEDIA_FIELDS)
CALLBACK_MEDIA = Shape(
    *_MEDIA_FIELDS,
    Field("mode", "mode"),
    Field("enableAutoDialAndEnd", "enableAutoDialAndEnd"),
    Field("autoDialDelaySeconds", "autoDialDelaySeconds"),
    Field("autoEndDelaySeconds", "autoEndDelaySeconds"),
    Field("autoAnswerAlertToneSeconds", "autoAnswerAlertToneSeconds"),
    Field("manualAnswerAlertToneSeconds", "manualAnswerAlertToneSeconds"),
    Field("pacingModifier", "pacingModifier"),
    Field("liveVoiceReactionType", "liveVoiceReactionType"),
    Field("liveVoiceFlowId", "liveVoiceFlow.id"),
    Field("answeringMachineReactionType", "answeringMachineReactionType"),
    Field("answeringMachineFlowId", "answeringMachineFlow.id"),
    Field("maxRetryCount", "maxRetryCount"),
    Field("retryDelaySeconds", "retryDelaySeconds"),
)

# A bullseye ring's expansion timeout is its TIMEOUT_SECONDS expansion criterion.
_TIMEOUT = Codec(
    lambda seconds: [{"type": "TIMEOUT_SECONDS", "threshold": seconds}],
    lambda criteria: next(
        (c.get("threshold") for c in criteria or [] if c.get("type") == "TIMEOUT_SECONDS"), None
    ),
)
RING = Shape(
    Field("expansionTimeoutSeconds", "expansionCriteria", _TIMEOUT),
    Field("skillsToRemoves", "actions.skillsToRemove", REF_IDS),
    Field("memberGroups", "memberGroups", shape=MEMBER_GROUP),
)
CGA_CONDITION = Shape(
    Field(
        "simpleMetric", "simpleMetric", shape=Shape(Field("metric", "metric"), Field("queueId", "queue.id"))
    ),
    Field("operator", "operator"),
    Field("value", "value"),
)
CGA = Shape(
    Field(
        "pilotRule",
        "pilotRule",
        shape=Shape(
            Field("conditionExpression", "conditionExpression"),
            Field("conditions", "conditions", shape=CGA_CONDITION),
        ),
    ),
    Field(
        "rules",
        "rules",
        shape=Shape(
            Field("conditionExpression", "conditionExpression"),
            Field("conditions", "conditions", shape=CGA_CONDITION),
            Field("groups", "groups", shape=MEMBER_GROUP),
        ),
    ),
)
CGR_RULE = Shape(
    Field("queueId", "queue.id"),
    Field("operator", "operator"),
    Field("metric", "metric"),
    Field("conditionValue", "conditionValue"),
    Field("waitSeconds", "waitSeconds"),
    Field("groups", "groups", shape=MEMBER_GROUP),
)
DIRECT_ROUTING = Shape(
    Field("backupQueueId", "backupQueueId"),
    Field("agentWaitSeconds", "agentWaitSeconds"),
    Field("waitForAgent", "waitForAgent"),
    Field("callUseAgentAddressOutbound", "callMediaSettings.useAgentAddressOutbound"),
    Field("emailUseAgentAddressOutbound", "emailMediaSettings.useAgentAddressOutbound"),
    Field("messageUseAgentAddressOutbound", "messageMediaSettings.useAgentAddressOutbound"),
)

QUEUE = Shape(
    Field("name", "name"),
    Field("divisionId", "division.id"),
    Field("description", "description"),
    Field("mediaSettingsCall", "mediaSettings.call", shape=MEDIA),
    Field("mediaSettingsCallback", "mediaSettings.callback", shape=CALLBACK_MEDIA),
    Field("mediaSettingsChat", "mediaSettings.chat", shape=MEDIA),
    Field("mediaSettingsEmail", "mediaSettings.email", shape=MEDIA),
    Field("mediaSettingsMessage", "mediaSettings.message", shape=MEDIA),
    Field(
        "agentOwnedRouting",
        "agentOwnedRouting",
        shape=Shape(
            Field("enableAgentOwnedCallbacks", "enableAgentOwnedCallbacks"),
            Field("maxOwnedCallbackHours", "maxOwnedCallbackHours"),
            Field("maxOwnedCallbackDelayHours", "maxOwnedCallbackDelayHours"),
        ),
    ),
    Field(
        "cannedResponseLibraries",
        "cannedResponseLibraries",
        shape=Shape(Field("mode", "mode"), Field("libraryIds", "libraryIds")),
    ),
    Field(
        "routingRules",
        "routingRules",
        shape=Shape(
            Field("operator", "operator"),
            Field("threshold", "threshold"),
            Field("waitSeconds", "waitSeconds"),
        ),
    ),
    Field("bullseyeRings", "bullseye.rings", shape=RING),
    Field("conditionalGroupActivation", "conditionalGroupActivation", shape=CGA),
    Field("conditionalGroupRoutingRules", "conditionalGroupRouting.rules", shape=CGR_RULE),
    Field("acwWrapupPrompt", "acwSettings.wrapupPrompt"),
    Field("acwTimeoutMs", "acwSettings.timeoutMs"),
    Field("skillEvaluationMethod", "skillEvaluationMethod"),
    Field("queueFlowId", "queueFlow.id"),
    Field("emailInQueueFlowId", "emailInQueueFlow.id"),
    Field("messageInQueueFlowId", "messageInQueueFlow.id"),
    Field("whisperPromptId", "whisperPrompt.id"),
    Field("onHoldPromptId", "onHoldPrompt.id"),
    Field("autoAnswerOnly", "autoAnswerOnly"),
    Field("enableTranscription", "enableTranscription"),
    Field("suppressInQueueCallRecording", "suppressInQueueCallRecording"),
    Field("enableAudioMonitoring", "enableAudioMonitoring"),
    Field("peerId", "peerId"),
    Field("enableManualAssignment", "enableManualAssignment"),
    Field("callingPartyName", "callingPartyName"),
    Field("callingPartyNumber", "callingPartyNumber"),
    Field("scoringMethod", "scoringMethod"),
    Field("defaultScriptIds", "defaultScripts", REF_MAP),
    Field("outboundMessagingSmsAddressId", "outboundMessagingAddresses.smsAddress.id"),
    Field(
        "outboundMessagingOpenMessagingRecipientId", "outboundMessagingAddresses.openMessagingRecipient.id"
    ),
    Field("outboundMessagingWhatsappRecipientId", "outboundMessagingAddresses.whatsAppRecipient.id"),
    Field(
        "outboundEmailAddress",
        "outboundEmailAddress",
        shape=Shape(Field("domainId", "domain.id"), Field("routeId", "route.id")),
    ),
    Field("directRouting", "directRouting", shape=DIRECT_ROUTING),
    Field("lastAgentRoutingMode", "lastAgentRoutingMode"),
)


def _manages_members(values: Mapping[str, Any]) -> bool:
    return not values.get("ignoreMembers") and values.get(_MEMBERS) is not None


class RoutingQueue(CrudResource):
    path = "/api/v2/routing/queues"
    shape = QUEUE
    lookup = "queue"
    # Settings of this provider, not of the queue: kept from the inputs.
    write_only = frozenset({"ignoreMembers", "sourceQueueId"})

    def body(self, ctx: HandlerContext, values: Mapping[str, Any]) -> dict[str, Any]:
        body = QUEUE.to_api(values)
        groups = [
            {"id": ident, "type": kind}
            for wire, kind in MEMBER_GROUP_KINDS.items()
            for ident in values.get(wire) or []
        ]
        if groups or any(values.get(wire) is not None for wire in MEMBER_GROUP_KINDS):
            body["memberGroups"] = groups
        return body

    def live(self, ctx: HandlerContext, doc: Mapping[str, Any]) -> Live:
        live = QUEUE.from_api(doc)
        for wire, kind in MEMBER_GROUP_KINDS.items():
            live[wire] = [g["id"] for g in doc.get("memberGroups") or [] if g.get("type") == kind]
        return live

    # --- members and wrap-up codes ---

    def _read_members(self, client: GenesysClient, id: str) -> list[dict[str, Any]]:
        return [
            {"userId": m["id"], "ringNum": int(m.get("ringNumber") or 1)}
            for m in client.paginate(f"{self.path}/{id}/members", page_size=100)
        ]

    def _change_members(
        self, client: GenesysClient, id: str, old: list[Mapping[str, Any]], new: list[Mapping[str, Any]]
    ) -> None:
        before = {m["userId"]: int(m.get("ringNum") or 1) for m in old}
        after = {m["userId"]: int(m.get("ringNum") or 1) for m in new}
        removed = [u for u in before if u not in after]
        added = [u for u in after if u not in before]
        for start in range(0, len(removed), BULK_LIMIT):
            batch = [{"id": u} for u in removed[start : start + BULK_LIMIT]]
            client.post(f"{self.path}/{id}/members", params={"delete": "true"}, json=batch)
        for start in range(0, len(added), BULK_LIMIT):
            batch = [{"id": u} for u in added[start : start + BULK_LIMIT]]
            client.post(f"{self.path}/{id}/members", json=batch)
        rings = [{"id": u, "ringNumber": ring} for u, ring in after.items() if ring != before.get(u, 1)]
        for start in range(0, len(rings), BULK_LIMIT):
            client.patch(f"{self.path}/{id}/members", json=rings[start : start + BULK_LIMIT])

    def _change_codes(self, client: GenesysClient, id: str, old: list[str], new: list[str]) -> None:
        for code in [c for c in old if c not in new]:
            delete_if_present(client, f"{self.path}/{id}/wrapupcodes/{code}")
        added = [c for c in new if c not in old]
        for start in range(0, len(added), BULK_LIMIT):
            client.post(
                f"{self.path}/{id}/wrapupcodes", json=[{"id": c} for c in added[start : start + BULK_LIMIT]]
            )

    # --- hooks ---

    def create_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live]:
        client = api(ctx)
        body = self.body(ctx, news)
        if news.get("sourceQueueId"):
            body["sourceQueueId"] = news["sourceQueueId"]
        doc = client.post(self.path, json=body)
        ident = str(doc["id"])
        live = self.live(ctx, doc)
        with undone_on_failure(client, f"{self.path}/{ident}"):
            if _manages_members(news):
                self._change_members(client, ident, [], news[_MEMBERS])
                live[_MEMBERS] = list(news[_MEMBERS])
            if news.get(_CODES) is not None:
                self._change_codes(client, ident, [], list(news[_CODES]))
                live[_CODES] = list(news[_CODES])
        return ident, live

    def read_object(self, ctx: HandlerContext, id: str, state: Mapping[str, Any]) -> Live | None:
        live = super().read_object(ctx, id, state)
        if live is None:
            return None
        client = api(ctx)
        if not state or _manages_members(state):
            live[_MEMBERS] = self._read_members(client, id)
        if not state or state.get(_CODES) is not None:
            codes = client.get(f"{self.path}/{id}/wrapupcodes", params={"pageSize": 100})
            live[_CODES] = [c["id"] for c in codes.get("entities") or []]
        return live

    def update_object(
        self,
        ctx: HandlerContext,
        id: str,
        old: Mapping[str, Any],
        news: Mapping[str, Any],
        changed: set[str],
    ) -> Live:
        client = api(ctx)
        schema: ResourceSchema = ctx.schema  # type: ignore[assignment]
        live = dict(old)
        if changed - {_MEMBERS, _CODES, "ignoreMembers", "sourceQueueId"}:
            values = replacement(schema.block, news, old, blank=False)
            live |= self.live(ctx, client.put(f"{self.path}/{id}", json=self.body(ctx, values)))
        if _manages_members(news) and changed & {_MEMBERS, "ignoreMembers"}:
            current = old.get(_MEMBERS)
            if current is None:
                current = self._read_members(client, id)
            self._change_members(client, id, current, news[_MEMBERS])
            live[_MEMBERS] = list(news[_MEMBERS])
        if _CODES in changed and news.get(_CODES) is not None:
            self._change_codes(client, id, list(old.get(_CODES) or []), list(news[_CODES]))
            live[_CODES] = list(news[_CODES])
        return live
