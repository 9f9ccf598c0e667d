"""The MkDocs adapter: HandbookPlugin turns MkDocs' build events into engine calls. The engine
knows nothing of MkDocs; hooks/handbook.py (named by mkdocs.yml) delegates to one instance."""
