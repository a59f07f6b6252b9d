"""The theme's templates filled: (site, campaign, city, language) -> pages, no I/O."""
