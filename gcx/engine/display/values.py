"""Property values and property diffs as Pulumi's text display prints them.

Follows `pkg/backend/display/object_diff.go`: keys sorted and padded to the longest key of the
object, nested objects and arrays one level (4 spaces) deeper, the last two characters of a
line's indentation replaced by a marker (``+ ``, ``- ``, ``~ ``) when the line is part of a diff,
strings holding JSON or YAML objects shown decoded with a ``(json)``/``(yaml)`` tag, nulls,
empty strings, empty arrays and empty objects left out, internal ``__`` keys hidden, numbers in
Go's ``%v`` form. Where Pulumi shows ``output<string>``, this engine shows ``[unknown]``;
secrets are always ``[secret]`` and are compared, never opened.
"""

from __future__ import annotations

import datetime
import difflib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import yaml

from gcx.engine.steps import OPS, Op
from gcx.engine.wire import RESOURCE_SIG, SIG_KEY, UNKNOWN, is_secret, strip_secrets

INDENT = "    "
SECRET_TEXT = "[secret]"
UNKNOWN_TEXT = "[unknown]"
MISSING = object()


# --------------------------------------------------------------------------- scalars


def go_number(value: int | float) -> str:
    """A number as Go's ``%v`` prints a float64 (``3600``, ``2.5``, ``1e+06``)."""
    number = float(value)
    if number == 0:
        return "0"
    if number != number or number in (float("inf"), float("-inf")):
        return {"nan": "NaN", "inf": "+Inf", "-inf": "-Inf"}[repr(number)]
    sign, digits, exponent = Decimal(repr(number)).normalize().as_tuple()
    text = "".join(map(str, digits))
    point = len(text) + int(exponent)  # position of the decimal point from the left
    exp = point - 1
    prefix = "-" if sign else ""
    # strconv's shortest 'g' format switches to the exponent form outside 1e-4 <= |x| < 1e6.
    if exp < -4 or exp >= 6:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{prefix}{mantissa}e{'+' if exp >= 0 else '-'}{abs(exp):02d}"
    if point <= 0:
        return f"{prefix}0.{'0' * -point}{text}"
    if point >= len(text):
        return f"{prefix}{text}{'0' * (point - len(text))}"
    return f"{prefix}{text[:point]}.{text[point:]}"


_GO_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def go_quote(text: str) -> str:
    """Go's ``%q`` (strconv.Quote): printable characters kept, the rest escaped."""
    out = ['"']
    for char in text:
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif char in _GO_ESCAPES:
            out.append(_GO_ESCAPES[char])
        elif char.isprintable():
            out.append(char)
        elif ord(char) < 0x80:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


def is_unknown_value(value: Any) -> bool:
    return isinstance(value, str) and value == UNKNOWN


def is_primitive(value: Any) -> bool:
    return not isinstance(value, dict | list) or is_secret(value)


def printable(value: Any) -> bool:
    """Pulumi leaves out nulls, empty strings, empty arrays and empty objects."""
    if value is None or value is MISSING:
        return False
    return not (isinstance(value, str | list | dict) and not is_secret(value) and len(value) == 0)


