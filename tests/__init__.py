"""mesoref test suite."""
