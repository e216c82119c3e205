"""The checked-in SDK is exactly what the generator produces from the current schemas."""

from pathlib import Path

from gcx.sdk import _codegen


def test_checked_in_sdk_matches_the_generator(tmp_path: Path) -> None:
    _codegen.write(tmp_path)
    generated = _codegen.generated_files(tmp_path)
    checked_in = _codegen.generated_files(_codegen.SDK_DIR)
    assert checked_in == generated, "run `python -m gcx.sdk._codegen`: the file list differs"
    stale = sorted(
        path
        for path in generated
        if (tmp_path / path).read_text(encoding="utf-8")
        != (_codegen.SDK_DIR / path).read_text(encoding="utf-8")
    )
    assert stale == [], f"run `python -m gcx.sdk._codegen`: stale files {stale}"


def test_the_generator_removes_files_it_no_longer_produces(tmp_path: Path) -> None:
    _codegen.write(tmp_path)
    (tmp_path / "retired_resource.py").write_text("# old\n")
    _codegen.write(tmp_path)
    assert not (tmp_path / "retired_resource.py").exists()
