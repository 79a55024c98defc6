"""Server settings: the config file, SITREP_TOKEN and the command line, checked on load."""

from __future__ import annotations

import pytest

from sitrep.web.settings import SETTINGS, ConfigError, Settings, load_settings


def write(tmp_path, text):
    path = tmp_path / "sitrep.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_closed_for_writing():
    settings = load_settings(env={})
    assert settings == Settings()
    assert settings.token is None and not settings.writes_enabled
    assert settings.public_reads and settings.cors_origins == ()
    assert settings.max_body_bytes == 2_000_000
    assert {s.name for s in SETTINGS} == set(Settings.__dataclass_fields__)


def test_config_then_environment_then_command_line(tmp_path):
    path = write(tmp_path, 'token = "from-file"\nmax_articles = 7\ncors_origins = ["https://a.example"]\n'
                           'tiles = "https://t.example/{z}/{x}/{y}.png"\n')
    settings = load_settings(path, env={})
    assert (settings.token, settings.max_articles, settings.cors_origins) == ("from-file", 7, ("https://a.example",))
    assert load_settings(path, env={"SITREP_TOKEN": "from-env"}).token == "from-env"
    assert load_settings(path, env={}, tiles=None).tiles == "https://t.example/{z}/{x}/{y}.png"  # None: not given
    assert load_settings(path, env={}, tiles="https://other/{z}/{x}/{y}.png").tiles.startswith("https://other")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tokn = 'x'\n", "unknown setting 'tokn'"),
        ("max_body_bytes = '2MB'\n", "max_body_bytes must be an integer"),
        ("public_reads = 'no'\n", "public_reads must be true or false"),
        ("max_articles = true\n", "max_articles must be an integer"),
        ("cors_origins = [1]\n", "cors_origins must be a list of strings"),
        ("max_articles = 0\n", "max_articles must be positive"),
        ("token = '  '\n", "token must not be empty"),
        ("public_reads = false\n", "private reads need a token"),
        ("token = \n", "not valid TOML"),
        ("header_timeout = 0\n", "header_timeout must be positive"),
        ("body_timeout = -1.5\n", "body_timeout must be positive"),
        ("body_timeout = '30s'\n", "body_timeout must be a number"),
        ("max_queued_writes = -1\n", "max_queued_writes must not be negative"),
        ("tiles = 'javascript:alert(1)'\n", "tiles must be an http"),
        ("tiles = \"https://t.example; script-src *\"\n", "tiles must be an http"),
        ("tiles = 'https://{s}/{z}/{x}/{y}.png'\n", "tiles must be an http"),
    ],
)
def test_bad_config_is_an_error(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(write(tmp_path, text), env={})


def test_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_settings(tmp_path / "absent.toml", env={})


def test_limits_and_timeouts_from_the_config(tmp_path):
    path = write(tmp_path, "max_queued_writes = 0\nheader_timeout = 2.5\nbody_timeout = 60\nmax_chars = 5000\n")
    settings = load_settings(path, env={})
    assert (settings.max_queued_writes, settings.header_timeout, settings.body_timeout, settings.max_chars) == (
        0, 2.5, 60, 5000)
    assert Settings().max_chars == 100_000
