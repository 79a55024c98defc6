"""The server's settings: a declared table of name, default and meaning (docs/api.md).

Settings come from, in rising order of precedence: the defaults below, a TOML config
file (``sitrep serve --config PATH``), the environment (``SITREP_TOKEN``), and the
command line. An unknown key or a value of the wrong type in the config file is an
error, never silently ignored.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .security import tile_source


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    kind: type | tuple[type, ...]
    help: str


#: Every setting the config file may hold.
SETTINGS: tuple[Setting, ...] = (
    Setting("token", None, str,
            "Bearer token that writes (and private reads) need. Without one, every write is refused. "
            "The environment variable SITREP_TOKEN overrides it."),
    Setting("public_reads", True, bool,
            "Whether reading events and articles needs no token. False (or --private-reads) makes reads "
            "token-only too."),
    Setting("cors_origins", (), list,
            "Origins allowed to call the API from a browser (CORS). Empty: CORS is off."),
    Setting("max_body_bytes", 2_000_000, int, "Largest request body accepted, in bytes; larger gets 413."),
    Setting("max_articles", 100, int, "Most articles one POST /api/articles may carry."),
    Setting("max_chars", 100_000, int,
            "Longest article a POST may carry, in characters (the CLI's default is 1,000,000; docs/api.md says "
            "why the server's is lower)."),
    Setting("max_queued_writes", 8, int,
            "Writes that may wait while one is coded; more get 503 with Retry-After. 0: only one write at a time."),
    Setting("header_timeout", 10, (int, float),
            "Seconds a client has to send a request's headers, from its first byte (or from the end of the "
            "previous reply); then the connection is closed."),
    Setting("body_timeout", 30, (int, float),
            "Seconds a client has to send a request's body once its headers are in; then 408 and the connection "
            "is closed."),
    Setting("tiles", None, str,
            "Map tile URL template for the web page ({z}/{x}/{y}). None: no tiles, the page draws country "
            "outlines and works offline."),
    Setting("tiles_attribution", None, str, "Attribution shown with the tiles."),
)

_BY_NAME = {s.name: s for s in SETTINGS}
_KINDS = {str: "a string", int: "an integer", bool: "true or false", list: "a list", (int, float): "a number"}


@dataclass(frozen=True)
class Settings:
    """The server's settings (see ``SETTINGS`` for each one's meaning)."""

    token: str | None = None
    public_reads: bool = True
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 2_000_000
    max_articles: int = 100
    max_chars: int = 100_000
    max_queued_writes: int = 8
    header_timeout: float = 10
    body_timeout: float = 30
    tiles: str | None = None
    tiles_attribution: str | None = None

    def __post_init__(self) -> None:
        if self.token is not None and not self.token.strip():
            raise ValueError("token must not be empty")
        for name in ("max_body_bytes", "max_articles", "max_chars", "header_timeout", "body_timeout"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive, not {getattr(self, name)}")
        if self.max_queued_writes < 0:
            raise ValueError(f"max_queued_writes must not be negative, not {self.max_queued_writes}")
        if self.tiles is not None:
            tile_source(self.tiles)  # a template the Content-Security-Policy can name
        if not self.public_reads and self.token is None:
            raise ValueError("private reads need a token: set SITREP_TOKEN or `token` in the config file")

    @property
    def writes_enabled(self) -> bool:
        return self.token is not None


class ConfigError(ValueError):
    """A config file that cannot be read or holds a bad setting."""


def read_config(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The settings in a TOML file, checked against ``SETTINGS``."""
    try:
        with open(path, "rb") as stream:
            data = tomllib.load(stream)
    except OSError as exc:
        raise ConfigError(f"cannot read config file {os.fspath(path)}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {os.fspath(path)} is not valid TOML: {exc}") from exc
    return check(data, origin=os.fspath(path))


def check(data: Mapping[str, Any], origin: str = "config") -> dict[str, Any]:
    """``data`` with each key known and each value of its setting's type."""
    out: dict[str, Any] = {}
    for name, value in data.items():
        setting = _BY_NAME.get(name)
        if setting is None:
            known = ", ".join(s.name for s in SETTINGS)
            raise ConfigError(f"{origin}: unknown setting {name!r}; known settings: {known}")
        if isinstance(value, bool) and setting.kind is not bool or not isinstance(value, setting.kind):
            kind = _KINDS.get(setting.kind, "value")
            raise ConfigError(f"{origin}: {name} must be {kind}, not {type(value).__name__}")
        if name == "cors_origins":
            assert isinstance(value, list)  # (its kind, checked above)
            if not all(isinstance(o, str) for o in value):
                raise ConfigError(f"{origin}: cors_origins must be a list of strings")
            value = tuple(value)
        out[name] = value
    return out


def load_settings(
    config: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Defaults, then the config file, then ``SITREP_TOKEN``, then ``overrides`` (None = not given)."""
    values: dict[str, Any] = read_config(config) if config is not None else {}
    environ = os.environ if env is None else env
    if environ.get("SITREP_TOKEN"):
        values["token"] = environ["SITREP_TOKEN"]
    values.update({k: v for k, v in overrides.items() if v is not None})
    unknown = set(values) - {f.name for f in dataclasses.fields(Settings)}
    if unknown:
        raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}")
    try:
        return Settings(**values)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
