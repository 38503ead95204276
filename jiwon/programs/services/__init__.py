"""Writes for programmes.

programs.py: programme, status, attachments. rules.py: eligibility rule versions.
"""
