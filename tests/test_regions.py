"""The region table: lookups, host derivation and the eMite code rule."""

import pytest

from gcx.regions import REGIONS, UnknownRegionError, emite_code, get_region, region_for_domain


def test_hosts_are_derived_from_the_domain():
    r = get_region("eu-west-1")
    assert (r.api_host, r.login_host, r.apps_host) == (
        "api.mypurecloud.ie",
        "login.mypurecloud.ie",
        "apps.mypurecloud.ie",
    )


def test_unknown_region_names_the_valid_ones():
    with pytest.raises(UnknownRegionError, match="use one of: us-east-1"):
        get_region("eu-west-9")


def test_emite_codes_follow_emites_table_and_refuse_the_rest():
    assert emite_code("eu-west-2") == "uk"
    assert emite_code("ca-central-1") == "cnd"
    assert sum(1 for r in REGIONS.values() if r.emite_code) == 9
    with pytest.raises(UnknownRegionError, match="eMite publishes no region code for 'sa-east-1'"):
        emite_code("sa-east-1")


def test_region_for_domain_accepts_hosts_and_urls():
    assert region_for_domain("https://login.euw2.pure.cloud/oauth/token").aws_region == "eu-west-2"
    assert region_for_domain("mypurecloud.com").aws_region == "us-east-1"
    with pytest.raises(UnknownRegionError):
        region_for_domain("example.com")
