"""Where the PDFs sit in the built site, shared by the pages that link them and the export that writes them."""


def pdf_paths(guideline_id: str) -> dict[str, str]:
    """PDF locations relative to the site root; '{id}' is a chapter's or recommendation's id."""
    return {
        "guideline": f"pdf/{guideline_id}/{guideline_id}.pdf",
        "chapter": f"pdf/{guideline_id}/kapittel/{{id}}.pdf",
        "recommendation": f"pdf/{guideline_id}/anbefaling/{{id}}.pdf",
    }
