"""Anbefalt: clinical guideline records (YAML) → Markdown → a searchable static site."""
