"""Optional sign-in with Streamlit's built-in OpenID Connect (st.login / st.user).

Sign-in is on only when ``.streamlit/secrets.toml`` has an ``[auth]`` section; otherwise the app
is a single-team tool and every function here says so by returning None.

Who owns a scenario is decided by claims the provider guarantees to be stable and unique for one
person: the issuer and subject (``iss`` + ``sub``), or in Microsoft Entra ID the tenant and object
id (``tid`` + ``oid``). E-mail, ``preferred_username``, ``upn`` and ``name`` can be unverified or
editable by the user (OpenID Connect Core §5.7), so they are only ever shown, never compared.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from present.markdown import literal
from store import Actor

SINGLE_TEAM = ("Single-team mode: sign-in is not configured, so saved scenarios have no author "
               "and everyone using this app can rename or delete them.")
DISPLAY_CLAIMS = ("email", "preferred_username", "upn", "name")


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


def _claim(claims: Mapping[str, object], name: str) -> str | None:
    value = claims.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def owner_key(claims: Mapping[str, object]) -> str:
    """The key that decides ownership: ``entra:<tid>:<oid>`` or ``<iss> <sub>``.

    Raises ValueError when the provider sent neither pair (then nobody can be told apart).
    """
    tenant, object_id = _claim(claims, "tid"), _claim(claims, "oid")
    if tenant and object_id:
        return f"entra:{tenant}:{object_id}"
    issuer, subject = _claim(claims, "iss"), _claim(claims, "sub")
    if issuer and subject:
        return f"{issuer} {subject}"
    raise ValueError("claims: the identity provider sent no 'iss' and 'sub' (nor Entra 'tid' and "
                     "'oid'), so the signed-in person cannot be identified")


def display_name(claims: Mapping[str, object]) -> str:
    """How to show the person: e-mail or username if sent, else their subject id."""
    for claim in DISPLAY_CLAIMS:
        value = _claim(claims, claim)
        if value:
            return value
    return _claim(claims, "oid") or _claim(claims, "sub") or "unknown user"


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


def require_author() -> Actor | None:
    """None in single-team mode; else the signed-in person (the page stops until they sign in)."""
    if not auth_configured():
        return None
    require_sign_in()
    claims = st.user.to_dict()
    left, right = st.columns([4, 1])
    right.button("Sign out", on_click=st.logout, key="logout")
    try:
        actor = Actor(owner_key(claims), display_name(claims))
    except ValueError as error:
        left.error(literal(f"Signed in, but {error}. Ask whoever set up sign-in to check the "
                           "provider's settings."))
        st.stop()
    left.caption(f"Signed in as **{literal(actor.name)}**. Scenarios you save are yours: only "
                 "you can rename, overwrite or delete them.")
    return actor
