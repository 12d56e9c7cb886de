"""Production settings pass Django's deployment checks without warnings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(extra_env):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AQB_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"DJANGO_SETTINGS_MODULE": "aqb.settings.production", **extra_env})
    return subprocess.run([sys.executable, "-m", "aqb.manage", "check", "--deploy",
                           "--fail-level", "WARNING"], cwd=ROOT, env=env, capture_output=True,
                          text=True)


AUDIT_KEY = "Zq8#rT2!vW6$yB1&nM4^kP9*hL3(gD7)"
PSEUDONYM_KEY = "pK4!xR7#mQ2$wZ9&vB5^nT8*jL3(hF6)"


def test_production_settings_pass_check_deploy(tmp_path):
    result = run_check({
        "AQB_SECRET_KEY": "x7$Qp!2mZ9#vL4&kR8@tW1^bN6*eY3(uH5)jC0_aF-gS+dD=oI~lK",
        "AQB_ALLOWED_HOSTS": "aqb.example.hessen.de",
        "AQB_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "AQB_AUDIT_KEY": AUDIT_KEY,
        "AQB_PSEUDONYM_KEY": PSEUDONYM_KEY,
    })
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret(tmp_path):
    result = run_check({"AQB_ALLOWED_HOSTS": "x", "AQB_DATABASE_URL": "sqlite:///:memory:"})
    assert result.returncode != 0
    assert "AQB_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_an_audit_key(tmp_path):
    result = run_check({"AQB_SECRET_KEY": "x7$Qp!2mZ9#vL4&kR8@tW1^bN6*eY3(uH5)jC0_aF-gS+dD=oI~lK",
                        "AQB_ALLOWED_HOSTS": "x", "AQB_DATABASE_URL": "sqlite:///:memory:"})
    assert result.returncode != 0
    assert "AQB_AUDIT_KEY fehlt" in result.stderr


def test_production_refuses_to_start_without_a_pseudonym_key(tmp_path):
    result = run_check({"AQB_SECRET_KEY": "x7$Qp!2mZ9#vL4&kR8@tW1^bN6*eY3(uH5)jC0_aF-gS+dD=oI~lK",
                        "AQB_ALLOWED_HOSTS": "x", "AQB_DATABASE_URL": "sqlite:///:memory:",
                        "AQB_AUDIT_KEY": AUDIT_KEY})
    assert result.returncode != 0
    assert "AQB_PSEUDONYM_KEY fehlt" in result.stderr
