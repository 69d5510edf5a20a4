"""What is compressed: answers of at least COMPRESSED_BYTES_MIN (smaller ones gain less than
the gzip header costs), except streams that must reach the client as each part is written
(multipart/mixed and event streams, should one be served) and formats already compressed (XLSX
is a ZIP)."""

from __future__ import annotations

from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES

COMPRESSED_BYTES_MIN = 1_024
COMPRESSION_LEVEL = 6  # of 9: nearly level 9's size at a fraction of its time
NOT_COMPRESSED = (
    *DEFAULT_EXCLUDED_CONTENT_TYPES,
    "multipart/mixed",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
