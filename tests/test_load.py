"""Strict YAML: values stay what the editor wrote, and every syntax problem has a position."""

from __future__ import annotations

import pytest

from generator.load.document import read_document
from generator.model.problems import ContentError


def read(tmp_path, text: str | bytes):
    path = tmp_path / "post.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return read_document(path, tmp_path)


def problems(tmp_path, text) -> list[str]:
    with pytest.raises(ContentError) as caught:
        read(tmp_path, text)
    return [f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems]


def test_yaml_11_surprises_keep_the_text_the_editor_wrote(tmp_path):
    doc = read(tmp_path, "spraak: no\nsvar: yes\nbryter: on\nnummer: 010\nversjon: 1.10\ndato: 2016-05-01\n")
    assert doc.data == {"spraak": "no", "svar": "yes", "bryter": "on", "nummer": "010", "versjon": "1.10",
                        "dato": "2016-05-01"}


def test_plain_integers_booleans_and_null_are_typed(tmp_path):
    doc = read(tmp_path, "a: 12\nb: true\nc:\nd: ~\ne: '12'\n")
    assert doc.data == {"a": 12, "b": True, "c": None, "d": None, "e": "12"}


def test_positions_of_values_and_keys_are_remembered(tmp_path):
    doc = read(tmp_path, "a: 1\nliste:\n  - x: 1\n    y: to\n")
    assert doc.where(("liste", 0, "y")) == (4, 8)
    assert doc.where(("liste", 0, "y"), key=True) == (4, 5)
    assert doc.where(("liste", 0, "mangler")) == (3, 5)


def test_duplicate_key_is_an_error_naming_both_lines(tmp_path):
    assert problems(tmp_path, "tittel: A\ntekst: B\ntittel: C\n") == [
        "3:1: felt 'tittel' står to ganger (første gang på linje 1); fjern det ene"
    ]


def test_tab_indentation_is_explained(tmp_path):
    assert problems(tmp_path, "gradering:\n\tstyrke: sterk\n") == [
        "2:1: YAML-feil: tabulatortegn er ikke tillatt i YAML; bruk mellomrom til innrykk"
    ]


def test_colon_in_unquoted_text(tmp_path):
    assert problems(tmp_path, "tekst: Merk: dette: feil\n") == [
        "1:12: YAML-feil: kolon på feil sted; sett en tekst som inneholder ': ' i anførselstegn"
    ]


def test_unclosed_quote(tmp_path):
    assert problems(tmp_path, 'tekst: "uten slutt\n') == [
        "2:1: YAML-feil: filen slutter midt i en tekst; mangler et avsluttende anførselstegn?"
    ]


def test_file_that_is_not_utf8_points_at_the_byte(tmp_path):
    assert problems(tmp_path, "tittel: ok\ntekst: bl\xe5b\xe6r\n".encode("latin-1")) == [
        "2:10: filen er ikke UTF-8 (ugyldig byte 0xE5); lagre filen som UTF-8"
    ]


def test_file_that_is_a_list_not_a_mapping(tmp_path):
    assert problems(tmp_path, "- a\n- b\n") == [
        "1:1: filen må inneholde felt med verdier (felt: verdi), fant en liste"
    ]


def test_empty_file(tmp_path):
    assert problems(tmp_path, "# bare en kommentar\n") == [
        "1:1: filen er tom; forventet felt med verdier (felt: verdi)"
    ]


def test_two_documents_in_one_file(tmp_path):
    assert problems(tmp_path, "a: 1\n---\nb: 2\n") == [
        "2:1: YAML-feil: filen har flere YAML-dokumenter ('---'); skriv én post per fil"
    ]


def test_python_tags_are_refused(tmp_path):
    assert problems(tmp_path, "a: !!python/name:os.system x\n") == [
        "1:4: YAML-taggen tag:yaml.org,2002:python/name:os.system med verdien 'x' er ikke tillatt her"
    ]


def test_utf8_bom_is_accepted(tmp_path):
    assert read(tmp_path, "\ufefftittel: Ærlig\n").data == {"tittel": "Ærlig"}


def test_aliases_are_refused_where_they_stand_and_never_expanded(tmp_path):
    assert problems(tmp_path, "grunn: &g {styrke: svak}\ngradering:\n  <<: *g\n") == [
        "3:7: YAML-alias (*g) er ikke tillatt; skriv verdien ut der den skal stå"
    ]


def test_tags_on_mappings_and_lists_are_refused(tmp_path):
    assert problems(tmp_path, "a: !!python/object/apply:os.system {x: 1}\nb: !!set [1]\nc: !!map {x: 1}\n") == [
        "1:4: YAML-taggen tag:yaml.org,2002:python/object/apply:os.system er ikke tillatt; fjern den",
        "2:4: YAML-taggen tag:yaml.org,2002:set er ikke tillatt; fjern den",
    ]


def test_nesting_is_limited_without_recursing(tmp_path):
    assert problems(tmp_path, "a:\n" + "".join("  " * i + "- \n" for i in range(1, 300))) == [
        "21:41: verdiene er nestet dypere enn 20 nivåer; en post trenger langt færre"
    ]


def test_control_characters_written_as_escapes_are_refused(tmp_path):
    assert problems(tmp_path, 'tittel: "rød\\x1b[0m"\n') == [
        "1:9: kontrolltegnet \\x1b (U+001B) er ikke tillatt; fjern det"
    ]


def test_links_folders_and_oversized_files_are_not_read(tmp_path):
    (tmp_path / "lenke.yaml").symlink_to("/etc/passwd")
    (tmp_path / "mappe.yaml").mkdir()
    (tmp_path / "stor.yaml").write_text("a: " + "x" * 300_000 + "\n", encoding="utf-8")
    for name, message in [("lenke.yaml", "filen er en symbolsk lenke, og lenker blir ikke fulgt; legg selve filen her"),
                          ("mappe.yaml", "dette er en mappe, ikke en fil; gi mappen et navn uten .yaml"),
                          ("stor.yaml", "filen er større enn 256 KB; del innholdet opp (en anbefaling per fil)")]:
        with pytest.raises(ContentError) as caught:
            read_document(tmp_path / name, tmp_path)
        assert [str(p) for p in caught.value.problems] == [f"{name}:1:1: {message}"]


def test_a_double_quoted_text_keeps_markdown_lines_after_escaped_breaks(tmp_path):
    """As PyYAML writes long text: a line ending in '\\' continues without a space, so nothing is joined."""
    kept = 'tekst: "Innledning:\\n\\n- a\\n\\\n  | x | y |\\n\\\n  - b"\n'
    assert read(tmp_path, kept).data["tekst"] == "Innledning:\n\n- a\n| x | y |\n- b"
    joined = 'tekst: "Innledning:\n  - a\n  - b"\n'
    assert problems(tmp_path, joined)[0].endswith("skriv teksten som en blokk med '|'")
