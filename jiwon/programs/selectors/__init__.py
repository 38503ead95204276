"""Reads for programmes.

programs.py: back office. eligibility.py: eligible companies (counts, lists).
public.py: notice board. recommendations.py: company portal.
"""
