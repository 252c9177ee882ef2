"""Data import for Engagement Planner: stakeholder tables and social-inbox exports.

Pure functions of bytes and a file name; no Streamlit. Bad cells come back as RowProblem items
alongside the good rows; a file that cannot be used at all raises ImportProblem.
"""

from ingest.calls import read_calls
from ingest.common import ImportProblem, RowProblem
from ingest.inbox import InboxSummary, read_inbox
from ingest.presets import PRESETS, ColumnMapping, Preset, detect_preset
from ingest.stakeholders import StakeholderImport, merge_groups, read_stakeholders, template_table

__all__ = [
    "PRESETS",
    "ColumnMapping",
    "ImportProblem",
    "InboxSummary",
    "Preset",
    "RowProblem",
    "StakeholderImport",
    "detect_preset",
    "merge_groups",
    "read_calls",
    "read_inbox",
    "read_stakeholders",
    "template_table",
]
