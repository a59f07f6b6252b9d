"""Raw values -> model objects, or diagnostics that say what to fix and where."""
