"""Fixtures for the API client tests: the lifecycle harness's emulator and a fresh org per test."""

from tests.provider.lifecycle.harness import emulator, org

__all__ = ["emulator", "org"]
