"""Optional sign-in with Streamlit's built-in OpenID Connect (st.login / st.user).

Sign-in is on only when ``.streamlit/secrets.toml`` has an ``[auth]`` section; otherwise the app
is a single-team tool and every function here says so by returning None.

Who owns a scenario is decided by claims the provider guarantees to be stable and unique for one
person: the issuer and subject (``iss`` + ``sub``), or in Microsoft Entra ID the tenant and object
id (``tid`` + ``oid``). E-mail, ``preferred_username``, ``upn`` and ``name`` can be unverified or
editable by the user (OpenID Connect Core §5.7), so they are only ever shown, never compared.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

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


ENTRA_ISSUER_HOSTS = frozenset({
    "login.microsoftonline.com", "sts.windows.net",  # v2.0 and v1.0 tokens
    "login.microsoftonline.us", "login.partner.microsoftonline.cn",  # US government, China
})
"""Hosts whose issuer URL names the Entra tenant (``https://<host>/<tid>/…``): only a token from
one of them may be keyed by its tenant and object id."""
_INVISIBLE = re.compile(r"[\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
                        r"\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")
_TAG_HEX_DIGITS = 6
NAME_SHOWN_CHARS = 150
"""Room for the tag within the store's 200-character author column."""


def _claim(claims: Mapping[str, object], name: str) -> str | None:
    """A claim for showing: trimmed, None when missing or blank."""
    value = claims.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _exact(claims: Mapping[str, object], name: str) -> str | None:
    """A claim for deciding who someone is: exactly as sent (" alice " is not "alice")."""
    value = claims.get(name)
    return value if isinstance(value, str) and value.strip() else None


def owner_key(claims: Mapping[str, object]) -> str:
    """The key that decides ownership, exact and scoped to the issuer: ``entra:<tid>:<oid>`` for
    a token Microsoft Entra issued for that tenant, else ``<iss> <sub>``.

    Raises ValueError when the provider sent neither pair (then nobody can be told apart).
    """
    issuer, subject = _exact(claims, "iss"), _exact(claims, "sub")
    if issuer is not None and _INVISIBLE.search(issuer):
        raise ValueError("claims: the identity provider's issuer 'iss' holds spaces, which no "
                         "issuer URL has")
    tenant, object_id = _exact(claims, "tid"), _exact(claims, "oid")
    if tenant and object_id and issuer and _entra_issuer_of(issuer, tenant):
        return f"entra:{tenant}:{object_id}"
    if issuer and subject:
        return f"{issuer} {subject}"
    raise ValueError("claims: the identity provider sent no 'iss' and 'sub' (nor Entra 'tid' and "
                     "'oid' with Entra's issuer), so the signed-in person cannot be identified")


def _entra_issuer_of(issuer: str, tenant: str) -> bool:
    """Whether ``issuer`` is Microsoft Entra's URL for ``tenant`` (another provider's token may
    carry any 'tid' and 'oid' it likes)."""
    parsed = urlsplit(issuer)
    segments = parsed.path.strip("/").split("/")
    return (parsed.scheme == "https" and parsed.hostname in ENTRA_ISSUER_HOSTS
            and segments[0] == tenant)


def display_name(claims: Mapping[str, object]) -> str:
    """How to show the person: e-mail or username if sent, else their subject id; characters
    that do not show (zero-width, non-breaking and other odd spaces) are written out."""
    for claim in (*DISPLAY_CLAIMS, "oid", "sub"):
        value = _claim(claims, claim)
        if value:
            shown = visible(value)
            return shown if len(shown) <= NAME_SHOWN_CHARS else shown[:NAME_SHOWN_CHARS - 1] + "…"
    return "unknown user"


def visible(name: str) -> str:
    """``name`` with every character that does not show as itself written as <U+XXXX>
    (a plain space stays a space)."""
    return _INVISIBLE.sub(lambda found: found.group() if found.group() == " "
                          else f"<U+{ord(found.group()):04X}>", name)


def shown_name(claims: Mapping[str, object], key: str) -> str:
    """The name saved with a scenario and shown on screen: ``display_name`` and a short tag of
    the owner key, so two people whose names look alike ("Alice" and "alice", an e-mail with a
    hidden character) are told apart, and the same person always reads the same."""
    tag = hashlib.sha256(key.encode("utf-8")).hexdigest()[:_TAG_HEX_DIGITS]
    return f"{display_name(claims)} (#{tag})"


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
        key = owner_key(claims)
        actor = Actor(key, shown_name(claims, key))
    except ValueError as error:
        left.error(literal(f"Signed in, but {error}. Ask whoever set up sign-in to check the "
                           "provider's settings."))
        st.stop()
    left.caption(f"Signed in as **{literal(actor.name)}**. Scenarios you save are yours: only "
                 "you can rename, overwrite or delete them.")
    return actor
