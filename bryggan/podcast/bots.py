"""Tell bots from listeners by their user agent, so that listening figures count people.

The general list is CrawlerDetect (the crawlerdetect package, MIT, kept in step with
JayBizzle/Crawler-Detect: well over a thousand patterns for search engines, link previews,
monitoring services, HTTP libraries and headless browsers). Podcast directories and feed
validators that fetch audio without anyone listening are added here (podcast measurement
practice leaves them out too); a request without a user agent is not counted either.
"""

from __future__ import annotations

import re
from functools import lru_cache

from crawlerdetect import CrawlerDetect

# Services in the podcast world that fetch enclosures to check or index them, not to play them.
PODCAST_BOTS = re.compile(
    r"iTMS|Podcasts Connect|PodcastIndex|Podbean/FeedUpdate|Podnews|Podchaser|"
    r"Podcast ?Addict/Feed|Podtrac Prefix Checker|ListenNotes|Spotify Feed|"
    r"Castbox ?Crawler|podcast-feed-validator|Castopod/.*\bbot\b",
    re.IGNORECASE,
)

_detector = CrawlerDetect()


@lru_cache(maxsize=4096)
def is_bot(user_agent: str) -> bool:
    """True when the user agent is a crawler, a library, a validator, or missing."""
    agent = (user_agent or "").strip()[:1000]
    if not agent:
        return True
    if PODCAST_BOTS.search(agent):
        return True
    return _detector.is_crawler(agent)
