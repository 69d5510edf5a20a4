"""Which of the two GraphQL response media types a request's ``Accept`` asks for.

GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/) answers either
``application/graphql-response+json`` (status codes say whether the request was understood) or
the older ``application/json`` (200 for every well-formed request). ``Accept`` is read with its
q values: the media type named with the highest q wins; a bare ``*/*`` or ``application/*`` (or
no ``Accept`` at all) gets ``application/json``, which every client understands.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
# Asked for explicitly, the newer type wins a tie; reached only through a wildcard, the older.
EXPLICIT_PREFERENCE = (GRAPHQL_RESPONSE_JSON, JSON)
WILDCARD_PREFERENCE = (JSON, GRAPHQL_RESPONSE_JSON)
# Streaming answers (subscriptions and @defer over HTTP) are strawberry's own transports.
STREAMING_MEDIA_TYPES = ("multipart/mixed", "text/event-stream")
ACCEPT_RANGES_MAX = 32  # more media ranges than any client sends; the rest are not read
ACCEPTS_CACHED = 64  # distinct Accept headers remembered; clients send a handful


@dataclass(frozen=True)
class MediaRange:
    type: str  # "application/json", "application/*" or "*/*"
    quality: float

    def specificity(self, media_type: str) -> int:
        """2 for an exact match, 1 for ``type/*``, 0 for ``*/*``, -1 for none."""
        if self.type == media_type:
            return 2
        if self.type == media_type.split("/")[0] + "/*":
            return 1
        return 0 if self.type == "*/*" else -1


@lru_cache(maxsize=ACCEPTS_CACHED)
def negotiate(accept: str | None) -> str | None:
    """The media type to answer in, or None when the client accepts neither (406)."""
    if accept is None or not accept.strip():
        return JSON
    ranges = media_ranges(accept)
    if not ranges:  # nothing readable as a media range: as if no Accept was sent
        return JSON
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    for media_type in (GRAPHQL_RESPONSE_JSON, JSON):
        quality, specificity = _quality(ranges, media_type)
        if quality <= 0:
            continue
        order = EXPLICIT_PREFERENCE if specificity == 2 else WILDCARD_PREFERENCE
        rank = (quality, specificity, -order.index(media_type))
        if best is None or rank > best:
            best, chosen = rank, media_type
    return chosen


def streaming(accept: str | None) -> bool:
    """Whether the client asks for a streamed answer (strawberry's multipart or SSE)."""
    return accept is not None and any(kind in accept.lower() for kind in STREAMING_MEDIA_TYPES)


def media_ranges(accept: str) -> list[MediaRange]:
    ranges = []
    for item in accept.split(",")[:ACCEPT_RANGES_MAX]:
        media_type, *parameters = (part.strip() for part in item.split(";"))
        if "/" not in media_type:
            continue
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                quality = _q_value(value.strip())
        ranges.append(MediaRange(media_type.lower(), quality))
    return ranges


def _quality(ranges: list[MediaRange], media_type: str) -> tuple[float, int]:
    """The q of the most specific range that matches, and how specific it is."""
    matches = [(r.specificity(media_type), r.quality) for r in ranges]
    matches = [match for match in matches if match[0] >= 0]
    if not matches:
        return 0.0, -1
    specificity, quality = max(matches)
    return quality, specificity


def _q_value(text: str) -> float:
    try:
        quality = float(text)
    except ValueError:
        return 0.0  # an unreadable weight is not a preference
    return quality if 0.0 <= quality <= 1.0 else 0.0
