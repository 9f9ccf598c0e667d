"""pmo-handbook: the PMO handbook engine. Knows nothing about MkDocs."""

__version__ = "0.1.0"
