"""Yearly reports, inspections and the program review."""
