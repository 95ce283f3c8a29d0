"""The record model: record types, vocabularies, text rules, the site configuration's shape, the schema."""
