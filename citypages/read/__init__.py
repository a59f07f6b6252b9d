"""Files -> raw values that remember their file, line and column (YAML, Markdown, cities.yaml's entries)."""
