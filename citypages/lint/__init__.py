"""Warnings for what is allowed but doubtful (stale entries, empty placeholders, a committed output/)."""
