"""The typed, frozen data every later stage works with, the JSON Schemas it is declared in, the hosts' limits."""
