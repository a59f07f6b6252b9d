"""Responses: the signatures the form services collected, kept locally, counted, delivered.

store (SQLite) <- formats (each service's export) + clean (duplicates, spam, rejects);
counts -> signatures.json (no personal data) -> the build; deliver -> PDF + CSV per city.
"""
