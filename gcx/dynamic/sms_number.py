"""`SmsPhoneNumber`: an SMS long code or toll-free number, found when not given, provisioned and kept.

Endpoints: ``GET /api/v2/routing/sms/availablephonenumbers`` (search), ``POST
/api/v2/routing/sms/phonenumbers?async=true`` (provision; 202), ``GET``, ``PATCH`` and ``DELETE
/api/v2/routing/sms/phonenumbers/{phoneNumberId}``.

Search criteria are the PureConnect provisioning dialog's: area code, city, state (``region``),
postal code, exchange, vanity and ends-with. The API takes ``region``, ``city``, ``areaCode`` and a
``pattern`` (digits, letters for keypad digits, ``*`` for any digit); a vanity is sent as the
pattern, an exchange (North American numbering only) as the pattern ``<area code or ***><exchange>
****``, and postal code and ends-with as the ``postalCode`` / ``endsWith`` parameters the emulator
understands. The available numbers are sorted and the first one is taken (the next one when
another org takes it first), so the same search picks the same number.

Provisioning is asynchronous: the provider polls the number until ``provisioningStatus.state``
is ``Completed`` or ``Failed`` (then it fails with the API's error and frees the number), giving
up after `PROVISIONING_TIMEOUT` seconds. Changing the number, its type, country or search
criteria replaces it. The one field the API lets a provisioned number change is its supported
content profile (``PATCH``; the SDK has no ``PUT``, so no rename), so `supported_content_id` is
updated in place and read back, which makes a change made elsewhere show as drift; leaving it
unset leaves the number's profile alone. Deprovisioning a number that is already gone succeeds.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult

from gcx.dynamic.base import GenesysDynamicProvider, checked, diff_inputs
from gcx.dynamic.clients import client_for
from gcx.dynamic.connection import GenesysConnectionArgs
from gcx.engine.plugin import is_unknown
from gcx.provider.client import ApiError, GenesysClient

__all__ = [
    "PROVISIONING_TIMEOUT",
    "ProvisioningFailed",
    "SmsNumberSearchArgs",
    "SmsPhoneNumber",
    "SmsPhoneNumberProvider",
    "provisioning_outcome",
    "search_query",
]

AVAILABLE = "/api/v2/routing/sms/availablephonenumbers"
NUMBERS = "/api/v2/routing/sms/phonenumbers"
PROVISIONING_TIMEOUT = 600.0  # seconds; real carriers answer in seconds to minutes
_POLL_FIRST, _POLL_MAX = 0.2, 5.0
NUMBER_TYPES = ("local", "tollfree")
_NANP = ("US", "CA")  # where "exchange" (the NXX of NPA-NXX-XXXX) is a thing
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
# Search key -> (rule, message); the API and the dialog's limits.
_CRITERIA: dict[str, tuple[re.Pattern[str], str]] = {
    "area_code": (re.compile(r"^[0-9]{1,5}$"), "digits only, e.g. '317'"),
    "city": (re.compile(r"^.{1,100}$"), "a city name, e.g. 'Indianapolis'"),
    "region": (re.compile(r"^.{1,100}$"), "a state or province, e.g. 'IN'"),
    "postal_code": (re.compile(r"^[0-9A-Za-z -]{2,10}$"), "a postal code, e.g. '46204'"),
    "exchange": (re.compile(r"^[2-9][0-9]{2}$"), "three digits, the first 2-9, e.g. '555'"),
    "vanity": (re.compile(r"^[0-9A-Za-z]{4,7}$"), "4 to 7 letters or digits, e.g. 'GENESYS'"),
    "ends_with": (re.compile(r"^[0-9A-Za-z]{1,7}$"), "1 to 7 letters or digits, e.g. '0100'"),
}
# Criteria sent as query parameters of their own (postalCode and endsWith: emulator extensions).
_QUERY_PARAMS = {
    "area_code": "areaCode",
    "city": "city",
    "region": "region",
    "postal_code": "postalCode",
    "ends_with": "endsWith",
}
_NANP_AREA_CODE = re.compile(r"^[2-9][0-9]{2}$")
_LOCALITY = ("city", "region", "postal_code", "exchange")
_FINAL_STATES = ("Completed", "Failed")


@dataclass(frozen=True)
class SmsNumberSearchArgs:
    """How to find an available number; give at least one criterion (see the module docstring)."""

    area_code: pulumi.Input[str] | None = None
    city: pulumi.Input[str] | None = None
    region: pulumi.Input[str] | None = None
    postal_code: pulumi.Input[str] | None = None
    exchange: pulumi.Input[str] | None = None
    vanity: pulumi.Input[str] | None = None
    ends_with: pulumi.Input[str] | None = None

    def to_input(self) -> dict[str, Any]:
        return {key: value for key, value in vars(self).items() if value is not None}


class ProvisioningFailed(RuntimeError):
    """Genesys Cloud could not provision the number; the message carries the API's error."""


