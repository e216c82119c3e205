"""The CIC export file: what Interaction Administrator holds that Genesys Cloud for PureConnect syncs.

Genesys Cloud for PureConnect (seed 001) copies CIC users and, with "Sync Advanced Platform
Objects", workgroups, skills and wrap-up codes into the paired org. `PureConnectIntegration`
creates the same objects from this file, which an administrator writes (or exports) from
Interaction Administrator. YAML or JSON, camelCase keys::

    version: 1                        # optional; the only version so far
    users:
      - userName: jdoe                # People > Users (the CIC user id)
        displayName: Jane Doe         # optional; Genesys Cloud shows the user name when missing
        businessEmail: jane@example.com   # Personal Info > Internet; users without one are not synced
        phones:                       # Personal Info; E.164, spaces/dashes/dots/brackets are dropped
          business: "+1 317 555 0100" # -> Work Phone
          business2: "+13175550101"   # -> Work Phone 2
          mobile: "+13175550102"      # -> Cell Phone
          home: "+13175550103"        # -> Home Phone
          fax: "+13175550104"         # -> Other Phone
        skills:                       # skills assigned to the user, proficiency 1-100
          - {name: Billing, proficiency: 80}
        workgroups: [Support]         # membership (may also be listed under the workgroup)
    workgroups:
      - name: Support                 # People > Workgroups -> a Genesys Cloud queue
        members: [jdoe]
        skills: [{name: Spanish, proficiency: 40}]   # inherited by every member
        wrapUpCodes: [Resolved]
    skills:
      - name: Billing                 # People > Skills
        treatAsLanguage: false        # true: a Genesys Cloud language instead of an ACD skill
    wrapUpCodes:
      - name: Resolved                # only the name syncs
        label: RES                    # CIC-only attributes: kept in the file, never synced
        category: Success

Workgroup membership is the union of `users[].workgroups` and `workgroups[].members`. A user's
effective skills are their own plus those of their workgroups; when both name a skill the
highest proficiency wins. Names are unique ignoring case (CIC compares them that way).

`load_cic_export(path)` raises `CicExportError` whose message names the file, the line, the
YAML path (``users[2].businessEmail``) and the fix, one line per problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, BeforeValidator, Field, ValidationError, model_validator

from components.base import ComponentArgs
from gcx.provider.schemas.group import E164

__all__ = [
    "CicExport",
    "CicExportError",
    "CicPhones",
    "CicSkill",
    "CicSkillAssignment",
    "CicUser",
    "CicWorkgroup",
    "CicWrapUpCode",
    "EmailAddress",
    "load_cic_export",
    "parse_cic_export",
    "validate_cic_export",
    "yaml_path",
]

EXPORT_VERSION = 1
MIN_PROFICIENCY = 1
MAX_PROFICIENCY = 100
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_PUNCTUATION = re.compile(r"[\s().\-/]")

Problem = tuple[tuple[str | int, ...], str]


def _phone_text(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(
            "YAML read this phone number as a number and dropped its '+'; put it in quotes, "
            'e.g. "+13175550123"'
        )
    return value


def _phone(value: str) -> str:
    number = _PHONE_PUNCTUATION.sub("", str(value))
    if not re.fullmatch(E164.regex, number):
        raise ValueError(
            f"{value!r} is not an E.164 phone number; write it with the country code, e.g. +13175550123"
        )
    return number


def _email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError(f"{value!r} is not an email address; use name@domain, e.g. jdoe@example.com")
    return value


def _proficiency(value: int) -> int:
    if not MIN_PROFICIENCY <= value <= MAX_PROFICIENCY:
        raise ValueError(
            f"proficiency {value} is outside CIC's range; use a whole number from "
            f"{MIN_PROFICIENCY} to {MAX_PROFICIENCY}"
        )
    return value


def _name(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise ValueError("a name cannot be empty; write the name as Interaction Administrator shows it")
    return stripped


def _none_as_empty(value: Any) -> Any:
    # `skills:` with nothing after it is YAML null; read it as an empty list.
    return [] if value is None else value


Name = Annotated[str, AfterValidator(_name)]
EmailAddress = Annotated[str, AfterValidator(_email)]
Phone = Annotated[str, BeforeValidator(_phone_text), AfterValidator(_phone)]
Names = Annotated[tuple[Name, ...], BeforeValidator(_none_as_empty)]


class CicPhones(ComponentArgs):
    """A user's Personal Info phone numbers (each optional)."""

    business: Phone | None = Field(None, description="Business phone; Work Phone in Genesys Cloud.")
    business2: Phone | None = Field(None, description="Business 2 phone; Work Phone 2 in Genesys Cloud.")
    mobile: Phone | None = Field(None, description="Mobile phone; Cell Phone in Genesys Cloud.")
    home: Phone | None = Field(None, description="Home phone; Home Phone in Genesys Cloud.")
    fax: Phone | None = Field(None, description="Fax number; Other Phone in Genesys Cloud.")

    def given(self) -> dict[str, str]:
        """The numbers that are set, by CIC field name, in the order above."""
        return {key: value for key, value in self.model_dump().items() if value is not None}


