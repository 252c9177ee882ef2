"""Sign-in for real: the app with an [auth] section, a mock OpenID Connect provider, two users.

The provider is ``oidc-provider-mock`` on a thread of this test process; its login form lists
the predefined users as buttons, so "signing in as alice" is clicking "alice". The app reads
a secrets.toml written to a temporary folder (``--secrets.files``), so the repository's own
``.streamlit/`` is never touched, and keeps scenarios in a temporary SQLite file.
"""

from __future__ import annotations

import re
import secrets
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from st_harness import (
    WAIT_MS,
    StreamlitServer,
    expect_rerun,
    new_context,
    open_app,
    skip_or_fail,
    start_app,
)

# The mock provider (in this process) uses Authlib APIs that Authlib now deprecates.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ALICE = "alice@example.org"
BOB = "bob@example.org"
USERS = {"alice": ALICE, "bob": BOB, "mallory": ALICE}  # shown as "Signed in as …"
IMPOSTOR_CLAIMS = {"preferred_username": ALICE, "name": "Mallory"}  # no email claim
CLIENT_ID = "engagement-planner-test"



@dataclass
class SignInApp:
    server: StreamlitServer
    db_path: Path

    @property
    def url(self) -> str:
        # The browser must use the host named in redirect_uri: the sign-in cookies are per host.
        return f"http://localhost:{self.server.port}"


@pytest.fixture(scope="module")
def oidc_provider() -> Iterator[str]:
    try:
        # st.login needs Authlib in the app's environment. Importing authlib.deprecate first
        # lets the filter below win over the "always" filter that module installs.
        import authlib.deprecate  # noqa: F401

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import oidc_provider_mock
    except ImportError as error:
        skip_or_fail(f"sign-in test needs Authlib and oidc-provider-mock installed ({error}; "
                     "pip install -r requirements-dev.txt)")
    users = [oidc_provider_mock.User(sub=sub, claims={"email": USERS[sub], "name": sub.title()})
             for sub in ("alice", "bob")]
    users.append(oidc_provider_mock.User(sub="mallory", claims=IMPOSTOR_CLAIMS))
    with oidc_provider_mock.run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def sign_in_app(tmp_path_factory: pytest.TempPathFactory, oidc_provider: str,
                browser: Any) -> Iterator[SignInApp]:
    folder = tmp_path_factory.mktemp("sign_in")
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(f"""[auth]
redirect_uri = "http://localhost:{{port}}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"
client_id = "{CLIENT_ID}"
client_secret = "{secrets.token_urlsafe(16)}"
server_metadata_url = "{oidc_provider}/.well-known/openid-configuration"
""")
    server = start_app(folder, extra_args=["--secrets.files", str(secrets_file)])
    app = SignInApp(server, folder / "planner.db")
    try:
        context = new_context(browser)  # warm-up: the first visit pays the cold start
        try:
            open_app(context.new_page(), f"{app.url}/")
        finally:
            context.close()
        yield app
    finally:
        server.stop()


def sign_in(page: Any, app: SignInApp, user: str) -> None:
    """Open the Scenarios page, sign in at the provider's form as ``user``, come back."""
    open_app(page, f"{app.url}/scenarios")
    page.get_by_text("Sign in to use the Engagement Planner.").wait_for()
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_role("button", name=user, exact=True).click()  # the mock provider's form
    # Back from the callback; no need to wait for the page it lands on to load.
    page.wait_for_url(re.compile(rf"^{re.escape(app.url)}/(?!oauth2callback)"),
                      wait_until="commit")
    open_app(page, f"{app.url}/scenarios")
    page.get_by_text(f"Signed in as {USERS[user]}").wait_for()


def click_and_rerun(page: Any, button: str) -> None:
    with expect_rerun(page):
        page.get_by_role("button", name=button, exact=True).click()


def save_as(page: Any, app: SignInApp, user: str, name: str) -> None:
    """Sign in as ``user`` and save the scenario under ``name``."""
    sign_in(page, app, user)
    page.get_by_label("Name", exact=True).fill(name)
    click_and_rerun(page, "Save")
    page.get_by_text(f"Saved '{name}'.").wait_for()


