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


# --- deploy/: container image, systemd units, environment file ---------------------------

DEPLOY = ROOT / "deploy"
UNITS = ["aqb-web.service", "aqb-worker.service", "aqb-backup.service", "aqb-backup.timer"]


def _unit(name: str):
    import configparser

    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string((DEPLOY / "systemd" / name).read_text())
    return parser


def _aqb_commands() -> set[str]:
    import django
    from django.core.management import get_commands

    django.setup()
    return set(get_commands())


def test_every_unit_parses_and_starts_a_real_command():
    import shlex

    commands = _aqb_commands()
    seen = {}
    for name in UNITS:
        unit = _unit(name)
        assert unit.has_section("Unit") and unit["Unit"]["Description"]
        if name.endswith(".timer"):
            assert unit["Timer"]["OnCalendar"] and unit["Timer"]["Unit"] == "aqb-backup.service"
            assert unit["Timer"]["Persistent"] == "yes"
            continue
        service = unit["Service"]
        assert service["User"] == "aqb" and service["EnvironmentFile"] == "/etc/aqb/aqb.env"
        assert "DJANGO_SETTINGS_MODULE=aqb.settings.production" in service["Environment"]
        argv = shlex.split(service["ExecStart"])
        if argv[0] == "/bin/sh":  # sh -c 'exec … aqb backup …'
            argv = shlex.split(argv[2].replace("exec ", "", 1))
        program = Path(argv[0]).name
        assert program in ("gunicorn", "aqb"), service["ExecStart"]
        if program == "aqb":
            assert argv[1] in commands, f"{name}: aqb {argv[1]} gibt es nicht"
        else:
            assert argv[1] == "aqb.wsgi:application"
        seen[name] = argv
    assert seen["aqb-worker.service"][1:3] == ["worker", "--no-reload"]
    assert seen["aqb-backup.service"][1] == "backup" and "--output" in seen["aqb-backup.service"]
    assert "--bind" in seen["aqb-web.service"]


def test_the_container_image_runs_gunicorn_as_a_user_and_collects_static_files():
    text = (DEPLOY / "Containerfile").read_text()
    assert text.startswith("#") and "FROM docker.io/library/python:3.11-slim" in text
    assert "\nUSER aqb\n" in text
    assert "collectstatic --noinput" in text
    assert 'CMD ["gunicorn", "aqb.wsgi:application"' in text
    assert "aqb migrate" in text  # documented as a one-shot command, never at start-up
    assert "requirements.lock" in text


def _settings_env_vars() -> set[str]:
    import re

    found = set()
    for path in (ROOT / "aqb").rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text()
        found |= set(re.findall(r"""environ(?:\.get)?[\[(]\s*["'](AQB_[A-Z0-9_]+)["']""", text))
        found |= set(re.findall(r"""["'](AQB_[A-Z0-9_]+)["']\s+(?:not\s+)?in\s+os\.environ""",
                                text))
    return found


def test_every_environment_variable_is_in_the_example_file():
    import re

    example = (DEPLOY / "aqb.env.example").read_text()
    listed = set(re.findall(r"^#?(AQB_[A-Z0-9_]+)=", example, flags=re.M))
    read = _settings_env_vars()
    assert {"AQB_STORAGE_URL", "AQB_DATABASE_URL", "AQB_SECRET_KEY"} <= read
    assert not read - listed, f"fehlen in deploy/aqb.env.example: {sorted(read - listed)}"
    assert not listed - read, f"liest niemand: {sorted(listed - read)}"


def test_the_wsgi_warm_up_compiles_every_page_template_without_the_database():
    """gunicorn --preload imports aqb.wsgi once in the master: the warm-up (URL patterns,
    every template, rdflib's serializers) must not open a database connection there, since
    forked workers would share it. (No django_db mark: pytest-django refuses any query.)"""
    from pathlib import Path

    import aqb
    from aqb.wsgi import warm_up

    pages = list(Path(aqb.__file__).parent.glob("*/templates/**/*.html"))
    assert warm_up() == len(pages) > 100


def test_the_nginx_example_fits_the_upload_limits_and_the_web_unit():
    """The proxy must let the largest upload through, refuse anything much larger (Django
    does not limit the whole body of a file upload), pass the headers the application reads,
    and point at the address the web unit binds."""
    import re
    import shlex

    from aqb.ui.uploads import MAX_LIST_BYTES, MAX_SCAN_BYTES, MAX_TABLE_BYTES

    conf = (DEPLOY / "nginx" / "aqb.conf").read_text()
    limit = re.search(r"^\s*client_max_body_size (\d+)m;", conf, re.M)
    assert limit, "client_max_body_size fehlt"
    body = int(limit.group(1)) * 1024 * 1024
    largest = max(MAX_LIST_BYTES, MAX_SCAN_BYTES, MAX_TABLE_BYTES)
    assert largest < body <= largest * 1.1
    for header in ("Host $host", "X-Forwarded-Proto $scheme",
                   "X-Forwarded-For $proxy_add_x_forwarded_for", "X-Request-ID $request_id"):
        assert f"proxy_set_header {header};" in conf, header
    argv = shlex.split(_unit("aqb-web.service")["Service"]["ExecStart"])
    bind = argv[argv.index("--bind") + 1]
    assert re.search(rf"upstream aqb_web \{{\s*server {re.escape(bind)}\b", conf)
    assert "AQB_TRUSTED_PROXIES=1" in conf


def test_the_nginx_example_passes_nginx_t_where_nginx_is_installed(tmp_path):
    """`nginx -t` with a throwaway certificate (Debian 12's nginx 1.22 was used to write it)."""
    import shutil
    import subprocess

    import pytest

    nginx, openssl = shutil.which("nginx"), shutil.which("openssl")
    if not (nginx and openssl):
        pytest.skip("nginx oder openssl nicht installiert")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=aqb.example.hessen.de", "-keyout", str(tmp_path / "privkey.pem"),
                    "-out", str(tmp_path / "fullchain.pem")], check=True, capture_output=True)
    site = (DEPLOY / "nginx" / "aqb.conf").read_text().replace("/etc/ssl/aqb/", f"{tmp_path}/")
    (tmp_path / "aqb.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ access_log off; include {tmp_path}/aqb.conf; }}\n")
    result = subprocess.run([nginx, "-t", "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
