"""Share cards: one 1200 x 630 PNG per city page and language, laid out and drawn."""