class CicSkillAssignment(ComponentArgs):
    """A skill held by a user or a workgroup."""

    name: Name = Field(description="Skill name, as listed under `skills`.")
    proficiency: Annotated[int, AfterValidator(_proficiency)] = Field(
        description="CIC proficiency from 1 (lowest) to 100 (highest)."
    )


SkillAssignments = Annotated[tuple[CicSkillAssignment, ...], BeforeValidator(_none_as_empty)]


class CicUser(ComponentArgs):
    """A CIC user (People > Users)."""

    user_name: Name = Field(description="CIC user name (the user id).")
    display_name: str | None = Field(None, description="Display name; defaults to the user name.")
    business_email: EmailAddress | None = Field(
        None, description="Business email; required for the user to sync."
    )
    phones: CicPhones = Field(default_factory=CicPhones, description="Personal Info phone numbers.")
    skills: SkillAssignments = Field(default=(), description="Skills assigned to the user.")
    workgroups: Names = Field(default=(), description="Workgroups the user belongs to.")

    @property
    def effective_display_name(self) -> str:
        return (self.display_name or "").strip() or self.user_name


class CicWorkgroup(ComponentArgs):
    """A CIC workgroup (People > Workgroups); it becomes a Genesys Cloud queue."""

    name: Name = Field(description="Workgroup name.")
    members: Names = Field(default=(), description="User names of the members.")
    skills: SkillAssignments = Field(default=(), description="Skills every member inherits.")
    wrap_up_codes: Names = Field(default=(), description="Wrap-up codes of the workgroup.")


class CicSkill(ComponentArgs):
    """A CIC skill (People > Skills)."""

    name: Name = Field(description="Skill name.")
    treat_as_language: bool = Field(
        False, description="Treat as Language: a Genesys Cloud language instead of an ACD skill."
    )


class CicWrapUpCode(ComponentArgs):
    """A CIC wrap-up code; only the name syncs, the other attributes stay in CIC."""

    name: Name = Field(description="Wrap-up code name.")
    label: str | None = Field(None, description="CIC code label (not synced: Genesys Cloud has none).")
    category: str | None = Field(None, description="CIC wrap-up category (not synced).")
    description: str | None = Field(None, description="CIC description (not synced).")


class CicReferenceError(ValueError):
    """Cross-reference problems, each with its YAML path, kept apart so the loader can place them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(f"{yaml_path(loc)}: {message}" for loc, message in problems))
        self.problems = problems


class CicExport(ComponentArgs):
    """The whole export: users, workgroups, skills and wrap-up codes."""

    version: int = Field(EXPORT_VERSION, description="Format version; only 1 exists.")
    users: Annotated[tuple[CicUser, ...], BeforeValidator(_none_as_empty)] = Field(
        default=(), description="CIC users."
    )
    workgroups: Annotated[tuple[CicWorkgroup, ...], BeforeValidator(_none_as_empty)] = Field(
        default=(), description="CIC workgroups."
    )
    skills: Annotated[tuple[CicSkill, ...], BeforeValidator(_none_as_empty)] = Field(
        default=(), description="CIC skills."
    )
    wrap_up_codes: Annotated[tuple[CicWrapUpCode, ...], BeforeValidator(_none_as_empty)] = Field(
        default=(), description="CIC wrap-up codes."
    )

    @model_validator(mode="after")
    def _references_resolve(self) -> CicExport:
        problems: list[Problem] = []
        if self.version != EXPORT_VERSION:
            problems.append((("version",), f"unsupported version {self.version}; write version: 1"))
        for section, items in (
            ("users", [u.user_name for u in self.users]),
            ("workgroups", [w.name for w in self.workgroups]),
            ("skills", [s.name for s in self.skills]),
            ("wrapUpCodes", [c.name for c in self.wrap_up_codes]),
        ):
            problems.extend(_duplicates(section, items))
        users = {u.user_name for u in self.users}
        workgroups = {w.name for w in self.workgroups}
        skills = {s.name for s in self.skills}
        codes = {c.name for c in self.wrap_up_codes}
        for i, user in enumerate(self.users):
            problems.extend(_unknown(("users", i, "workgroups"), user.workgroups, workgroups, "workgroups"))
            problems.extend(_unknown_skills(("users", i, "skills"), user.skills, skills))
        for i, workgroup in enumerate(self.workgroups):
            problems.extend(_unknown(("workgroups", i, "members"), workgroup.members, users, "users"))
            problems.extend(_unknown_skills(("workgroups", i, "skills"), workgroup.skills, skills))
            problems.extend(
                _unknown(("workgroups", i, "wrapUpCodes"), workgroup.wrap_up_codes, codes, "wrapUpCodes")
            )
        if problems:
            raise CicReferenceError(problems)
        return self

    # --- what the sync reads --------------------------------------------------------------------

    def synced_users(self) -> tuple[CicUser, ...]:
        """Users with a business email: the only ones the integration syncs."""
        return tuple(u for u in self.users if u.business_email)

    def skipped_users(self) -> tuple[CicUser, ...]:
        return tuple(u for u in self.users if not u.business_email)

    def members(self, workgroup: str) -> tuple[str, ...]:
        """User names in a workgroup, from both sides of the membership, in file order."""
        listed = next((w.members for w in self.workgroups if w.name == workgroup), ())
        joined = (u.user_name for u in self.users if workgroup in u.workgroups)
        return tuple(dict.fromkeys([*listed, *joined]))

    def workgroups_of(self, user_name: str) -> tuple[CicWorkgroup, ...]:
        return tuple(w for w in self.workgroups if user_name in self.members(w.name))

    def effective_skills(self, user_name: str) -> dict[str, int]:
        """Skill name -> proficiency: the user's own and inherited ones, highest proficiency wins."""
        user = next(u for u in self.users if u.user_name == user_name)
        held: dict[str, int] = {}
        for assignment in _chain(user.skills, *(w.skills for w in self.workgroups_of(user_name))):
            held[assignment.name] = max(held.get(assignment.name, 0), assignment.proficiency)
        return held


