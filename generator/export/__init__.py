"""Exports of the library beyond the site: PDF."""
