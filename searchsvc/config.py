"""Settings: defaults, overridden by SEARCHSVC_* environment variables."""

from __future__ import annotations

import os

DEFAULTS = {
    "INDEX_DIR": "index",
    "MAX_QUERY_LENGTH": 500,
    "MAX_PER_PAGE": 100,
    "DEFAULT_PER_PAGE": 10,
    # Deep paging costs a full scoring pass per page; past this offset use filters instead.
    "MAX_RESULT_WINDOW": 10_000,
    # How often (seconds) a worker checks whether a new index generation has landed.
    "REFRESH_INTERVAL": 1.0,
}

# Environment variable -> (config key, type)
ENVIRONMENT = {
    "SEARCHSVC_INDEX": ("INDEX_DIR", str),
    "SEARCHSVC_MAX_QUERY_LENGTH": ("MAX_QUERY_LENGTH", int),
    "SEARCHSVC_MAX_RESULT_WINDOW": ("MAX_RESULT_WINDOW", int),
    "SEARCHSVC_REFRESH_INTERVAL": ("REFRESH_INTERVAL", float),
}


def load_config(overrides: dict | None = None, environ=os.environ) -> dict:
    """Return the settings: defaults, then environment, then explicit overrides."""
    config = dict(DEFAULTS)
    for variable, (key, kind) in ENVIRONMENT.items():
        if environ.get(variable):
            config[key] = kind(environ[variable])
    config.update(overrides or {})
    return config
