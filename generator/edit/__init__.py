"""Editor tools: new records, import, diff between revisions, the schema files."""