def _plain_yaml(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain_yaml(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_yaml(v) for v in value]
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def decode_structured(text: str) -> tuple[Any, str] | None:
    """A string holding a JSON (or YAML) object or array, decoded, with its kind."""
    try:
        value = json.loads(text)
        kind = "json"
    except ValueError:
        try:
            value = _plain_yaml(yaml.safe_load(text))
        except yaml.YAMLError:
            return None
        kind = "yaml"
    if isinstance(value, dict | list):
        return value, kind
    return None


# --------------------------------------------------------------------------- printer


@dataclass(frozen=True)
class Printer:
    """One line style: indentation level, the op that colours it and whether lines carry a marker."""

    out: list[str]
    indent: int
    op: str = Op.SAME
    prefix: bool = False
    planning: bool = True

    def indented(self, amount: int) -> Printer:
        return Printer(self.out, self.indent + amount, self.op, self.prefix, self.planning)

    def with_op(self, op: str, prefix: bool | None = None) -> Printer:
        return Printer(self.out, self.indent, op, self.prefix if prefix is None else prefix, self.planning)

    # -- raw writing

    def lead(self, prefix: bool | None = None) -> str:
        text = INDENT * self.indent
        if (self.prefix if prefix is None else prefix) and text:
            return text[:-2] + OPS[self.op].prefix
        return text

    def write(self, text: str) -> None:
        self.out.append(text)

    def title(self, name: str, align: int) -> None:
        self.write(f"{self.lead()}{name.ljust(align)}: ")

    # -- values

    def primitive(self, value: Any) -> None:
        if value is None:
            self.write("<null>")
        elif is_secret(value):
            self.write(SECRET_TEXT)
        elif isinstance(value, bool):
            self.write("true" if value else "false")
        elif isinstance(value, int | float):
            self.write(go_number(value))
        elif is_unknown_value(value):
            self.write(UNKNOWN_TEXT if self.planning else "undefined")
        elif isinstance(value, str):
            decoded = decode_structured(value)
            if decoded is not None:
                self.write(f"({decoded[1]}) ")
                self.value(decoded[0])
                return
            self.write(go_quote(value))
        else:
            self.write(go_quote(str(value)))

    def value(self, value: Any) -> None:
        """A value and its line end."""
        if isinstance(value, dict) and value.get(SIG_KEY) == RESOURCE_SIG:
            self.write("{\n")
            inner = self.indented(1)
            inner.title("URN", 3)
            inner.write(go_quote(str(value.get("urn", ""))) + "\n")
            inner.title("ID", 3)
            inner.value(value.get("id", ""))
            self.write(self.lead(False) + "}")
        elif is_primitive(value):
            self.primitive(value)
        elif isinstance(value, list):
            if not value:
                self.write("[]")
            else:
                self.write("[\n")
                for index, element in enumerate(value):
                    self.write(f"{self.lead()}    [{index}]: ")
                    self.indented(1).value(element)
                self.write(self.lead(False) + "]")
        else:
            if not value:
                self.write("{}")
            else:
                self.write("{\n")
                self.indented(1).object(value)
                self.write(self.lead(False) + "}")
        self.write("\n")

    def object(self, props: dict[str, Any]) -> None:
        align = max((len(k) for k in props), default=0)
        for key in sorted(props):
            if not key.startswith("__") and printable(props[key]):
                self.title(key, align)
                self.value(props[key])

    # -- diffs

    def added(self, value: Any, title: Any) -> None:
        printer = self.with_op(Op.CREATE, True)
        title(printer)
        printer.value(value)

    def deleted(self, value: Any, title: Any) -> None:
        printer = self.with_op(Op.DELETE, True)
        title(printer)
        printer.value(value)

    def object_diff(self, old: dict[str, Any], new: dict[str, Any], keys: list[str] | None = None) -> None:
        """The diff of two objects; `keys` limits it to those top-level keys (changed ones)."""
        names = sorted(set(old) | set(new)) if keys is None else sorted(keys)
        names = [k for k in names if not k.startswith("__")]
        align = max((len(k) for k in names), default=0)
        for key in names:
            self.property_diff(key, align, old.get(key, MISSING), new.get(key, MISSING))

    def property_diff(self, key: str, align: int, old: Any, new: Any) -> None:
        def title(printer: Printer) -> None:
            printer.title(key, align)

        had, has = printable(old), printable(new)
        if not had and has:
            self.added(new, title)
        elif had and not has:
            self.deleted(old, title)
        elif had and has and _differs(old, new):
            self.value_diff(title, old, new)
        elif had and _same_shown(old):
            printer = self.with_op(Op.SAME, False)
            printer.title(key, align)
            printer.value(old)

    def value_diff(self, title: Any, old: Any, new: Any) -> None:
        printer = self.with_op(Op.UPDATE, True)
        if isinstance(old, list) and isinstance(new, list):
            title(printer)
            printer.write("[\n")
            element = printer.indented(2)
            for index in range(max(len(old), len(new))):

                def element_title(p: Printer, i: int = index) -> None:
                    p.write(f"{p.indented(-1).lead()}[{i}]: ")

                before = old[index] if index < len(old) else MISSING
                after = new[index] if index < len(new) else MISSING
                if before is MISSING:
                    element.added(after, element_title)
                elif after is MISSING:
                    element.deleted(before, element_title)
                elif _differs(before, after):
                    element.value_diff(element_title, before, after)
                else:
                    same = element.with_op(Op.SAME, False)
                    element_title(same)
                    same.value(before)
            printer.write(printer.lead(False) + "]\n")
        elif isinstance(old, dict) and isinstance(new, dict) and not is_secret(old) and not is_secret(new):
            title(printer)
            printer.write("{\n")
            printer.indented(1).object_diff(old, new)
            printer.write(printer.lead(False) + "}\n")
        elif is_primitive(old) and is_primitive(new):
            title(printer)
            if isinstance(old, str) and isinstance(new, str) and not _special(old) and not _special(new):
                printer.text_diff(old, new)
                return
            printer.with_op(Op.DELETE).primitive(old)
            printer.write(" => ")
            printer.with_op(Op.CREATE).primitive(new)
            printer.write("\n")
        else:
            self.deleted(old, title)
            self.added(new, title)

    def text_diff(self, old: str, new: str) -> None:
        old_decoded, new_decoded = decode_structured(old), decode_structured(new)
        if old_decoded is not None and new_decoded is not None:
            kind = (
                old_decoded[1]
                if old_decoded[1] == new_decoded[1]
                else f"{old_decoded[1]} => {new_decoded[1]}"
            )
            self.write(f"({kind}) ")
            if _differs(old_decoded[0], new_decoded[0]):
                self.value_diff(lambda p: None, old_decoded[0], new_decoded[0])
            else:
                self.with_op(Op.SAME).value(old_decoded[0])
            return
        if "\n" not in old and "\n" not in new:
            self.write(f"{go_quote(old)} => {go_quote(new)}\n")
            return
        self.write("\n")
        self.indented(1).line_diff(old.split("\n"), new.split("\n"))

    def line_diff(self, old: list[str], new: list[str]) -> None:
        """Changed lines of a multi-line string, with up to two unchanged lines of context."""
        context = 2
        chunks = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
        for index, (tag, i1, i2, j1, j2) in enumerate(chunks):
            if tag == "equal":
                lines = [line for line in old[i1:i2] if line.strip()]
                if index == 0 and len(lines) > context + 1:
                    lines = ["...", *lines[-context:]]
                elif index == len(chunks) - 1 and len(lines) > context + 1:
                    lines = [*lines[:context], "..."]
                elif 0 < index < len(chunks) - 1 and len(lines) > 2 * context + 1:
                    lines = [*lines[:context], "...", *lines[-context:]]
                for line in lines:
                    self.write(f"{self.with_op(Op.SAME, False).lead()}{line}\n")
                continue
            for line in old[i1:i2]:
                if line.strip():
                    self.write(f"{self.with_op(Op.DELETE, True).lead()}{line}\n")
            for line in new[j1:j2]:
                if line.strip():
                    self.write(f"{self.with_op(Op.CREATE, True).lead()}{line}\n")


def _special(value: str) -> bool:
    return is_unknown_value(value)


def _same_shown(value: Any) -> bool:
    return printable(value)


def _differs(old: Any, new: Any) -> bool:
    if is_unknown_value(old) or is_unknown_value(new):
        return True
    if is_secret(old) != is_secret(new):
        return True
    return strip_secrets(old) != strip_secrets(new)


def render_object(props: dict[str, Any], indent: int, op: str = Op.SAME, planning: bool = True) -> str:
    out: list[str] = []
    Printer(out, indent, op, False, planning).object(props)
    return "".join(out)


def render_object_diff(
    old: dict[str, Any],
    new: dict[str, Any],
    indent: int,
    keys: list[str] | None = None,
    planning: bool = True,
) -> str:
    out: list[str] = []
    Printer(out, indent, Op.SAME, True, planning).object_diff(old, new, keys)
    return "".join(out)
