"""Checking: one document against its model, records across each other, the site configuration."""
