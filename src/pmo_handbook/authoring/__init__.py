"""Tools for the people who write the data: scaffolding, demo data, CODEOWNERS, change summaries."""
