"""One module per command: its `view` (what it shows, read from the knowledge base), its
`page` (blocks for the terminal), its `data` (the `--json` document) and, for lists, its
`rows` (`--plain`), side by side.  The command table in `mesoref.launch.grammar` names each
module; only the command that runs is imported."""
