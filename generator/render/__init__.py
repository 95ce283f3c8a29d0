"""Rendering: records → Markdown pages and a navigation, through Jinja templates; the site's address table."""
