"""Exports: CSV safe from formula injection and a one-page PDF brief of a scenario."""

from report.brief import pdf_brief
from report.csv_export import csv_safe

__all__ = ["csv_safe", "pdf_brief"]
