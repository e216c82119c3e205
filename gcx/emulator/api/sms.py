"""SMS numbers: search the available inventory, provision (optionally async), update, deprovision.

Endpoints:
- GET    /api/v2/routing/sms/availablephonenumbers -> get_routing_sms_availablephonenumbers
- GET    /api/v2/routing/sms/phonenumbers -> get_routing_sms_phonenumbers
- POST   /api/v2/routing/sms/phonenumbers -> post_routing_sms_phonenumbers
- GET    /api/v2/routing/sms/phonenumbers/{phoneNumberId} -> get_routing_sms_phonenumber
- PATCH  /api/v2/routing/sms/phonenumbers/{phoneNumberId} -> patch_routing_sms_phonenumber
- DELETE /api/v2/routing/sms/phonenumbers/{phoneNumberId} -> delete_routing_sms_phonenumber

Permissions `sms:phoneNumber:view|add|edit|delete` (the SDK CLI's endpoint requirements; the
search needs `add`). The inventory is `gcx.emulator.sms_inventory`; besides the SDK's filters
(`region`, `city`, `areaCode`, `pattern`, `addressRequirement`) the search takes the emulator
extensions `postalCode` and `endsWith`, which the PureConnect provisioning dialog offers. Like
the SDK (269), a provisioned number has no PUT: PATCH changes its `supportedContent` profile,
which provisioning also takes.

Provisioning: a number outside the inventory, or of another type or country, is 400; a number
already provisioned by any org is 409. With `async=true` the POST answers 202 with
`phoneNumberStatus: INITIATED` and `provisioningStatus {action: Create, state: Running}`, which
turn into ACTIVE / Completed once `sms_provisioning_seconds` have passed (read lazily, so no
background thread is needed); without it the number is ACTIVE at once. DELETE with
`async=true` answers 202 and the number reads as PENDING_CANCELLATION until the same delay has
passed, then 404; a synchronous DELETE frees the number at once.

Fault knob: while `sms_provisioning_failures` (`/_emulator/settings`
`smsProvisioningFailures`) is above 0, each provisioning uses one up and fails: an async one
ends as `phoneNumberStatus: INVALID`, `provisioningStatus {state: Failed, error: ErrorBody}`
(the number stays listed, holding no claim, until it is deleted); a synchronous one is answered
with that ErrorBody. Choices: the error is 400 `sms.phonenumber.provisioning.failed`; a
supported content profile id is not checked (the emulator has no messaging content profiles).
"""

from __future__ import annotations

import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from gcx.emulator import sms_inventory
from gcx.emulator.auth import any_of
from gcx.emulator.context import Backend, Session
from gcx.emulator.errors import ApiError, bad_request, conflict, not_found
from gcx.emulator.paging import Page, envelope, paging
from gcx.emulator.params import QueryList
from gcx.emulator.wire import new_id, no_content, now_iso, reply

__all__ = ["SmsBackend", "router"]

Doc = dict[str, Any]
NumberType = Literal["local", "mobile", "tollfree", "shortcode", "alphanumeric"]
_COUNTRY_NAMES = {"US": "United States", "CA": "Canada", "GB": "United Kingdom", "AU": "Australia"}


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class SupportedContentRef(_Body):
    id: str = Field(min_length=1)


class SmsPhoneNumberProvision(_Body):
    phoneNumber: str = Field(pattern=r"^\+[1-9][0-9]{6,14}$")
    phoneNumberType: NumberType
    countryCode: str = Field(pattern=r"^[A-Za-z]{2}$")
    name: str | None = Field(None, max_length=200)
    addressId: str | None = None
    supportedContent: SupportedContentRef | None = None


class SmsPhoneNumberPatch(_Body):
    supportedContent: SupportedContentRef | None = None


def _supported_content(ref: SupportedContentRef) -> Doc:
    return {"id": ref.id, "selfUri": f"/api/v2/conversations/messaging/supportedcontent/{ref.id}"}


def _provisioning_failure(number: str) -> ApiError:
    return ApiError(
        400,
        "sms.phonenumber.provisioning.failed",
        "The carrier could not provision {number} (failure injected by the emulator's "
        "smsProvisioningFailures setting).",
        {"number": number},
    )


