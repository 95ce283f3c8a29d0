"""Every kind of bad record gets one exact `path:line:column: message` naming field, found and allowed."""

from __future__ import annotations

import pytest

from conftest import GUIDELINE, RECORD, make_project
from generator.build.pipeline import check
from generator.model.problems import ContentError

REC = "content/test/anbefalinger/rec.yaml"


def errors(tmp_path, monkeypatch, record: str = RECORD, guideline: str = GUIDELINE, extra: dict | None = None) -> list[str]:
    return problems_of(make_project(tmp_path, guideline, {"rec": record, **(extra or {})}), monkeypatch)


def problems_of(project, monkeypatch) -> list[str]:
    """Every problem check finds in the project, as printed (paths relative to the project)."""
    monkeypatch.chdir(project.root)
    with pytest.raises(ContentError) as caught:
        check(project)
    return [str(p) for p in caught.value.problems]


def test_the_minimal_project_is_valid(tmp_path):
    _config, library = check(make_project(tmp_path))
    assert library.record_count == 1
    assert library.warnings == []


CASES = {
    "misspelt strength, with suggestion": (
        ("styrke: svak", "styrke: sterkk"),
        f"{REC}:8:11: felt 'gradering.styrke': fant 'sterkk', tillatt: sterk, svak, ikke avklart, ikke gradert, ikke oppgitt "
        "(mente du 'sterk'?)",
    ),
    "misspelt field name, with suggestion": (
        ("kunnskapsgrunnlag: lav", "kunnskapsgrunnlag: lav\nbegrunelse: Fordi."),
        f"{REC}:11:1: ukjent felt 'begrunelse' (mente du 'begrunnelse'?)",
    ),
    "missing required field": (
        ("tekst: Helsepersonell bør gjøre noe.\n", ""),
        f"{REC}:1:1: felt 'tekst' mangler; feltet er påkrevd",
    ),
    "unknown certainty": (
        ("kunnskapsgrunnlag: lav", "kunnskapsgrunnlag: middels"),
        f"{REC}:10:20: felt 'kunnskapsgrunnlag': fant 'middels', tillatt: høy, moderat, lav, svært lav, konsensus",
    ),
    "id that is not a slug": (
        ("id: rec", "id: ../rec"),
        f"{REC}:1:5: felt 'id': fant '../rec', tillatt: små bokstaver a–z, sifre og bindestrek, f.eks. 'selvhjelpsgrupper'",
    ),
    "id different from file name": (
        ("id: rec", "id: annen"),
        f"{REC}:1:5: felt 'id': fant 'annen', men filen heter 'rec.yaml'; id og filnavn må være like",
    ),
    "number that is neither arabic nor roman": (
        ('nummer: "1"', "nummer: 1a"),
        f"{REC}:4:9: felt 'nummer': fant '1a', tillatt: arabiske tall (1, 2.3) eller romertall (XIV)",
    ),
    "raw HTML in a Markdown field": (
        ("tekst: Helsepersonell bør gjøre noe.", "tekst: Gjør <script>alert(1)</script> noe."),
        f"{REC}:6:8: felt 'tekst': fant 'Gjør <script>alert(1)</script> noe.', rå HTML er ikke tillatt; bruk Markdown",
    ),
    "javascript link": (
        ("tekst: Helsepersonell bør gjøre noe.", "tekst: Se [her](javascript:alert(1))."),
        f"{REC}:6:8: felt 'tekst': fant 'Se [her](javascript:alert(1)).', lenken 'javascript:alert(1)' er ikke "
        "tillatt; bruk http:, https: eller mailto:",
    ),
    "unknown chapter, with suggestion": (
        ("kapittel: kap", "kapittel: kapp"),
        f"{REC}:3:11: felt 'kapittel': ukjent kapittel 'kapp' i 'test', tillatt: kap (mente du 'kap'?)",
    ),
    "unknown guideline": (
        ("retningslinje: test", "retningslinje: tset"),
        f"{REC}:2:16: felt 'retningslinje': ukjent retningslinje 'tset', tillatt: test (mente du 'test'?)",
    ),
    "strong with no direction": (
        ("  retning: for\n", ""),
        f"{REC}:8:3: felt 'gradering': styrken 'svak' krever en retning (for, mot eller enten), "
        "eller en merknad som sier hvorfor kilden ikke gir den",
    ),
    "not graded but with a direction": (
        ("styrke: svak", "styrke: ikke gradert"),
        f"{REC}:8:3: felt 'gradering': en anbefaling som er 'ikke gradert' kan ikke ha retning",
    ),
    "open strength without a note": (
        ("styrke: svak", "styrke: ikke avklart"),
        f"{REC}:8:3: felt 'gradering': styrken 'ikke avklart' krever en merknad som sier hvorfor",
    ),
    "hearing without a deadline": (
        ("status: gjeldende", "status: på høring"),
        f"{REC}:1:1: posten: status 'på høring' krever 'horingsfrist'",
    ),
    "date in the wrong format": (
        ("status: gjeldende", "status: gjeldende\nforst_publisert: 1.5.2016"),
        f"{REC}:14:18: felt 'forst_publisert': fant '1.5.2016', forventet en dato på formen ÅÅÅÅ-MM-DD",
    ),
    "impossible date": (
        ("status: gjeldende", "status: gjeldende\nforst_publisert: 2016-02-30"),
        f"{REC}:14:18: felt 'forst_publisert': fant '2016-02-30', forventet en gyldig dato på formen ÅÅÅÅ-MM-DD",
    ),
    "date in the future": (
        ("status: gjeldende", "status: gjeldende\nforst_publisert: 2999-01-01"),
        f"{REC}:14:18: felt 'forst_publisert': datoen 2999-01-01 er i fremtiden",
    ),
    "last updated before first published": (
        ("status: gjeldende", "status: gjeldende\nforst_publisert: 2020-01-01\nsist_faglig_endret: 2019-01-01"),
        f"{REC}:15:21: felt 'sist_faglig_endret': 2019-01-01 er før først publisert (2020-01-01)",
    ),
    "unknown reference key": (
        ("status: gjeldende", "status: gjeldende\nreferanser: [ref-b]"),
        f"{REC}:14:14: felt 'referanser[0]': ukjent referanse 'ref-b'; finnes ikke i referanselisten til 'test' "
        "(mente du 'ref-a'?)",
    ),
    "unknown citation in text": (
        ("tekst: Helsepersonell bør gjøre noe.", "tekst: Gjør noe [@ref-x]."),
        f"{REC}:6:8: felt 'tekst': ukjent referanse [@ref-x]; finnes ikke i referanselisten til 'test' (mente du 'ref-a'?)",
    ),
    "text where a mapping belongs": (
        ("gradering:\n  styrke: svak\n  retning: for", "gradering: sterk"),
        f"{REC}:7:12: felt 'gradering': fant 'sterk', forventet felt med verdier (felt: verdi)",
    ),
    "empty text": (
        ("tittel: En anbefaling", 'tittel: ""'),
        f"{REC}:5:9: felt 'tittel' er tomt; skriv en tekst eller fjern feltet",
    ),
    "a list where text belongs": (
        ("tittel: En anbefaling", "tittel: [a, b]"),
        f"{REC}:5:9: felt 'tittel': fant en liste, forventet tekst",
    ),
    "unknown EtD scale and column": (
        ("status: gjeldende", "status: gjeldende\netd:\n  skala: standard\n  kriterier:\n"
         "    - kriterium: Verdier\n      markert: [tiltake]"),
        f"{REC}:18:17: felt 'etd.kriterier[0].markert[0]': ukjent kolonne 'tiltake', tillatt: alternativet, "
        "sannsynligvis-alternativet, vet-ikke, sannsynligvis-tiltaket, tiltaket (mente du 'tiltaket'?)",
    ),
    # The traps of #11: YAML keeps less than the editor wrote, or a title carries markup.
    "a '#' after an unquoted title cuts it": (
        ("tittel: En anbefaling", "tittel: Kartlegging #1 av rusvaner"),
        f"{REC}:5:21: felt 'tittel': teksten stopper ved '#', fordi YAML leser resten av linjen som en kommentar; "
        "sett hele teksten i anførselstegn eller fjern #",
    ),
    "a folded block flattens a list": (
        ("tekst: Helsepersonell bør gjøre noe.", "tekst: >\n  Helsepersonell bør:\n  - kartlegge\n  - følge opp"),
        f"{REC}:8:3: en brettet blokk ('>') slår linjene sammen, så listen, tabellen eller overskriften på denne "
        "linjen blir borte; bruk '|' i stedet for '>'",
    ),
    "an unquoted text over several lines flattens a table": (
        ("tekst: Helsepersonell bør gjøre noe.", "tekst: Slik\n  | a | b |\n  |---|---|"),
        f"{REC}:7:3: en tekst over flere linjer uten '|' blir slått sammen til én linje, så listen, tabellen eller "
        "overskriften på denne linjen blir borte; skriv teksten som en blokk med '|'",
    ),
    "raw HTML in a title": (
        ("tittel: En anbefaling", "tittel: En <b>fet</b> anbefaling"),
        f"{REC}:5:9: felt 'tittel': fant 'En <b>fet</b> anbefaling', rå HTML er ikke tillatt; titler og navn er ren tekst",
    ),
}


