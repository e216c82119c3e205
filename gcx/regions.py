"""The one table of Genesys Cloud regions.

Every layer reads regions from here: the emulator (org hosts), the provider (`aws_region`
validation and base URLs), the components (eMite region codes, Multicloud CX URLs) and the
docs. Facts come from `shared/reference/genesys-api.md` §1 and `integrations.md` §1.

Choices where the references are unverified (see `integrations.md` §7):
- `ap-southeast-1` and `mx-central-1` are listed (third-party code names them) but flagged
  `confirmed=False`; eMite publishes no code for them.
- eMite codes exist only for the nine regions of eMite's own table; every other region has
  `emite_code=None` and the eMite component refuses it rather than guessing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    aws_region: str
    domain: str
    location: str
    emite_code: str | None = None
    confirmed: bool = True

    @property
    def api_host(self) -> str:
        return f"api.{self.domain}"

    @property
    def login_host(self) -> str:
        return f"login.{self.domain}"

    @property
    def apps_host(self) -> str:
        return f"apps.{self.domain}"

    @property
    def api_base_url(self) -> str:
        return f"https://{self.api_host}"

    @property
    def login_base_url(self) -> str:
        return f"https://{self.login_host}"

    @property
    def apps_url(self) -> str:
        return f"https://{self.apps_host}"


_REGIONS = (
    Region("us-east-1", "mypurecloud.com", "Americas (US East)", "useast"),
    Region("us-east-2", "use2.us-gov-pure.cloud", "US (FedRAMP)"),
    Region("us-west-2", "usw2.pure.cloud", "Americas (US West)", "uswest"),
    Region("ca-central-1", "cac1.pure.cloud", "Canada (Central)", "cnd"),
    Region("sa-east-1", "sae1.pure.cloud", "South America (Sao Paulo)"),
    Region("mx-central-1", "mxc1.pure.cloud", "Americas (Mexico Central)", confirmed=False),
    Region("eu-west-1", "mypurecloud.ie", "EMEA (Dublin)", "eu"),
    Region("eu-west-2", "euw2.pure.cloud", "EMEA (London)", "uk"),
    Region("eu-central-1", "mypurecloud.de", "EMEA (Frankfurt)", "eucentral"),
    Region("eu-central-2", "euc2.pure.cloud", "EMEA (Zurich)"),
    Region("me-central-1", "mec1.pure.cloud", "Middle East (UAE)", "me"),
    Region("ap-south-1", "aps1.pure.cloud", "Asia Pacific (Mumbai)"),
    Region("ap-southeast-1", "apse1.pure.cloud", "Asia Pacific (Singapore)", confirmed=False),
    Region("ap-southeast-2", "mypurecloud.com.au", "Asia Pacific (Sydney)", "au"),
    Region("ap-northeast-1", "mypurecloud.jp", "Asia Pacific (Tokyo)", "jp"),
    Region("ap-northeast-2", "apne2.pure.cloud", "Asia Pacific (Seoul)"),
    Region("ap-northeast-3", "apne3.pure.cloud", "Asia Pacific (Osaka)"),
    Region("eusc-de-east-1", "edee1.eusc-pure.cloud", "EU sovereign cloud (Germany)"),
    Region("dca", "inindca.com", "Genesys internal development"),
    Region("tca", "inintca.com", "Genesys internal test"),
)

REGIONS: dict[str, Region] = {r.aws_region: r for r in _REGIONS}


class UnknownRegionError(ValueError):
    """Raised for a region name that is not in the table; the message lists the valid names."""


def get_region(name: str) -> Region:
    """Return the region for an AWS-style name such as ``eu-west-1``."""
    try:
        return REGIONS[name]
    except KeyError:
        valid = ", ".join(REGIONS)
        raise UnknownRegionError(f"unknown Genesys Cloud region {name!r}; use one of: {valid}") from None


def region_for_domain(domain_or_host: str) -> Region:
    """Find a region from a domain or any of its hosts (``login.mypurecloud.ie`` -> eu-west-1)."""
    host = domain_or_host.lower().removeprefix("https://").split("/")[0]
    for region in _REGIONS:
        if host == region.domain or host.endswith("." + region.domain):
            return region
    raise UnknownRegionError(f"no Genesys Cloud region serves {domain_or_host!r}")


def emite_code(name: str) -> str:
    """The eMite region code for a region; a region eMite does not publish is an error."""
    region = get_region(name)
    if region.emite_code is None:
        supported = ", ".join(r.aws_region for r in _REGIONS if r.emite_code)
        raise UnknownRegionError(
            f"eMite publishes no region code for {name!r}; eMite serves: {supported}"
        )
    return region.emite_code