def _search_problems(search: Any, country: Any, number_type: Any) -> list[tuple[str, str]]:
    if search is None or is_unknown(search):
        return []
    if not isinstance(search, Mapping):
        return [("search", "search must be an SmsNumberSearchArgs")]
    problems: list[tuple[str, str]] = []
    given = {k: v for k, v in search.items() if v is not None}
    if not given:
        problems.append(("search", f"search needs at least one criterion: {', '.join(_CRITERIA)}"))
    for key, value in given.items():
        if key not in _CRITERIA:
            problems.append(
                (f"search.{key}", f"search has no criterion {key!r}; criteria: {', '.join(_CRITERIA)}")
            )
            continue
        if is_unknown(value):
            continue
        rule, example = _CRITERIA[key]
        if not isinstance(value, str) or not rule.match(value):
            problems.append((f"search.{key}", f"search.{key} must be {example}, not {value!r}"))
    nanp = isinstance(country, str) and country.upper() in _NANP
    area_code = given.get("area_code")
    if nanp and isinstance(area_code, str) and not _NANP_AREA_CODE.match(area_code):
        problems.append(
            ("search.area_code", "a US or CA area code is three digits, the first 2-9, e.g. '317'")
        )
    if "exchange" in given and isinstance(country, str) and not nanp:
        problems.append(
            ("search.exchange", "exchange only applies to US and CA numbers; use vanity or ends_with")
        )
    if "exchange" in given and "vanity" in given:
        problems.append(
            ("search.vanity", "vanity and exchange both set the number pattern; give one of them")
        )
    if number_type == "tollfree":
        for key in _LOCALITY:
            if key in given:
                problems.append(
                    (f"search.{key}", f"toll-free numbers have no {key}; use area_code, vanity or ends_with")
                )
    return problems


