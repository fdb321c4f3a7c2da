"""Governance for the sitemap: the public pages of partnerships' bodies and their decisions.

The partnerships themselves are listed by bryggan/core/sitemaps.py. Bodies and decisions go
through the governance rules (`visible_to`), so a public decision of a body or partnership that
is not public is left out, as its page is.
"""

from bryggan.core.sitemaps import PublicSitemap, visible_to_anyone
from bryggan.governance.models import Body, Decision

sitemaps = {
    "governance-bodies": PublicSitemap(
        lambda: visible_to_anyone(Body.objects.filter(archived=False))
    ),
    "governance-decisions": PublicSitemap(lambda: visible_to_anyone(Decision.objects.all())),
}