class SmsBackend(Backend):
    def _claim_holder(self, number: str, *, release_stale: bool = True) -> Doc | None:
        """The live number doc holding a claim on `number`.

        A stale claim (its number deleted, or its provisioning failed) counts as free; it is
        released here unless `release_stale` is false, which read-only callers (a GET) pass so
        that reading never writes.
        """
        claim = self.tx.get("", "sms_claim", number)
        if claim is None:
            return None
        doc = self.tx.get(claim["orgId"], "sms_number", claim["numberId"])
        gone = doc is None or self._gone(doc)
        # A failed provisioning never bought the number: it is free for the next try.
        if not gone and self._current(doc)["provisioningStatus"]["state"] != "Failed":
            return doc
        if release_stale:
            self.tx.delete("", "sms_claim", number)
            if gone and doc is not None:
                self.tx.delete(claim["orgId"], "sms_number", doc["id"])
        return None

    def _release(self, doc: Doc) -> None:
        """Drop the claim on the number if this doc (not a later provisioning) holds it."""
        claim = self.tx.get("", "sms_claim", doc["phoneNumber"])
        if claim is not None and claim["numberId"] == doc["id"]:
            self.tx.delete("", "sms_claim", doc["phoneNumber"])

    def _claimed(self) -> set[str]:
        return {
            c["id"]
            for c in self.tx.scan("", "sms_claim")
            if self._claim_holder(c["id"], release_stale=False) is not None
        }

    def get_routing_sms_availablephonenumbers(
        self, country: str, number_type: str, **filters: str | None
    ) -> list[Doc]:
        try:
            numbers = sms_inventory.search(country, number_type, taken=self._claimed(), **filters)
        except ValueError as exc:
            raise bad_request(str(exc), "pattern") from None
        return [
            {
                "id": n.phone_number,
                "name": n.phone_number,
                "phoneNumber": n.phone_number,
                "countryCode": n.country_code,
                "region": n.region,
                "city": n.city,
                "capabilities": list(n.capabilities),
                "phoneNumberType": n.number_type,
                "addressRequirement": n.address_requirement,
            }
            for n in numbers
        ]

    @staticmethod
    def _gone(doc: Doc) -> bool:
        """An async deletion whose delay has passed: the number no longer exists."""
        ready = doc.get("_readyAt")
        return (
            doc["phoneNumberStatus"] == "PENDING_CANCELLATION" and ready is not None and time.time() >= ready
        )

    @staticmethod
    def _current(doc: Doc) -> Doc:
        """The document as it reads now: a finished async provisioning shows as completed.

        Computed on read rather than stored, so a GET never writes and a failed request
        cannot lose the transition.
        """
        ready = doc.get("_readyAt")
        if doc["phoneNumberStatus"] != "INITIATED" or ready is None or time.time() < ready:
            return doc
        if doc.get("_failure"):
            status = {"action": "Create", "state": "Failed", "version": doc["version"]}
            status["error"] = doc["_failure"]
            return doc | {"phoneNumberStatus": "INVALID", "provisioningStatus": status}
        return doc | {
            "phoneNumberStatus": "ACTIVE",
            "provisioningStatus": {"action": "Create", "state": "Completed", "version": doc["version"]},
        }

    def _view(self, doc: Doc) -> Doc:
        return doc | {"selfUri": f"/api/v2/routing/sms/phonenumbers/{doc['id']}"}

    def _load(self, ident: str) -> Doc:
        doc = self.tx.get(self.org, "sms_number", ident)
        if doc is None or self._gone(doc):
            raise not_found("SMS phone number", ident)
        return self._current(doc)

    def get_routing_sms_phonenumbers(
        self,
        page: Page,
        number: str | None,
        types: list[str] | None,
        statuses: list[str] | None,
        countries: list[str] | None,
    ) -> tuple[list[Doc], int]:
        docs = [self._current(d) for d in self.tx.scan(self.org, "sms_number") if not self._gone(d)]
        if number:
            fragment = number.replace("*", "")
            docs = [d for d in docs if fragment in d["phoneNumber"]]
        if types:
            docs = [d for d in docs if d["phoneNumberType"] in types]
        if statuses:
            wanted = {s.upper().replace("-", "_") for s in statuses}
            docs = [d for d in docs if d["phoneNumberStatus"] in wanted]
        if countries:
            docs = [d for d in docs if d["countryCode"] in {c.upper() for c in countries}]
        docs.sort(key=lambda d: d["phoneNumber"])
        return [self._view(d) for d in page.slice(docs)], len(docs)

    def post_routing_sms_phonenumbers(self, body: SmsPhoneNumberProvision, asynchronous: bool) -> Doc:
        entry = sms_inventory.lookup(body.phoneNumber)
        if entry is None:
            raise bad_request(f"{body.phoneNumber} is not available for provisioning.", "phoneNumber")
        if entry.country_code != body.countryCode.upper():
            raise bad_request(
                f"{body.phoneNumber} is not a {body.countryCode.upper()} number.", "countryCode"
            )
        if entry.number_type != body.phoneNumberType:
            raise bad_request(f"{body.phoneNumber} is a {entry.number_type} number.", "phoneNumberType")
        if self._claim_holder(body.phoneNumber) is not None:
            raise conflict(f"{body.phoneNumber} is already provisioned.", "phoneNumber")
        settings = self.ctx.settings
        failure = None
        if settings.sms_provisioning_failures > 0:
            settings.sms_provisioning_failures -= 1
            failure = _provisioning_failure(body.phoneNumber)
            if not asynchronous:
                raise failure
        stamp = now_iso()
        actor = self.ctx.caller.user_id or self.ctx.caller.client_id if self.ctx.caller else ""
        delay = self.ctx.settings.sms_provisioning_seconds if asynchronous else 0
        doc = {
            "id": new_id(),
            "name": body.name or body.phoneNumber,
            "phoneNumber": body.phoneNumber,
            "phoneNumberType": entry.number_type,
            "provisionedThroughPureCloud": True,
            "phoneNumberStatus": "INITIATED" if delay else "ACTIVE",
            "capabilities": list(entry.capabilities),
            "countryCode": entry.country_code,
            "country": _COUNTRY_NAMES.get(entry.country_code, entry.country_code),
            "dateCreated": stamp,
            "dateModified": stamp,
            "createdBy": {"id": actor, "selfUri": f"/api/v2/users/{actor}"},
            "modifiedBy": {"id": actor, "selfUri": f"/api/v2/users/{actor}"},
            "version": 1,
            "purchaseDate": stamp,
            "autoRenewable": "Quarterly",
            "supportsSms": "sms" in entry.capabilities,
            "supportsMms": "mms" in entry.capabilities,
            "supportsVoice": "voice" in entry.capabilities,
            "provisioningStatus": {
                "action": "Create",
                "state": "Running" if delay else "Completed",
                "version": 1,
            },
        }
        if body.addressId:
            doc["addressId"] = {"id": body.addressId}
        if body.supportedContent is not None:
            doc["supportedContent"] = _supported_content(body.supportedContent)
        if delay or failure is not None:
            doc["_readyAt"] = time.time() + delay
        if failure is not None:
            doc["phoneNumberStatus"] = "INITIATED"
            doc["provisioningStatus"]["state"] = "Running"
            doc["_failure"] = failure.body(new_id())
        self.tx.put(
            "", "sms_claim", {"id": body.phoneNumber, "orgId": self.org, "numberId": doc["id"]}, name=""
        )
        return self._view(self.save("sms_number", doc))

    def get_routing_sms_phonenumber(self, ident: str) -> Doc:
        return self._view(self._load(ident))

    def patch_routing_sms_phonenumber(self, ident: str, body: SmsPhoneNumberPatch) -> Doc:
        doc = self._load(ident)
        if body.supportedContent is not None:
            doc["supportedContent"] = _supported_content(body.supportedContent)
        doc.update(version=doc["version"] + 1, dateModified=now_iso())
        return self._view(self.save("sms_number", doc))

    def delete_routing_sms_phonenumber(self, ident: str, asynchronous: bool) -> None:
        doc = self._load(ident)
        if asynchronous and self.ctx.settings.sms_provisioning_seconds:
            doc.update(
                phoneNumberStatus="PENDING_CANCELLATION",
                provisioningStatus={"action": "Delete", "state": "Running", "version": doc["version"]},
                _readyAt=time.time() + self.ctx.settings.sms_provisioning_seconds,
            )
            self.save("sms_number", doc)
            return
        self.tx.delete(self.org, "sms_number", ident)
        self._release(doc)


