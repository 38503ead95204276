"""Reads for outcomes.

ledger.py, figures.py, surveys.py; kpis.py: the KPI definitions behind reports and dashboards.
"""
