import logging

import pytest
from hypothesis import settings as hypothesis_settings

from laborbridge import factories
from laborbridge.core.tests import leaks

# Speed is measured in bench/, never asserted in a test: hypothesis's per-example deadline (200 ms) only made
# property tests fail at random on a loaded 2-core machine.
hypothesis_settings.register_profile("laborbridge", deadline=None)
hypothesis_settings.load_profile("laborbridge")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the division tree once per test session; each test then runs in a rolled-back transaction."""
    from laborbridge.regions.services import regions_load

    with django_db_blocker.unblock():
        regions_load()


@pytest.fixture(scope="session", autouse=True)
def private_files_kept_in_a_folder_of_the_run(tmp_path_factory):
    """Uploads, error workbooks and exports go to a folder of this test run, not to var/imports: files a
    server left there (encrypted with another key, e.g. by `make run-prod`) are not the tests' to read."""
    from django.conf import settings
    from django.test import override_settings

    private = settings.STORAGES["private"]
    if "location" not in private.get("OPTIONS", {}):  # an object store configured by the environment
        yield
        return
    folder = tmp_path_factory.mktemp("private")
    options = {**private["OPTIONS"], "location": str(folder)}
    with override_settings(STORAGES={**settings.STORAGES, "private": {**private, "OPTIONS": options}}):
        yield


@pytest.fixture(autouse=True)
def indicator_summary_kept_current(request):
    """Every test that writes through the services leaves the indicator summary exactly as a rebuild would
    write it (docs/decisions/0013): each write path is checked by the tests that exercise it. A test that
    writes rows behind the services' back says so with `@pytest.mark.summary_bypassed`."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if (
        transactional
        or not (marker or "db" in request.fixturenames)
        or request.node.get_closest_marker("summary_bypassed")
    ):
        yield
        return
    request.getfixturevalue("db")
    factories.indicator_summary_in_use()
    yield
    mismatch = factories.indicator_summary_mismatch()
    assert not mismatch, mismatch


@pytest.fixture(scope="session", autouse=True)
def flush_lifts_the_audit_triggers():
    """A live-server test empties every table afterwards; the audit table's triggers refuse that (as they
    should anywhere else), so the test flush drops them, empties the tables and installs them again."""
    from django.db import connection

    from laborbridge.core import append_only

    operations = type(connection.ops)
    original = operations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        if append_only.TABLE not in tables:
            return statements
        vendor = self.connection.vendor
        return [
            *append_only.statements(vendor, install=False),
            *statements,
            *append_only.statements(vendor, install=True),
        ]

    operations.sql_flush = sql_flush
    yield
    operations.sql_flush = original


@pytest.fixture
def users(db):
    """One named user per role and region (see laborbridge.factories.ROLE_USERS)."""
    return {name: factories.make_user(name) for name in factories.ROLE_USERS}


@pytest.fixture
def admin_user(users):
    return users["admin"]


@pytest.fixture
def client_for(client):
    """Log a test client in as one of the named users."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def background_tasks_run_at_once():
    """Huey runs each task as soon as it is queued, in the test's own process and transaction."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield
    HUEY.immediate = False


@pytest.fixture(autouse=True)
def second_factor_off_unless_asked(settings):
    """Most tests sign in with force_login and test something else; the sign-in tests turn it on."""
    settings.OTP_REQUIRED = False
    # Pages read what the test just wrote; the cache's own tests turn it on.
    settings.PUBLIC_BOARD_CACHE_SECONDS = 0


@pytest.fixture(scope="session")
def log_lines():
    collector = leaks.LogCollector()
    logging.getLogger().addHandler(collector)
    yield collector
    logging.getLogger().removeHandler(collector)


@pytest.fixture(autouse=True)
def no_full_id_or_phone_is_left_in_the_trail(request, log_lines):
    """After every test, scan its audit events, import error lists and log lines for a full ID or phone."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if "transactional_db" in names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")  # so that this runs before the tables are emptied
        uses_db = True
    else:
        uses_db = bool(marker) or "db" in names
        if uses_db:
            request.getfixturevalue("db")
    log_lines.lines.clear()
    yield
    if request.node.get_closest_marker("plants_a_leak"):
        return
    found = log_lines.leaks()
    if uses_db:
        found += leaks.leaks_in_database()
    assert not found, "full ID numbers or phones left in the trail:\n" + "\n".join(found[:20])
