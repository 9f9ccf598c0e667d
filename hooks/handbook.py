"""MkDocs hooks, the entry mkdocs.yml names: every event goes to one HandbookPlugin, which holds
the build's state (pmo_handbook/mkdocs/plugin.py). Nothing else lives here: `mkdocs serve` does
not reload this module, but the plugin starts each build afresh."""
from pmo_handbook.mkdocs.plugin import HandbookPlugin

_plugin = HandbookPlugin()

on_startup = _plugin.on_startup
on_config = _plugin.on_config
on_files = _plugin.on_files
on_nav = _plugin.on_nav
on_env = _plugin.on_env
on_page_markdown = _plugin.on_page_markdown
on_page_content = _plugin.on_page_content
on_page_context = _plugin.on_page_context
on_post_page = _plugin.on_post_page
on_post_build = _plugin.on_post_build
on_build_error = _plugin.on_build_error
on_serve = _plugin.on_serve
on_shutdown = _plugin.on_shutdown
