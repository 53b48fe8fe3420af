"""Reading settings from the environment, failing loudly on values that make no sense."""

import os
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no."
    )


def env_int(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name}={value} is above the maximum of {maximum}.")
    return value


def env_float(
    name: str, default: float, *, minimum: float | None = None, maximum: float | None = None
) -> float:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number.") from None
    if value != value:  # NaN passes every comparison below
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number.")
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name}={value} is above the maximum of {maximum}.")
    return value


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(choices)}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    raw = os.environ.get(name)
    return Path(raw).expanduser() if raw else default


def env_redis_url(name: str, default: str, *, timeout: float) -> str:
    """A redis:// URL whose connect and read time out after `timeout` seconds.

    redis-py waits forever by default, so a Redis host that hangs (rather than refusing the
    connection) would hang every upload that enqueues. A timeout already in the URL is kept.
    """
    url = os.environ.get(name, default)
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(f"{name}={url!r} must be a redis://, rediss:// or unix:// URL.")
    query = dict(parse_qsl(parts.query))
    query.setdefault("socket_connect_timeout", f"{timeout:g}")
    query.setdefault("socket_timeout", f"{timeout:g}")
    return urlunsplit(parts._replace(query=urlencode(query)))


def env_origins(name: str, default: list[str]) -> list[str]:
    """A comma-separated list of web origins (scheme://host[:port], no path): the CRM origins
    that may frame the sidebar, call its API (CORS) and receive its messages."""
    origins = env_list(name, default)
    for origin in origins:
        scheme, _, rest = origin.partition("://")
        if scheme not in ("http", "https") or not rest or "/" in rest or "*" in rest:
            raise ImproperlyConfigured(
                f"{name}: {origin!r} is not an origin; write scheme://host[:port] without a path, "
                "e.g. https://crm.example.ru."
            )
    return origins


def env_rate(name: str, default: str) -> str:
    """A DRF throttle rate such as 120/min (s, min, hour, day), or empty for no limit."""
    value = env_str(name, default).strip()
    count, _, period = value.partition("/")
    if value and (not count.isdigit() or period not in ("s", "sec", "m", "min", "h", "hour",
                                                         "d", "day")):
        raise ImproperlyConfigured(f"{name}={value!r} is not a rate: write e.g. 120/min.")
    return value
