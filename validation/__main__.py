"""``python -m validation``: reproduce every published benchmark and print the table."""

import sys

from .runner import main

sys.exit(main())
