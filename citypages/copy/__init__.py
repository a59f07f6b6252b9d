"""Campaign copy and plain pages: Markdown rendered once, sanitised, placeholders carried as slots."""
