"""Run mesoref as `python -m mesoref`."""

import sys

from mesoref.launch import main

sys.exit(main())
