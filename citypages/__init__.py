"""City Pages: one static action page per city, from cities.yaml and Markdown copy."""

__version__ = "0.1.0"
