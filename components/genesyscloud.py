"""The genesyscloud SDK the components use: the real `pulumi_genesyscloud` when installed, else `gcx.sdk`."""

try:
    import pulumi_genesyscloud as genesyscloud
except ImportError:
    from gcx import sdk as genesyscloud

__all__ = ["genesyscloud"]
