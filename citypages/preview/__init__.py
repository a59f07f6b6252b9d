"""The live preview: rebuild on save, serve on loopback only, and a local inbox standing in for the form services."""
