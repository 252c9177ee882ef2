"""Presenter mode as a story: Previous / Next through the five steps a board is shown."""

from __future__ import annotations

import streamlit as st

STORY = (("pages/home.py", "home", "Home"),
         ("pages/education.py", "education", "1 · Education"),
         ("pages/assessment.py", "assessment", "2 · Assessment"),
         ("pages/commitment.py", "commitment", "3 · Commitment"),
         ("pages/recommendation.py", "recommendation", "4 · Recommendation"))


def story_step(url_path: str) -> int | None:
    """The page's place in the story (0 = Home), or None for pages outside it."""
    slugs = [slug for _, slug, _ in STORY]
    slug = url_path or "home"
    return slugs.index(slug) if slug in slugs else None


def story_buttons(url_path: str) -> None:
    """Previous and Next, with where each goes, and the step we are on."""
    step = story_step(url_path)
    if step is None:
        return
    back, here, forward = st.columns([2, 3, 2], vertical_alignment="center")
    if step > 0:
        path, _, title = STORY[step - 1]
        if back.button(f"← Previous: {title}", key="story_previous", width="stretch"):
            st.switch_page(path)
    where = "Start" if step == 0 else f"Step {step} of {len(STORY) - 1}"
    here.markdown(f"<div style='text-align:center'>{where}</div>", unsafe_allow_html=True)
    if step < len(STORY) - 1:
        path, _, title = STORY[step + 1]
        if forward.button(f"Next: {title} →", key="story_next", type="primary",
                          width="stretch"):
            st.switch_page(path)
