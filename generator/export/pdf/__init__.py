"""PDF export: the printable documents (documents.py, templates/) and their layout (layout.py)."""
