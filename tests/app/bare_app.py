"""The floor for a rerun: one slider, one metric, one plotly (graph_objects) chart."""

import plotly.graph_objects as go
import streamlit as st

value = st.slider("Value", 0, 100, 50, key="value")
st.metric("Value", value)
st.plotly_chart(go.Figure(go.Scatter(x=[0, 1, 2], y=[0, value, value * 2])))
