"""Published benchmark results reproduced by emstats (run ``python -m validation``)."""
