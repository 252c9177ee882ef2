"""What draws Streamlit: session state, cached model calls, widgets, sign-in, presenter mode."""
