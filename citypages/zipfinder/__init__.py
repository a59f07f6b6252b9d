""""Find your city by ZIP code": the same-origin lookup files of the home page."""
