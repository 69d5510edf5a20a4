"""Inspections and supervision (kiểm tra, giám sát) of projects and budget holders."""
