"""What the web app allows a request: the size of an upload, how many searches run at once.

Each limit is a default: :class:`~accord.web.registry.Registry` takes its own
values for those it enforces (uploads kept, seconds and searches of a Nash
search); the upload size is checked by :func:`~accord.web.uploads.decode_upload`
and :meth:`~accord.web.registry.Registry.add_text`.
"""

from __future__ import annotations

__all__ = ["MAX_SEARCHES", "MAX_UPLOADS", "MAX_UPLOAD_BYTES", "NASH_SECONDS"]

#: The largest scenario text accepted by an upload.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
#: Uploaded scenarios kept at once (the oldest upload goes first; started ones stay).
MAX_UPLOADS = 32
#: The longest a Nash search may run for a request (seconds); a longer one is refused (422).
NASH_SECONDS = 10.0
#: Nash searches that may run at once; one more is refused (429) until one ends.
MAX_SEARCHES = 2
