"""The web editor (Decap CMS) at /admin/: its configuration generated from the model, and its files."""
