"""Exports: the one-page PDF brief, the business-case workbook and the command line."""

from report.brief import pdf_brief

__all__ = ["pdf_brief"]