@pytest.mark.parametrize("change, expected", list(CASES.values()), ids=list(CASES))
def test_bad_record_gives_one_exact_message(tmp_path, monkeypatch, change, expected):
    old, new = change
    assert old in RECORD
    assert errors(tmp_path, monkeypatch, RECORD.replace(old, new)) == [expected]


def test_duplicate_number_in_a_chapter_names_the_other_file(tmp_path, monkeypatch):
    other = RECORD.replace("id: rec", "id: rec2")
    assert errors(tmp_path, monkeypatch, extra={"rec2": other}) == [
        f"content/test/anbefalinger/rec2.yaml:4:9: felt 'nummer': '1' er allerede brukt i kapittelet 'kap' av {REC}:4"
    ]


def test_every_problem_in_every_file_is_reported_in_one_run(tmp_path, monkeypatch):
    bad = RECORD.replace("id: rec", "id: rec2").replace('nummer: "1"', 'nummer: "2"').replace("svak", "sterkk")
    found = errors(tmp_path, monkeypatch, RECORD.replace("lav", "middels"), extra={"rec2": bad, "tabs": "a:\n\tb: 1\n"})
    assert [line.split(":")[0] for line in found] == [
        REC, "content/test/anbefalinger/rec2.yaml", "content/test/anbefalinger/tabs.yaml",
    ]


