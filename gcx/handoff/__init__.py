"""Handoff artifacts rendered from stack outputs: what a vendor or an on-premises admin receives.

`transaction_object`: the Multicloud CX `hybrid_integration` Configuration Server object (spec
model, JSON, INI-style option/annex files, GAX checklist).
"""
