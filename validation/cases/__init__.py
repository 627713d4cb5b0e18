"""One module per published benchmark; each defines ``CASE``."""
