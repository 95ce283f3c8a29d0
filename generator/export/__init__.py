"""Exports beside the site, from the checked records: the static JSON API, FHIR resources, PDFs."""
