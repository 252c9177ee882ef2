"""Review names the GCS Evaluation Cycle's stages as GCS does (sample_data/SOURCES.md, R18)."""

from __future__ import annotations

from pathlib import Path

from model.measurement import STAGES

ROOT = Path(__file__).resolve().parents[2]
# GCS, "The GCS Evaluation Cycle": six stages.
GCS_STAGES = ("Inputs", "Outputs", "Outtakes", "Outcomes", "Impact", "Learning and Innovation")


def test_the_measures_use_the_cycles_own_stage_names() -> None:
    assert set(STAGES) <= set(GCS_STAGES)


def test_the_page_names_the_six_stages_and_no_longer_asks_the_reader_to_check_them() -> None:
    text = " ".join((ROOT / "content" / "review.md").read_text(encoding="utf-8").split())
    assert "check the Cycle's own stage names" not in text
    for stage in GCS_STAGES:
        assert f"*{stage}*" in text
