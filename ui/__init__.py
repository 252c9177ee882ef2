"""Streamlit-side helpers: session state, cached model calls, charts, formatting widgets."""

from streamlit.runtime.pages_manager import PagesManager

# Streamlit treats a folder named pages/ beside app.py as an old-style multipage app until some
# session has run st.navigation: until then a link such as /commitment?target=60 runs
# pages/commitment.py on its own, without app.py's navigation, sidebar or link settings. The
# design card fixes the folder's name, so the first run in a process that imports this package
# (which every page does) switches that mode off and starts again, now through app.py. Checked
# by tests/e2e/test_e2e_journeys.py::test_deep_link_as_first_visit_after_start.
if PagesManager.uses_pages_directory:
    import streamlit as st

    PagesManager.uses_pages_directory = False
    st.rerun()
