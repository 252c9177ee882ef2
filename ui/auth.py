"""Optional sign-in with Streamlit's built-in OpenID Connect (st.login / st.user).

Sign-in is on only when ``.streamlit/secrets.toml`` has an ``[auth]`` section; otherwise the app
is a single-team tool and every function here says so by returning None.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from ui.markdown import literal

SINGLE_TEAM = ("Single-team mode: sign-in is not configured, so saved scenarios have no author "
               "and everyone using this app can rename or delete them.")
IDENTITY_CLAIMS = ("email", "preferred_username", "upn", "sub")


def auth_configured() -> bool:
    """True when secrets.toml has an [auth] section (an OIDC provider is set up)."""
    try:
        return "auth" in st.secrets
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return False


def providers() -> list[str]:
    """Named providers ([auth.microsoft] …); empty when [auth] itself holds the one provider."""
    section = st.secrets["auth"]
    return [name for name, value in section.items() if isinstance(value, Mapping)
            and "client_id" in value]


def identity(user: Mapping[str, object]) -> str | None:
    """The signed-in person as text: their email, else another stable claim."""
    for claim in IDENTITY_CLAIMS:
        value = user.get(claim)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def require_sign_in() -> None:
    """When sign-in is configured, stop the page until the person has signed in."""
    if not auth_configured() or st.user.is_logged_in:
        return
    st.info("Sign in to use the Engagement Planner.")
    names = providers()
    for name in names or [""]:
        label = f"Sign in with {name.title()}" if name else "Sign in"
        st.button(label, on_click=st.login, args=(name,) if name else (),
                  key=f"login_{name or 'default'}", type="primary")
    st.stop()


def require_author() -> str | None:
    """None in single-team mode; else the signed-in person (the page stops until they sign in)."""
    if not auth_configured():
        return None
    require_sign_in()
    author = identity(st.user.to_dict())
    left, right = st.columns([4, 1])
    who = literal(author) if author else "unknown user"
    left.caption(f"Signed in as **{who}**. Scenarios you save record you "
                 "as their author; only the author can rename or delete them.")
    right.button("Sign out", on_click=st.logout, key="logout")
    return author
