"""A deterministic, synthetic inventory of SMS numbers that can be provisioned, per country.

The real service asks carriers; the emulator needs the same answers on every run so tests and
demos are repeatable. Each locality (country, region/state, city, area code, postal codes) owns
three exchanges of 10,000 lines; toll-free and mobile ranges have no locality. `search()`
filters like `GET /api/v2/routing/sms/availablephonenumbers` (region, city, area code, postal
code, a vanity `pattern` where letters map to keypad digits and `*` is any one digit, and an
`ends_with` suffix) and returns at most 30 numbers not yet provisioned; `lookup()` tells
whether a number belongs to the inventory (and what it is).

Choices: only US, CA, GB and AU are stocked; short codes and alphanumeric senders have no
inventory (they need an application outside the API); the address requirement is `none` for
North America, `any` for GB local numbers and `local` for AU local numbers.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["AvailableNumber", "lookup", "search"]

MAX_RESULTS = 30
_KEYPAD = {
    c: d
    for d, letters in {
        "2": "ABC",
        "3": "DEF",
        "4": "GHI",
        "5": "JKL",
        "6": "MNO",
        "7": "PQRS",
        "8": "TUV",
        "9": "WXYZ",
    }.items()
    for c in letters
}


@dataclass(frozen=True)
class Locality:
    region: str
    city: str
    area_code: str
    postal_codes: tuple[str, ...]


@dataclass(frozen=True)
class Range:
    """A block of numbers: `+{dial}{prefix}{exchange}{line}` for each exchange and 4-digit line."""

    country: str
    number_type: str
    dial: str
    prefix: str
    exchanges: tuple[str, ...]
    capabilities: tuple[str, ...]
    address_requirement: str
    locality: Locality | None = None

    def numbers(self) -> Iterator[str]:
        for exchange in self.exchanges:
            for line in range(10_000):
                yield f"+{self.dial}{self.prefix}{exchange}{line:04d}"


@dataclass(frozen=True)
class AvailableNumber:
    phone_number: str
    country_code: str
    number_type: str
    region: str | None
    city: str | None
    capabilities: tuple[str, ...]
    address_requirement: str


def _exchanges(seed: str, width: int = 3) -> tuple[str, ...]:
    digest = hashlib.sha256(seed.encode()).hexdigest()
    values = {str(200 + int(digest[i : i + 4], 16) % 700).zfill(width)[-width:] for i in range(0, 24, 4)}
    return tuple(sorted(values))[:3]


_LOCALITIES: dict[str, tuple[Locality, ...]] = {
    "US": (
        Locality("NY", "New York", "212", ("10001", "10002", "10003")),
        Locality("CA", "San Francisco", "415", ("94102", "94103", "94107")),
        Locality("IL", "Chicago", "312", ("60601", "60602", "60603")),
        Locality("IN", "Indianapolis", "317", ("46201", "46202", "46204")),
        Locality("TX", "Austin", "512", ("73301", "78701", "78702")),
    ),
    "CA": (
        Locality("ON", "Toronto", "416", ("M5H", "M5J", "M5V")),
        Locality("BC", "Vancouver", "604", ("V6B", "V6C", "V6E")),
    ),
    "GB": (
        Locality("England", "London", "20", ("EC1A", "SW1A", "W1A")),
        Locality("England", "Manchester", "161", ("M1", "M2", "M3")),
    ),
    "AU": (
        Locality("NSW", "Sydney", "2", ("2000", "2010")),
        Locality("VIC", "Melbourne", "3", ("3000", "3004")),
    ),
}
_DIAL = {"US": "1", "CA": "1", "GB": "44", "AU": "61"}
_LOCAL_ADDRESS = {"US": "none", "CA": "none", "GB": "any", "AU": "local"}
_TOLL_FREE = {
    "US": ("800", "833", "844", "855", "866", "877", "888"),
    "CA": ("800", "888"),
    "GB": ("800",),
    "AU": ("1800",),
}
_MOBILE = {"GB": ("7700", "7911"), "AU": ("412", "491")}


def _ranges() -> tuple[Range, ...]:
    ranges: list[Range] = []
    for country, localities in _LOCALITIES.items():
        dial = _DIAL[country]
        for loc in localities:
            width = 4 if country == "AU" else 3
            ranges.append(
                Range(
                    country,
                    "local",
                    dial,
                    loc.area_code,
                    _exchanges(f"{country}{loc.city}", width),
                    ("sms", "mms", "voice"),
                    _LOCAL_ADDRESS[country],
                    loc,
                )
            )
        for prefix in _TOLL_FREE.get(country, ()):
            ranges.append(
                Range(
                    country,
                    "tollfree",
                    dial,
                    prefix,
                    _exchanges(f"{country}tf{prefix}"),
                    ("sms", "voice"),
                    "none",
                )
            )
        for prefix in _MOBILE.get(country, ()):
            ranges.append(
                Range(
                    country,
                    "mobile",
                    dial,
                    prefix,
                    _exchanges(f"{country}m{prefix}"),
                    ("sms", "voice"),
                    "none",
                )
            )
    return tuple(ranges)


_RANGES = _ranges()


def _vanity_regex(pattern: str) -> re.Pattern[str]:
    digits = []
    for char in pattern.upper():
        if char == "*":
            digits.append("[0-9]")
        elif char.isdigit():
            digits.append(char)
        elif char in _KEYPAD:
            digits.append(_KEYPAD[char])
        else:
            raise ValueError(f"pattern may hold only digits, letters and '*', not {char!r}")
    return re.compile("".join(digits))


def _as_digits(text: str) -> str:
    return "".join(_KEYPAD.get(c, c) for c in text.upper() if c.isalnum())


def _available(rng: Range, number: str) -> AvailableNumber:
    loc = rng.locality
    return AvailableNumber(
        number,
        rng.country,
        rng.number_type,
        loc.region if loc else None,
        loc.city if loc else None,
        rng.capabilities,
        rng.address_requirement,
    )


def search(
    country: str,
    number_type: str,
    *,
    region: str | None = None,
    city: str | None = None,
    area_code: str | None = None,
    postal_code: str | None = None,
    pattern: str | None = None,
    ends_with: str | None = None,
    address_requirement: str | None = None,
    taken: frozenset[str] | set[str] = frozenset(),
) -> list[AvailableNumber]:
    """Up to 30 unprovisioned numbers matching every given filter (`ValueError` for a bad pattern)."""
    vanity = _vanity_regex(pattern) if pattern else None
    suffix = _as_digits(ends_with) if ends_with else None
    found: list[AvailableNumber] = []
    for rng in _RANGES:
        if rng.country != country.upper() or rng.number_type != number_type:
            continue
        if address_requirement and rng.address_requirement != address_requirement:
            continue
        loc = rng.locality
        if region and (loc is None or loc.region.lower() != region.lower()):
            continue
        if city and (loc is None or loc.city.lower() != city.lower()):
            continue
        if area_code and rng.prefix != area_code:
            continue
        if postal_code and (loc is None or postal_code.upper() not in loc.postal_codes):
            continue
        national_start = 1 + len(rng.dial)
        for number in rng.numbers():
            national = number[national_start:]
            if suffix and not national.endswith(suffix):
                continue
            if vanity and not vanity.search(national):
                continue
            if number in taken:
                continue
            found.append(_available(rng, number))
            if len(found) == MAX_RESULTS:
                return found
    return found


def lookup(phone_number: str) -> AvailableNumber | None:
    """The inventory entry for an E.164 number, or None when the inventory has no such number."""
    for rng in _RANGES:
        head = f"+{rng.dial}{rng.prefix}"
        if phone_number.startswith(head):
            rest = phone_number[len(head) :]
            if len(rest) == len(rng.exchanges[0]) + 4 and rest[:-4] in rng.exchanges and rest[-4:].isdigit():
                return _available(rng, phone_number)
    return None