def _chain(*groups: Iterable[CicSkillAssignment]) -> Iterator[CicSkillAssignment]:
    for group in groups:
        yield from group


def _duplicates(section: str, names: list[str]) -> list[Problem]:
    first_seen: dict[str, int] = {}
    problems: list[Problem] = []
    for i, name in enumerate(names):
        key = name.casefold()
        if key in first_seen:
            problems.append(
                (
                    (section, i, "name" if section != "users" else "userName"),
                    f"{name!r} repeats {section}[{first_seen[key]}] (names are unique ignoring case); "
                    "remove or rename one",
                )
            )
        else:
            first_seen[key] = i
    return problems


def _unknown(
    loc: tuple[str | int, ...], names: Iterable[str], known: set[str], section: str
) -> list[Problem]:
    return [
        ((*loc, j), f"{name!r} is not listed under {section}; add it there or fix the spelling")
        for j, name in enumerate(names)
        if name not in known
    ]


def _unknown_skills(
    loc: tuple[str | int, ...], assignments: Iterable[CicSkillAssignment], known: set[str]
) -> list[Problem]:
    return [
        ((*loc, j, "name"), f"skill {a.name!r} is not listed under skills; add it there or fix the spelling")
        for j, a in enumerate(assignments)
        if a.name not in known
    ]


# --- loading ------------------------------------------------------------------------------------


class CicExportError(ValueError):
    """A CIC export file that cannot be used; the message has one ``file:line: path: fix`` per problem."""


def yaml_path(loc: Iterable[str | int]) -> str:
    """``("users", 2, "businessEmail")`` -> ``users[2].businessEmail``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


_TYPE_FIXES = {
    "string_type": "write text (quote it if YAML reads it as a number, date or boolean)",
    "int_type": "write a whole number",
    "int_parsing": "write a whole number",
    "int_from_float": "write a whole number",
    "bool_type": "write true or false",
    "bool_parsing": "write true or false",
    "tuple_type": "write a list ('- item' lines or [a, b])",
    "list_type": "write a list ('- item' lines or [a, b])",
    "model_type": "write a mapping of keys",
    "dict_type": "write a mapping of keys",
}


def _fix_for(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required: add it"
    if kind == "extra_forbidden":
        return "unknown key: remove it or fix its spelling (the keys are camelCase)"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{message}; {_TYPE_FIXES[kind]}" if kind in _TYPE_FIXES else message


def _problems(exc: ValidationError) -> list[Problem]:
    problems: list[Problem] = []
    for error in exc.errors():
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, CicReferenceError):
            problems.extend(cause.problems)
        else:
            problems.append((tuple(error["loc"]), _fix_for(error)))
    return problems


def _line_of(root: yaml.Node | None, loc: tuple[str | int, ...]) -> int | None:
    """The 1-based line of the deepest node along `loc` (so a missing key points at its parent)."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            child = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


def validate_cic_export(data: Any, source: str, root: yaml.Node | None = None) -> CicExport:
    """Validate parsed export data; `source` names it in errors, `root` (its YAML node) adds lines."""
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise CicExportError(
            f"{source}: the top level must be a mapping with users, workgroups, skills and wrapUpCodes"
        )
    try:
        return CicExport.model_validate(dict(data))
    except ValidationError as exc:
        lines = []
        for loc, message in _problems(exc):
            line = _line_of(root, loc)
            lines.append(f"{source}{f':{line}' if line else ''}: {yaml_path(loc)}: {message}")
        raise CicExportError("\n".join(lines)) from None


def parse_cic_export(text: str, source: str) -> CicExport:
    """Parse export text; `source` names it in errors (a file path, or ``<inline>``)."""
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        problem = getattr(exc, "problem", None) or str(exc)
        raise CicExportError(f"{where}: not valid YAML/JSON ({problem}); fix the syntax there") from None
    return validate_cic_export(data, source, root)


def load_cic_export(path: Path | str) -> CicExport:
    """Read and validate a CIC export file (YAML or JSON)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CicExportError(f"{file}: no such file; fix the export file path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CicExportError(f"{file}: cannot be read ({exc}); save it as UTF-8 text") from None
    return parse_cic_export(text, str(file))
