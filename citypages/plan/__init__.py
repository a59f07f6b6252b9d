"""The site as units to render, each keyed by the inputs its files are made from."""
