"""The signatures the form services collected, as a library: kept locally, counted, exported, delivered."""
