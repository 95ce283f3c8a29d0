"""Reading: YAML with positions, the content folder, the site configuration. Nothing here judges content."""