@contextmanager
def two_browsers(browser: Any, app: SignInApp) -> Iterator[tuple[Any, Any]]:
    """Two browser contexts (own cookies, own session), closed after; a failure says where
    the browsers were and what the app logged."""
    contexts = new_context(browser), new_context(browser)
    try:
        yield contexts
    except Exception as error:
        urls = [page.url for context in contexts for page in context.pages]
        raise AssertionError(f"{error}\n\nbrowser pages: {urls}\n\napp log:\n"
                             f"{app.server.log_tail()}") from error
    finally:
        for context in contexts:
            context.close()


def refusal(author: str, name: str, action: str) -> re.Pattern[str]:
    """The owner-only message; the author is shown with the tag of their owner key (issue 28),
    so someone who copies the author's e-mail still reads differently."""
    return re.compile(re.escape(f"Only {author} (#") + "[0-9a-f]{6}"
                      + re.escape(f"), who saved '{name}', can {action} it."))


def assert_rename_and_delete_refused(page: Any, name: str, author: str) -> None:
    """Someone who is not the owner tries to rename and delete the scenario: both refused."""
    page.get_by_role("tab", name="Rename", exact=True).click()
    page.get_by_label("New name", exact=True).fill(f"{name} (taken over)")
    click_and_rerun(page, "Rename")
    page.get_by_text(refusal(author, name, "rename")).wait_for()

    page.get_by_role("tab", name="Delete", exact=True).click()
    click_and_rerun(page, f"Delete '{name}'…")
    click_and_rerun(page, "Yes, delete it")
    page.get_by_text(refusal(author, name, "delete")).wait_for()


def test_only_the_author_may_rename_or_delete(sign_in_app: SignInApp, browser: Any) -> None:
    from store.repository import ScenarioStore

    name = f"Alice's plan {uuid.uuid4().hex[:6]}"
    with two_browsers(browser, sign_in_app) as (alice_context, bob_context):
        save_as(alice_context.new_page(), sign_in_app, "alice", name)

        bob = bob_context.new_page()  # a fresh context: bob's own cookies and session
        sign_in(bob, sign_in_app, "bob")
        assert_rename_and_delete_refused(bob, name, ALICE)

        bob.get_by_role("tab", name="Duplicate", exact=True).click()
        click_and_rerun(bob, "Duplicate")
        bob.get_by_text(f"Copied '{name}' as '{name} (copy)'.").wait_for(timeout=WAIT_MS)

        bob.get_by_role("tab", name="Open", exact=True).click()
        click_and_rerun(bob, f"Open '{name}'")
        bob.get_by_text(f"Opened '{name}'").wait_for()

    store = ScenarioStore(sqlite_path=sign_in_app.db_path)
    try:
        authors = {s.name: s.author for s in store.list()}
    finally:
        store.close()
    assert authors.keys() == {name, f"{name} (copy)"}
    assert authors[name].startswith(f"{ALICE} (#") and authors[f"{name} (copy)"].startswith(
        f"{BOB} (#")


def test_a_user_who_copies_an_email_as_username_cannot_change_its_owners_scenarios(
        sign_in_app: SignInApp, browser: Any) -> None:
    """Issue 16: preferred_username is not proof of who someone is; (iss, sub) is."""
    from store.repository import ScenarioStore

    name = f"Alice's budget {uuid.uuid4().hex[:6]}"
    with two_browsers(browser, sign_in_app) as (alice_context, mallory_context):
        save_as(alice_context.new_page(), sign_in_app, "alice", name)

        mallory = mallory_context.new_page()
        sign_in(mallory, sign_in_app, "mallory")  # "Signed in as alice@example.org"
        assert_rename_and_delete_refused(mallory, name, ALICE)

        mallory.get_by_label("Name", exact=True).fill(name)
        mallory.get_by_text("Save over a scenario of the same name").click()
        click_and_rerun(mallory, "Save")
        mallory.get_by_text(refusal(ALICE, name, "overwrite")).wait_for()

        mallory.get_by_role("tab", name="Open", exact=True).click()  # reading is allowed
        click_and_rerun(mallory, f"Open '{name}'")
        mallory.get_by_text(f"Opened '{name}'").wait_for()

    store = ScenarioStore(sqlite_path=sign_in_app.db_path)
    try:
        [kept] = [s for s in store.list() if s.name == name]
    finally:
        store.close()
    assert kept.owner_key is not None and kept.owner_key.endswith(" alice")
