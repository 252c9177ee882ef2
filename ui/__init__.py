"""Streamlit-side helpers: session state, cached model calls, charts, formatting widgets."""