router = APIRouter(tags=["Routing"])
_Add = Annotated[Session, Depends(any_of("sms:phoneNumber:add"))]
_View = Annotated[Session, Depends(any_of("sms:phoneNumber:view"))]
_Edit = Annotated[Session, Depends(any_of("sms:phoneNumber:edit"))]


@router.get("/api/v2/routing/sms/availablephonenumbers")
async def get_routing_sms_availablephonenumbers(
    session: _Add,
    countryCode: Annotated[str, Query(pattern=r"^[A-Za-z]{2}$")],
    phoneNumberType: NumberType,
    region: str | None = None,
    city: str | None = None,
    areaCode: Annotated[str | None, Query(pattern=r"^[0-9]{1,5}$")] = None,
    pattern: Annotated[str | None, Query(pattern=r"^[0-9A-Za-z*]{1,15}$")] = None,
    addressRequirement: Literal["none", "any", "local", "foreign"] | None = None,
    postalCode: str | None = None,
    endsWith: Annotated[str | None, Query(pattern=r"^[0-9A-Za-z]{1,7}$")] = None,
) -> Response:
    with session.open(SmsBackend) as backend:
        numbers = backend.get_routing_sms_availablephonenumbers(
            countryCode,
            phoneNumberType,
            region=region,
            city=city,
            area_code=areaCode,
            postal_code=postalCode,
            pattern=pattern,
            ends_with=endsWith,
            address_requirement=addressRequirement,
        )
    return reply({"entities": numbers})


