"""References a writer can paste: Vancouver and AMA styles, and RIS, BibTeX and CSL-JSON exports.

Everything here is pure: a source record (the plain dict the index returns) goes in, text comes
out. `styles` formats references for a manuscript; `exports` writes what reference managers
import. Both read a record through `parts`, so a record is interpreted the same way everywhere.
"""
