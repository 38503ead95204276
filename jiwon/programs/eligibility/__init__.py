"""Eligibility rules and their evaluators; see jiwon/programs/README.md."""