@router.get("/api/v2/routing/sms/phonenumbers")
async def get_routing_sms_phonenumbers(
    request: Request,
    session: _View,
    page: Annotated[Page, Depends(paging())],
    phoneNumber: Annotated[str | None, Query(pattern=r"^[0-9*+]{1,16}$")] = None,
    phoneNumberType: QueryList = None,
    phoneNumberStatus: QueryList = None,
    countryCode: QueryList = None,
) -> Response:
    with session.open(SmsBackend) as backend:
        entities, total = backend.get_routing_sms_phonenumbers(
            page, phoneNumber, phoneNumberType, phoneNumberStatus, countryCode
        )
    return reply(envelope(request, entities, total, page))


@router.post("/api/v2/routing/sms/phonenumbers")
async def post_routing_sms_phonenumbers(
    body: SmsPhoneNumberProvision,
    session: _Add,
    asynchronous: Annotated[bool, Query(alias="async")] = False,
) -> Response:
    with session.open(SmsBackend) as backend:
        number = backend.post_routing_sms_phonenumbers(body, asynchronous)
    return reply(number, 202 if number["phoneNumberStatus"] == "INITIATED" else 200)


@router.get("/api/v2/routing/sms/phonenumbers/{phoneNumberId}")
async def get_routing_sms_phonenumber(phoneNumberId: str, session: _View) -> Response:
    with session.open(SmsBackend) as backend:
        return reply(backend.get_routing_sms_phonenumber(phoneNumberId))


@router.patch("/api/v2/routing/sms/phonenumbers/{phoneNumberId}")
async def patch_routing_sms_phonenumber(
    phoneNumberId: str, body: SmsPhoneNumberPatch, session: _Edit
) -> Response:
    with session.open(SmsBackend) as backend:
        return reply(backend.patch_routing_sms_phonenumber(phoneNumberId, body))


@router.delete("/api/v2/routing/sms/phonenumbers/{phoneNumberId}")
async def delete_routing_sms_phonenumber(
    phoneNumberId: str,
    session: Annotated[Session, Depends(any_of("sms:phoneNumber:delete"))],
    asynchronous: Annotated[bool, Query(alias="async")] = False,
) -> Response:
    with session.open(SmsBackend) as backend:
        backend.delete_routing_sms_phonenumber(phoneNumberId, asynchronous)
    return Response(status_code=202) if asynchronous else no_content()
