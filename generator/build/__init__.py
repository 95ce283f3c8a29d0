"""Building: the pipeline (one function, named and timed stages), MkDocs, search, minify, files, the preview."""
