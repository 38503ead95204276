"""The grant pages: agreements (with tranches, expenses and settlement) and reports."""
