"""Page builders: repository -> in-memory pages, downloads and navigation."""
from pmo_handbook.site.builder import Download, Page, Site, build_site

__all__ = ["Download", "Page", "Site", "build_site"]
