"""Tests of the engine storage and configuration layer: project, config, secrets, state, backends."""
