"""Headers and files: CSP without inline code, no caching of personal data, HSTS over HTTPS, a clean
deployment check, the API schema behind a login, owner-only files under var/."""

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from laborbridge.core.tests.test_production_settings import DEPLOY_CHECK, production_environment
from laborbridge.factories import make_worker

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
ROOT = Path(__file__).resolve().parents[3]


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    """Run Python with the project's settings and a clean environment plus `env` (settings read at start)."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**keep, "DJANGO_SETTINGS_MODULE": "laborbridge.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_no_template_holds_an_inline_script_style_or_event_handler():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group()}"
        for path in TEMPLATES.rglob("*.html")
        for match in inline.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy_without_inline_code(client, users):
    client.force_login(users["jinxiu"])
    for path in ("/", "/workers/", "/reports/", "/accounts/login/"):
        policy = client.get(path)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_pages_exports_and_api_answers_with_personal_data_are_not_stored(
    client, users, django_capture_on_commit_callbacks
):
    from laborbridge.ledger.tests.exports import export

    worker = make_worker(users["tongmu"])
    client.force_login(users["jinxiu"])
    download = export(client, django_capture_on_commit_callbacks)
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    for path in (
        f"/workers/{worker.pk}/",
        "/workers/",
        "/api/v1/workers",
        "/reports/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path


@pytest.mark.django_db
def test_hsts_is_sent_over_https_when_served_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")


def test_the_deployment_check_is_clean_with_production_settings(tmp_path):
    result = run_python(DEPLOY_CHECK, **production_environment(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_check_warns_without_https(tmp_path):
    result = run_python(DEPLOY_CHECK, **{**production_environment(tmp_path), "HTTPS": "0"})
    assert result.returncode != 0 and "SESSION_COOKIE_SECURE" in result.stderr + result.stdout


@pytest.mark.django_db
def test_the_api_schema_and_its_docs_need_a_login_or_a_token(client, users):
    assert client.get("/api/v1/openapi.json").status_code == 401
    docs = client.get("/api/v1/docs", HTTP_ACCEPT="text/html")
    assert docs.status_code == 302 and "/accounts/login/" in docs.url
    client.force_login(users["auditor"])
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_files_and_folders_under_var_are_the_owners_only(tmp_path):
    var = tmp_path / "var"
    code = (
        "import django; django.setup();"
        "from django.db import connection; connection.ensure_connection();"
        "from laborbridge.ledger import storage; storage.store(b'x', suffix='.csv')"
    )
    result = run_python(code, LABORBRIDGE_VAR_DIR=str(var), DATABASE_URL="", LOCAL_SECRETS="1")
    assert result.returncode == 0, result.stderr
    paths = [var, *var.rglob("*")]
    names = {path.name for path in paths}
    assert {"secret_key", "field_encryption_key", "laborbridge.sqlite3", "huey.sqlite3", "imports"} <= names
    loose = [
        f"{path.name} {stat.filemode(path.stat().st_mode)}" for path in paths if path.stat().st_mode & 0o077
    ]
    assert not loose


def test_files_left_world_readable_by_an_older_version_are_tightened(tmp_path):
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    (var / "secret_key").write_text("x" * 60)
    (var / "laborbridge.sqlite3").touch()
    for path in (var, var / "secret_key", var / "laborbridge.sqlite3"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert (
        run_python(
            "import django; django.setup()", LABORBRIDGE_VAR_DIR=str(var), DATABASE_URL="", LOCAL_SECRETS="1"
        ).returncode
        == 0
    )
    assert [
        stat.S_IMODE(p.stat().st_mode) for p in (var, var / "secret_key", var / "laborbridge.sqlite3")
    ] == [
        0o700,
        0o600,
        0o600,
    ]
