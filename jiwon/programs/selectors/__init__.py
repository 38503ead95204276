"""Reads for programmes, by topic (the same in every layer of the app):

programs.py: the back office's list and programme page. rules.py: the rule version in force
and who qualifies (counts, lists, ids for other apps), the builder's vocabulary. public.py:
the notice board, its feeds and the API. recommendations.py: the company portal.
participation.py: past selections, for the engines.
"""
