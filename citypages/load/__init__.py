"""Every input of a site read and checked into one SiteInput, cities.yaml entry by entry."""
