from __future__ import annotations

import pytest

from service.settings import Settings, SettingsError


def test_defaults_need_no_environment() -> None:
    settings = Settings.from_env({})
    assert (settings.host, settings.port, settings.database) == (
        "127.0.0.1",
        8000,
        "data/moderato.db",
    )
    assert settings.rate_limits == "on"


def test_values_are_converted() -> None:
    settings = Settings.from_env({"MODERATO_PORT": "9000", "MODERATO_RATE_LIMITS": "off"})
    assert settings.port == 9000
    assert settings.rate_limits == "off"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"MODERATO_PORT": "http"}, "MODERATO_PORT"),
        ({"MODERATO_PORT": "70000"}, "MODERATO_PORT"),
        ({"MODERATO_PROT": "8000"}, "unknown setting MODERATO_PROT"),
        ({"MODERATO_RATE_LIMITS": "maybe"}, "MODERATO_RATE_LIMITS"),
    ],
)
def test_bad_settings_are_named(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(environ)