def test_a_record_saved_as_yml_is_not_silently_skipped(tmp_path, monkeypatch):
    project = make_project(tmp_path)
    (project.content / "test" / "anbefalinger" / "ny.yml").write_text(RECORD, encoding="utf-8")
    assert problems_of(project, monkeypatch) == [
        "content/test/anbefalinger/ny.yml:1:1: filen blir ikke lest; anbefalinger ligger i "
        "{retningslinje}/anbefalinger/{id}.yaml"
    ]


def test_uncited_reference_is_a_warning_not_an_error(tmp_path, monkeypatch):
    guideline = GUIDELINE.replace(" [@ref-a]", "")
    monkeypatch.chdir(tmp_path)
    _config, library = check(make_project(tmp_path, guideline))
    assert [str(w) for w in library.warnings] == [
        "content/test/retningslinje.yaml:13:9: advarsel: referansen 'ref-a' er ikke sitert noe sted"
    ]


def test_guideline_id_must_match_its_folder(tmp_path, monkeypatch):
    assert errors(tmp_path, monkeypatch, guideline=GUIDELINE.replace("id: test", "id: annen", 1)) == [
        f"{REC}:2:16: felt 'retningslinje': ukjent retningslinje 'test', tillatt: annen",
        "content/test/retningslinje.yaml:1:5: felt 'id': fant 'annen', men mappen heter 'test'; "
        "id og mappenavn må være like",
    ]


def checked_record(tmp_path, monkeypatch, record: str):
    """The one record of a project that checks clean."""
    monkeypatch.chdir(tmp_path)
    _config, library = check(make_project(tmp_path, GUIDELINE, {"rec": record}))
    return library.guidelines[0].recommendations[0].record


def test_a_comment_after_a_word_from_a_list_is_a_note_and_a_quoted_hash_is_text(tmp_path, monkeypatch):
    rec = checked_record(tmp_path, monkeypatch, RECORD.replace(
        "styrke: svak", "styrke: svak  # usikker, se møtereferat").replace(
        "tittel: En anbefaling", "tittel: 'Kartlegging #1 av rusvaner'"))
    assert (rec.tittel, rec.gradering.styrke) == ("Kartlegging #1 av rusvaner", "svak")


def test_less_than_followed_by_a_space_or_a_digit_is_text(tmp_path, monkeypatch):
    rec = checked_record(tmp_path, monkeypatch, RECORD.replace(
        "tittel: En anbefaling", "tittel: Verdi < 5 og <3").replace(
        "tekst: Helsepersonell bør gjøre noe.", "tekst: målt verdi < grenseverdi, <5 mmol/l"))
    assert (rec.tittel, rec.tekst) == ("Verdi < 5 og <3", "målt verdi < grenseverdi, <5 mmol/l")


def test_a_folded_block_with_a_heading_between_blank_lines_keeps_it(tmp_path, monkeypatch):
    record = RECORD.replace("tekst: Helsepersonell bør gjøre noe.",
                            "tekst: >\n  Første avsnitt\n  fortsetter.\n\n  ## Overskrift\n\n  Neste avsnitt.")
    monkeypatch.chdir(tmp_path)
    _config, library = check(make_project(tmp_path, GUIDELINE, {"rec": record}))
    assert library.guidelines[0].recommendations[0].record.tekst == (
        "Første avsnitt fortsetter.\n## Overskrift\nNeste avsnitt.\n")


def test_the_exports_refuse_to_write_one_path_twice():
    from generator.render.urls import Outputs

    files = Outputs({"fhir/PlanDefinition/a.json": {}})
    with pytest.raises(ValueError, match="fhir/PlanDefinition/a.json"):
        files["fhir/PlanDefinition/a.json"] = {"resourceType": "PlanDefinition"}
