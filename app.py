"""Engagement Planner: page config, navigation, sidebar and the URL that shares a view."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from present import url  # noqa: E402
from present.markdown import literal  # noqa: E402
from ui import state  # noqa: E402
from ui.auth import require_sign_in  # noqa: E402
from ui.presenter import story_buttons  # noqa: E402
from ui.widgets import page_css, write_url  # noqa: E402

CORE_PAGES = (
    ("pages/home.py", "Home", "🏠", "home"),
    ("pages/education.py", "1 · Education", "🎓", "education"),
    ("pages/assessment.py", "2 · Assessment", "🧭", "assessment"),
    ("pages/commitment.py", "3 · Commitment", "🤝", "commitment"),
    ("pages/recommendation.py", "4 · Recommendation", "🧾", "recommendation"),
    ("pages/uncertainty.py", "Uncertainty", "🎲", "uncertainty"),
)
OPTIONAL_PAGES = (
    ("pages/data.py", "Your data", "📥", "data"),
    ("pages/scenarios.py", "Scenarios", "🗂️", "scenarios"),
    ("pages/review.py", "Review", "📝", "review"),
)


def build_pages() -> list[st.Page]:
    pages = [st.Page(str(ROOT / path), title=title, icon=icon, url_path=slug,
                     default=slug == "home") for path, title, icon, slug in CORE_PAGES]
    pages += [st.Page(str(ROOT / path), title=title, icon=icon, url_path=slug)
              for path, title, icon, slug in OPTIONAL_PAGES if (ROOT / path).exists()]
    return pages


def apply_url_once() -> None:
    """On a session's first run, restore the view a copied link describes."""
    if st.session_state.get(state.URL_APPLIED_KEY):
        return
    # First, as it may start the run again (once a process, `state.get_scenario`): marked
    # applied before that, a link that was a process's first run lost its settings.
    current = state.get_scenario()
    st.session_state[state.URL_APPLIED_KEY] = True
    params = {key: st.query_params[key] for key in st.query_params}
    st.session_state[state.PRESENTING_KEY] = params.get("present") == "1"
    if not any(key in params for key in url.URL_KEYS):
        return
    scenario, problems = url.decode(params, current)
    state.replace_scenario(scenario)
    if url.LIMITS in params:
        try:
            state.set_limits(url.limits_from_text(params[url.LIMITS]))
        except ValueError as error:
            problems.append(f"Link setting '{url.LIMITS}' was ignored: {error}")
    for problem in problems:
        st.toast(literal(problem), icon="⚠️")  # quotes the link's own text
        st.warning(literal(problem), icon="⚠️")


PRESENTER_TOGGLE_KEY = "presenter_toggle"


def _presenter_toggled() -> None:
    st.session_state[state.PRESENTING_KEY] = st.session_state[PRESENTER_TOGGLE_KEY]


def sidebar() -> None:
    with st.sidebar:
        # The toggle has its own key: a widget's value is dropped when a run ends early (as
        # Previous / Next do with st.switch_page), and presenting must survive that.
        st.toggle("Presenter mode", value=state.presenting(), key=PRESENTER_TOGGLE_KEY,
                  on_change=_presenter_toggled,
                  help="Larger type, editing controls hidden: for projectors and screen-shares.")
        if not state.presenting():  # nothing an audience could see undo the work
            st.button("Reset to sample council", on_click=state.reset_scenario, key="reset",
                      help="Throw away your changes and reload the fictional sample council.")
            st.button("Load the sample county", on_click=state.load_county_sample,
                      key="county_sample",
                      help="Throw away your changes and load a fictional county council "
                           "(about 770,000 residents): a county's volume of messages.")
        st.caption("The address bar holds your settings: copy it to share this view.")


def main() -> None:
    apply_url_once()
    st.set_page_config(page_title="Engagement Planner", page_icon="💬", layout="wide",
                       initial_sidebar_state="collapsed" if state.presenting() else "auto")
    navigation = st.navigation(build_pages())
    sidebar()
    page_css()
    require_sign_in()  # every page, when an OpenID Connect provider is configured
    if state.presenting():
        story_buttons(navigation.url_path)
    navigation.run()
    write_url()
    state.warm_heavy_pages(state.get_scenario())


main()
