"""Checking a page against the judged claims: its text as sentences (`text`), and each
sentence's closest known claims (`match`)."""