def _problems(inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    number_type = inputs.get("phone_number_type")
    if not is_unknown(number_type) and number_type not in NUMBER_TYPES:
        problems.append(
            (
                "phone_number_type",
                f"phone_number_type must be 'local' (long code) or 'tollfree', not {number_type!r}",
            )
        )
    country = inputs.get("country_code")
    if not is_unknown(country) and not (isinstance(country, str) and re.fullmatch(r"[A-Z]{2}", country)):
        problems.append(
            ("country_code", f"country_code must be an ISO 3166-1 alpha-2 code such as 'US', not {country!r}")
        )
    number = inputs.get("phone_number")
    if (
        number is not None
        and not is_unknown(number)
        and not (isinstance(number, str) and _E164.match(number))
    ):
        problems.append(("phone_number", f"phone_number must be E.164, e.g. '+13175550100', not {number!r}"))
    if number is not None and inputs.get("search") is not None:
        problems.append(("search", "give phone_number or search, not both"))
    problems += _search_problems(inputs.get("search"), country, number_type)
    content = inputs.get("supported_content_id")
    if content is not None and not is_unknown(content) and not (isinstance(content, str) and content.strip()):
        problems.append(
            ("supported_content_id", "supported_content_id must be a supported content profile id")
        )
    return problems


def search_query(country: str, number_type: str, search: Mapping[str, str] | None) -> dict[str, str]:
    """Query parameters of the available-numbers search for the given criteria."""
    criteria = dict(search or {})
    query = {"countryCode": country, "phoneNumberType": number_type}
    query.update({param: criteria[key] for key, param in _QUERY_PARAMS.items() if criteria.get(key)})
    if criteria.get("vanity"):
        query["pattern"] = criteria["vanity"]
    elif criteria.get("exchange"):
        query["pattern"] = f"{criteria.get('area_code') or '***'}{criteria['exchange']}****"
    return query


def provisioning_outcome(doc: Mapping[str, Any]) -> str | None:
    """``Completed`` when done, None while running; `ProvisioningFailed` with the API's error."""
    status = doc.get("provisioningStatus") or {}
    state = status.get("state")
    if state == "Failed":
        error = status.get("error") or {}
        message = error.get("message") or "no reason given"
        code = f" ({error['code']})" if error.get("code") else ""
        raise ProvisioningFailed(f"provisioning {doc.get('phoneNumber')} failed: {message}{code}")
    if state in _FINAL_STATES or (not state and doc.get("phoneNumberStatus") == "ACTIVE"):
        return "Completed"
    return None


def _candidates(client: GenesysClient, props: Mapping[str, Any]) -> list[str]:
    if props.get("phone_number"):
        return [props["phone_number"]]
    query = search_query(props["country_code"], props["phone_number_type"], props.get("search"))
    listing = client.get(AVAILABLE, params=query, retry_not_found=False) or {}
    numbers = sorted(n["phoneNumber"] for n in listing.get("entities") or [])
    if not numbers:
        criteria = ", ".join(f"{k}={v}" for k, v in (props.get("search") or {}).items()) or "no criteria"
        kind, country = props["phone_number_type"], props["country_code"]
        raise ValueError(f"no available {kind} number in {country} matches {criteria}; widen the search")
    return numbers


def _provision(client: GenesysClient, props: Mapping[str, Any]) -> dict[str, Any]:
    """POST the first candidate nobody else has taken meanwhile."""
    conflict: ApiError | None = None
    for number in _candidates(client, props):
        body = {
            "phoneNumber": number,
            "phoneNumberType": props["phone_number_type"],
            "countryCode": props["country_code"],
        }
        if props.get("supported_content_id"):
            body["supportedContent"] = {"id": props["supported_content_id"]}
        try:
            return client.post(NUMBERS, json=body, params={"async": "true"})
        except ApiError as exc:
            if not exc.is_conflict or props.get("phone_number"):
                raise
            conflict = exc  # taken since the search: try the next one
    assert conflict is not None
    raise conflict


def _wait(
    client: GenesysClient,
    doc: dict[str, Any],
    timeout: float,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> dict[str, Any]:
    deadline, delay = clock() + timeout, _POLL_FIRST
    while provisioning_outcome(doc) is None:
        if clock() >= deadline:
            raise TimeoutError(
                f"{doc.get('phoneNumber')} (id {doc['id']}) was still provisioning after {timeout:.0f} s"
            )
        sleep(min(delay, max(0.0, deadline - clock())))
        delay = min(delay * 2, _POLL_MAX)
        doc = client.get(f"{NUMBERS}/{doc['id']}")
    return doc


def _deprovision(client: GenesysClient, number_id: str) -> None:
    try:
        client.delete(f"{NUMBERS}/{number_id}")
    except ApiError as exc:
        if not exc.is_not_found:
            raise


def _supported_content(doc: Mapping[str, Any]) -> str | None:
    return (doc.get("supportedContent") or {}).get("id")


def _with_supported_content(client: GenesysClient, doc: dict[str, Any], wanted: str | None) -> dict[str, Any]:
    """`doc` after setting its supported content profile, when one is wanted and differs."""
    if wanted is None or _supported_content(doc) == wanted:
        return doc
    return client.patch(f"{NUMBERS}/{doc['id']}", json={"supportedContent": {"id": wanted}})


def _outputs(props: Mapping[str, Any], doc: Mapping[str, Any]) -> dict[str, Any]:
    return {
        **props,
        "phone_number_id": doc["id"],
        "phone_number": doc["phoneNumber"],
        "provisioning_state": (doc.get("provisioningStatus") or {}).get("state") or "Completed",
        "phone_number_status": doc.get("phoneNumberStatus"),
        "supported_content_id": _supported_content(doc),
    }


class SmsPhoneNumberProvider(GenesysDynamicProvider):
    """Import path `gcx.dynamic.sms_number.SmsPhoneNumberProvider` is stored in state: keep it."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = dict(news)
        country = inputs.get("country_code")
        if isinstance(country, str):
            inputs["country_code"] = country.strip().upper()
        return checked(inputs, _problems(inputs))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        # A number found by search is kept while the search stays the same; giving that very
        # number explicitly later is no change either.
        return diff_inputs(
            olds,
            news,
            replace=("phone_number_type", "country_code", "phone_number", "search"),
            update=("supported_content_id",),
            optional=("phone_number", "search", "supported_content_id"),
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        client = client_for(props)
        doc = _provision(client, props)
        try:
            doc = _wait(client, doc, PROVISIONING_TIMEOUT)
        except (ProvisioningFailed, TimeoutError):
            _deprovision(client, doc["id"])  # leave nothing half-bought behind
            raise
        doc = _with_supported_content(client, doc, props.get("supported_content_id"))
        return CreateResult(doc["id"], _outputs(props, doc))

    def update(self, id_: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        client = client_for(news)
        doc = client.get(f"{NUMBERS}/{id_}")
        doc = _with_supported_content(client, doc, news.get("supported_content_id"))
        return UpdateResult(_outputs(news, doc))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        doc = client_for(props).get_or_none(f"{NUMBERS}/{id_}", retry_not_found=False)
        if doc is None:
            return ReadResult("", {})
        return ReadResult(id_, _outputs(props, doc))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        _deprovision(client_for(props), id_)


class SmsPhoneNumber(pulumi.dynamic.Resource, module="gcx", name="SmsPhoneNumber"):
    """An SMS number of one org (see the module docstring)."""

    connection: pulumi.Output[dict[str, Any]]
    phone_number_type: pulumi.Output[str]
    country_code: pulumi.Output[str]
    search: pulumi.Output[dict[str, str] | None]
    supported_content_id: pulumi.Output[str | None]
    phone_number_id: pulumi.Output[str]
    phone_number: pulumi.Output[str]
    provisioning_state: pulumi.Output[str]
    phone_number_status: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        *,
        connection: GenesysConnectionArgs,
        phone_number_type: pulumi.Input[str],
        country_code: pulumi.Input[str],
        phone_number: pulumi.Input[str] | None = None,
        search: SmsNumberSearchArgs | None = None,
        supported_content_id: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = {
            "connection": connection.to_input(),
            "phone_number_type": phone_number_type,
            "country_code": country_code,
            "phone_number": phone_number,
            "search": search.to_input() if search is not None else None,
            "supported_content_id": supported_content_id,
            "phone_number_id": None,
            "provisioning_state": None,
            "phone_number_status": None,
        }
        super().__init__(SmsPhoneNumberProvider(), name, props, opts)
