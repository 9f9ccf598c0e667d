"""Reading files: YAML with positions, the parse cache, what git knows."""
