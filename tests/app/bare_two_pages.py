"""The floor for a page switch: two pages under st.navigation, each one plotly chart."""

import plotly.graph_objects as go
import streamlit as st


def first() -> None:
    st.title("First")
    st.plotly_chart(go.Figure(go.Scatter(x=[0, 1, 2], y=[0, 1, 2])))


def second() -> None:
    st.title("Second")
    st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])))


st.navigation([st.Page(first, title="First"), st.Page(second, title="Second")]).run()
