"""The CIC export format: what the sync reads from it, and errors that name file, line, path and fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from components.cic_export import CicExport, CicExportError, load_cic_export, parse_cic_export, yaml_path

FIXTURE = Path(__file__).parent / "fixtures" / "cic_export_contact_center.yaml"


@pytest.fixture(scope="module")
def export() -> CicExport:
    return load_cic_export(FIXTURE)


def test_users_are_synced_only_with_a_business_email(export: CicExport):
    assert [u.user_name for u in export.synced_users()] == ["jdoe", "asmith"]
    assert [u.user_name for u in export.skipped_users()] == ["PureCloudAdmin", "bwayne"]


def test_display_name_defaults_to_the_user_name(export: CicExport):
    assert [u.effective_display_name for u in export.users] == [
        "Jane Doe",
        "asmith",
        "PureCloudAdmin",
        "Bruce Wayne",
    ]


def test_phones_are_normalised_to_e164_and_kept_in_field_order(export: CicExport):
    jdoe, asmith = export.users[:2]
    assert jdoe.phones.given() == {
        "business": "+13175550100",
        "business2": "+13175550101",
        "mobile": "+13175550102",
        "home": "+13175550103",
        "fax": "+13175550104",
    }
    assert asmith.phones.given() == {"mobile": "+442079460018"}


def test_membership_is_the_union_of_both_sides(export: CicExport):
    assert export.members("Support") == ("asmith", "jdoe")  # listed on the workgroup, then joined by jdoe
    assert export.members("Sales") == ("bwayne", "asmith")
    assert [w.name for w in export.workgroups_of("asmith")] == ["Support", "Sales"]
    assert export.members("Nope") == ()


def test_effective_skills_add_workgroup_skills_and_keep_the_highest_proficiency(export: CicExport):
    assert export.effective_skills("jdoe") == {"Billing": 80, "Spanish": 90}  # own 80 beats Support's 50
    assert export.effective_skills("asmith") == {"Spanish": 90, "Billing": 50}  # Support's 90 beats own 30
    assert export.effective_skills("bwayne") == {}


def test_cic_only_wrap_up_attributes_are_kept_but_separate(export: CicExport):
    resolved = export.wrap_up_codes[0]
    assert (resolved.name, resolved.label, resolved.category) == ("Resolved", "RES", "Success")
    assert [s.name for s in export.skills if s.treat_as_language] == ["Spanish"]


def test_json_files_load_the_same(tmp_path: Path, export: CicExport):
    data = yaml.safe_load(FIXTURE.read_text())
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data))
    assert load_cic_export(path) == export


def test_empty_sections_and_an_empty_file_are_an_empty_export(tmp_path: Path):
    path = tmp_path / "empty.yaml"
    path.write_text("")
    assert load_cic_export(path) == CicExport()
    assert parse_cic_export("users:\nworkgroups:\nskills:\nwrapUpCodes:\n", "x") == CicExport()


def test_proficiency_bounds_are_inclusive():
    text = (
        "users: [{userName: a, skills: [{name: S, proficiency: 1}, {name: T, proficiency: 100}]}]\n"
        "skills: [{name: S}, {name: T}]\n"
    )
    assert parse_cic_export(text, "x").effective_skills("a") == {"S": 1, "T": 100}


BASE = "skills: [{name: Billing}]\nworkgroups: [{name: Support}]\nwrapUpCodes: [{name: Done}]\n"


@pytest.mark.parametrize(
    ("users", "line", "path", "fix"),
    [
        ("- displayName: Nobody", 5, "users[0].userName", "required: add it"),
        ("- {userName: a, businessEmail: nope}", 5, "users[0].businessEmail", "use name@domain"),
        (
            "- {userName: a, skills: [{name: Billing, proficiency: 0}]}",
            5,
            "users[0].skills[0].proficiency",
            "from 1 to 100",
        ),
        (
            "- {userName: a, skills: [{name: Billing, proficiency: 101}]}",
            5,
            "users[0].skills[0].proficiency",
            "from 1 to 100",
        ),
        ("- {userName: a, skills: [{name: Billing}]}", 5, "users[0].skills[0].proficiency", "required"),
        ("- {userName: a, phones: {fax: +13175550100}}", 5, "users[0].phones.fax", "put it in quotes"),
        ("- {userName: a, phones: {home: '555-0100'}}", 5, "users[0].phones.home", "with the country code"),
        ("- {userName: a, phones: {pager: '+13175550100'}}", 5, "users[0].phones.pager", "unknown key"),
        ("- {userName: a, email: a@example.com}", 5, "users[0].email", "unknown key"),
        (
            "- {userName: a, skills: [{name: Billing, proficiency: 5}, {name: Typing, proficiency: 5}]}",
            5,
            "users[0].skills[1].name",
            "skill 'Typing' is not listed under skills",
        ),
        (
            "- {userName: a, workgroups: [Support, Sales]}",
            5,
            "users[0].workgroups[1]",
            "'Sales' is not listed under workgroups",
        ),
        ("- {userName: a}\n- {userName: A}", 6, "users[1].userName", "repeats users[0]"),
        ("- {userName: '  '}", 5, "users[0].userName", "cannot be empty"),
        ("- {userName: a, workgroups: [7]}", 5, "users[0].workgroups[0]", "quote it"),
    ],
)
def test_user_errors_name_file_line_path_and_fix(tmp_path: Path, users: str, line: int, path: str, fix: str):
    file = tmp_path / "cic.yaml"
    file.write_text(f"{BASE}users:\n" + "\n".join(f"  {row}" for row in users.splitlines()) + "\n")
    with pytest.raises(CicExportError) as error:
        load_cic_export(file)
    first = str(error.value).splitlines()[0]
    assert first.startswith(f"{file}:{line}: {path}: "), first
    assert fix in first


@pytest.mark.parametrize(
    ("text", "location", "fix"),
    [
        (
            "workgroups: [{name: W, members: [ghost]}]",
            "1: workgroups[0].members[0]",
            "'ghost' is not listed under users",
        ),
        (
            "workgroups: [{name: W, wrapUpCodes: [Gone]}]",
            "1: workgroups[0].wrapUpCodes[0]",
            "not listed under wrapUpCodes",
        ),
        (
            "workgroups: [{name: W, skills: [{name: X, proficiency: 5}]}]",
            "1: workgroups[0].skills[0].name",
            "not listed under skills",
        ),
        ("skills:\n  - name: Billing\n  - name: billing", "3: skills[1].name", "unique ignoring case"),
        ("wrapUpCodes: [{name: Done}, {name: DONE}]", "1: wrapUpCodes[1].name", "remove or rename one"),
        (
            "skills: [{name: S, treatAsLanguage: maybe}]",
            "1: skills[0].treatAsLanguage",
            "write true or false",
        ),
        ("version: 2", "1: version", "write version: 1"),
        ("users: {userName: a}", "1: users", "write a list"),
    ],
)
def test_section_errors_name_file_line_path_and_fix(tmp_path: Path, text: str, location: str, fix: str):
    file = tmp_path / "cic.yaml"
    file.write_text(text + "\n")
    with pytest.raises(CicExportError) as error:
        load_cic_export(file)
    assert f"{file}:{location}: " in str(error.value)
    assert fix in str(error.value)


def test_every_problem_is_reported_at_once(tmp_path: Path):
    file = tmp_path / "cic.yaml"
    file.write_text("users:\n  - {userName: a, businessEmail: x}\n  - {userName: b, phones: {home: '1'}}\n")
    with pytest.raises(CicExportError) as error:
        load_cic_export(file)
    assert [line.split(": ")[1] for line in str(error.value).splitlines()] == [
        "users[0].businessEmail",
        "users[1].phones.home",
    ]
    # cross-references are checked once every field is valid, and all of them are reported
    file.write_text("users:\n  - {userName: a, workgroups: [W]}\n  - {userName: b, workgroups: [V]}\n")
    with pytest.raises(CicExportError) as error:
        load_cic_export(file)
    assert [line.split(": ")[1] for line in str(error.value).splitlines()] == [
        "users[0].workgroups[0]",
        "users[1].workgroups[0]",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("users: [unclosed\n", ":2: not valid YAML/JSON"),
        ("- a\n- b\n", ": the top level must be a mapping"),
    ],
)
def test_unreadable_files_say_what_to_fix(tmp_path: Path, text: str, message: str):
    file = tmp_path / "cic.yaml"
    file.write_text(text)
    with pytest.raises(CicExportError, match=message):
        load_cic_export(file)


def test_a_missing_file_is_named(tmp_path: Path):
    with pytest.raises(CicExportError, match=r"missing\.yaml: no such file; fix the export file path"):
        load_cic_export(tmp_path / "missing.yaml")


def test_yaml_path_formatting():
    assert yaml_path(("users", 2, "phones", "fax")) == "users[2].phones.fax"
    assert yaml_path(()) == "(top level)"
