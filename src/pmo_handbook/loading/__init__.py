"""Reading a repository: YAML files to validated models, cross-file rules, the audience filter."""
