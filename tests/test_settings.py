"""The settings refuse an unsafe start: no secret key outside demo mode."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _import_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "PYTEST_VERSION", "DEBUG", "TALLRAPPORT_DEMO"}
    }
    return subprocess.run(
        [sys.executable, "-c", "import tallrapport.settings as s; print(s.DEBUG, s.DEMO_MODE)"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_settings_refuse_to_start_without_secret_key_outside_demo_mode() -> None:
    # given no SECRET_KEY and neither demo nor debug mode
    # when the settings are imported
    result = _import_settings()
    # then they stop with a Norwegian message
    assert result.returncode != 0
    assert "SECRET_KEY må settes" in result.stderr


def test_settings_start_in_demo_mode_with_debug_off() -> None:
    # given demo mode without a key
    # when the settings are imported
    result = _import_settings(TALLRAPPORT_DEMO="1")
    # then they start, and debug stays off unless asked for
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True"


def test_production_settings_secure_cookies_and_hsts() -> None:
    # given a production configuration
    code = (
        "import tallrapport.settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DEBUG"}}
    # when the settings are imported with a secret key
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "SECRET_KEY": "k" * 50},
        capture_output=True,
        text=True,
        check=False,
    )
    # then cookies are secure and HSTS is on
    assert result.stdout.strip() == "True True True", result.stderr


def test_check_deploy_is_clean_with_production_settings() -> None:
    # given the environment of a production start: a long random key, a host name,
    # debug off, no demo mode, no test runner
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "PYTEST_VERSION",
            "DEBUG",
            "TALLRAPPORT_DEMO",
            "SECURE_COOKIES",
            # set for Playwright by tests/browser/conftest.py; never in production
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env = {
        **clean,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "tallrapport.imdi.example",
    }
    # when Django's deployment checks run, failing on warnings too
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    # then they find nothing
    assert result.returncode == 0, result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_production_settings_require_second_factor_and_idle_timeout() -> None:
    # given a production configuration
    code = (
        "import tallrapport.settings as s;"
        "print(s.TALLRAPPORT_REQUIRE_OTP, s.SESSION_COOKIE_AGE, s.SESSION_SAVE_EVERY_REQUEST,"
        " s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.SESSION_COOKIE_HTTPONLY, s.DEBUG)"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTEST_VERSION", "DEBUG", "TALLRAPPORT_DEMO", "SESSION_COOKIE_AGE"}
    }
    # when the settings are imported
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "SECRET_KEY": "k" * 50},
        capture_output=True,
        text=True,
        check=False,
    )
    # then the second factor is required and a session ends after 30 idle minutes
    assert result.stdout.split() == ["True", "1800", "True", "True", "True", "False"], result.stderr


def test_demo_mode_logs_in_without_second_factor() -> None:
    # given demo mode (make run)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import tallrapport.settings as s; print(s.TALLRAPPORT_REQUIRE_OTP)",
        ],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k != "SECRET_KEY"}, "TALLRAPPORT_DEMO": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    # then the second factor is off, so the demo users log in with a password
    assert result.stdout.strip() == "False", result.stderr


def _flag_value(name: str, value: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DEBUG"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import tallrapport.settings as s; print(s.TALLRAPPORT_REQUIRE_OTP)",
        ],
        cwd=ROOT,
        env={**clean, "SECRET_KEY": "k" * 50, "TALLRAPPORT_DEMO": "", name: value},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_typo_in_a_boolean_setting_stops_start_up_naming_the_variable() -> None:
    # given a misspelt yes (ture)
    # when the settings are imported
    result = _flag_value("TALLRAPPORT_REQUIRE_OTP", "ture")
    # then start-up stops, and the message names the variable and its value
    assert result.returncode != 0
    assert "TALLRAPPORT_REQUIRE_OTP='ture'" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_the_usual_spellings_of_yes_and_no_are_understood() -> None:
    # given the usual ways to write yes and no, in any case and with spaces
    yes = ["1", "true", "True", "YES", "on", "ja", " y "]
    no = ["0", "false", "FALSE", "no", "off", "nei", "n"]
    # when the settings are imported with each
    seen = {word: _flag_value("TALLRAPPORT_REQUIRE_OTP", word).stdout.strip() for word in yes + no}
    # then each yes reads as on and each no as off
    assert seen == {**dict.fromkeys(yes, "True"), **dict.fromkeys(no, "False")}


def test_an_empty_boolean_setting_keeps_its_default() -> None:
    # given TALLRAPPORT_REQUIRE_OTP set to nothing outside demo mode
    # when the settings are imported
    result = _flag_value("TALLRAPPORT_REQUIRE_OTP", "")
    # then the default (on) holds
    assert result.stdout.strip() == "True", result.stderr
