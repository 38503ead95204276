"""Writes for outcomes.

ledger.py: support ledger rows. figures.py: yearly figures and outcome records.
surveys.py: yearly surveys. reports.py: report generation (background task).
"""
