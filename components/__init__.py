"""Pulumi components that turn the vendor integration guides into Genesys Cloud resources.

One module per guide; each component takes a typed, validated Args model, creates its children
with `parent=self` under the tenant's explicit `genesyscloud` provider, and exposes a structured
`handoff` output (what the guide says to send to the vendor; secrets stay Pulumi secrets).
"""
