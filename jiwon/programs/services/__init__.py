"""Writes for programmes, by topic (the same in every layer of the app):

programs.py: the programme, its status and its attachments. rules.py: eligibility rule
versions.
"""
