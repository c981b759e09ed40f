"""The names accord 0.1.0 documented here, now each in the module that computes it.

accord 0.1.0 held the web app's server-side state in this one module, and its
API reference and guide named ``accord.web.state.Registry`` and
``accord.web.state.NASH_SECONDS``; code written against it keeps working. New
code imports from where each name is defined:

- :mod:`accord.web.limits`: what a request may ask (upload size, searches);
- :mod:`accord.web.errors`: the web app's errors and their HTTP statuses;
- :mod:`accord.web.lru`: the cache;
- :mod:`accord.web.keys`: the cache keys of overrides and deals;
- :mod:`accord.web.jsonready`: answers made fit for JSON;
- :mod:`accord.web.uploads`: an upload read and checked;
- :mod:`accord.web.served`: a served scenario;
- :mod:`accord.web.registry`: the served scenarios and what is computed for them.

Nothing in accord imports this module.
"""

from __future__ import annotations

from accord.web.errors import BusyError, StoppingError, TooLargeError, UnknownIdError
from accord.web.jsonready import json_ready
from accord.web.keys import Overrides, overrides_key
from accord.web.limits import MAX_SEARCHES, MAX_UPLOAD_BYTES, MAX_UPLOADS, NASH_SECONDS
from accord.web.lru import LRU
from accord.web.registry import Registry
from accord.web.served import Served
from accord.web.uploads import decode_upload

__all__ = [
    "LRU",
    "MAX_SEARCHES",
    "MAX_UPLOADS",
    "MAX_UPLOAD_BYTES",
    "NASH_SECONDS",
    "BusyError",
    "Overrides",
    "Registry",
    "Served",
    "StoppingError",
    "TooLargeError",
    "UnknownIdError",
    "decode_upload",
    "json_ready",
    "overrides_key",
]
