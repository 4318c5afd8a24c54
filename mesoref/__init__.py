"""mesoref: an offline, sourced, evidence-graded reference on mesotherapy."""

__version__ = "0.1.0"
