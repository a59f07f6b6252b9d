"""Tables and rules about places: language tags, states and provinces, postal codes, URL slugs, the gazetteer."""
