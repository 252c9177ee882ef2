"""What a social-inbox export measures, as the model reads it (`InboxFigures`).

Its own module, importing only numpy and pandas, so the readers (`ingest`) can extend it without
loading the queue engine: the upload worker's memory stays the reader's own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True, eq=False)
class InboxFigures:
    """What a social-inbox export measures, as the measurement plan reads it.

    `ingest.InboxSummary` is one, with how the file was read beside it; the model never
    imports the readers. ``first_response_minutes`` has one value per inbound message, NaN
    where unanswered; the period runs from local midnight to local midnight after the last day.
    """

    file_name: str
    messages_per_week: float
    arrival_profile: np.ndarray
    first_response_minutes: pd.Series
    share_answered: float
    by_channel: pd.DataFrame
    period_start: pd.Timestamp
    period_end: pd.Timestamp
    weeks_covered: float

    def share_within(self, target_minutes: float) -> float:
        """Share of all inbound messages answered within ``target_minutes`` (unanswered count)."""
        return float((self.first_response_minutes <= target_minutes).mean())
