"""Writes for applications. Every function is keyword-only, atomic and audited; every status
change leaves an ApplicationStatusChange row."""
