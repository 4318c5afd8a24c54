"""Output: the named styles, the layout engine that turns blocks into lines, JSON and plain
rows, and the writer that sends finished text through the output boundary."""
