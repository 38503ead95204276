"""The Anyang demo data set: see loader.py and the README."""
