"""Every kind of bad record gets one exact `path:line:column: message` naming field, found and allowed."""

from __future__ import annotations

import pytest

from conftest import GUIDELINE, RECORD, make_project
from generator.build.pipeline import check
from generator.model.problems import ContentError

REC = "content/test/anbefalinger/rec.yaml"


def errors(tmp_path, monkeypatch, record: str = RECORD, guideline: str = GUIDELINE, extra: dict | None = None) -> list[str]:
    project = make_project(tmp_path, guideline, {"rec": record, **(extra or {})})
    monkeypatch.chdir(tmp_path)
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
        f"{REC}:6:8: felt 'tekst': fant 'Se [her](javascript:alert(1)).', lenken 'javascript:alert(1' er ikke "
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
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        check(project)
    assert [str(p) for p in caught.value.problems] == [
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


def test_a_record_may_not_take_its_guidelines_id(tmp_path, monkeypatch):
    """Both would be written to fhir/PlanDefinition/test.json: the record would replace the guideline."""
    same = RECORD.replace("id: rec", "id: test").replace('nummer: "1"', 'nummer: "2"')
    assert errors(tmp_path, monkeypatch, extra={"test": same}) == [
        "content/test/anbefalinger/test.yaml:1:5: felt 'id': 'test' er også id-en til retningslinjen i "
        "content/test/retningslinje.yaml; en id kan bare brukes én gang"
    ]


def test_a_guideline_may_not_take_a_name_the_site_uses_for_itself(tmp_path, monkeypatch):
    project = make_project(tmp_path, GUIDELINE.replace("id: test", "id: api", 1),
                           {"rec": RECORD.replace("retningslinje: test", "retningslinje: api")})
    (project.content / "test").rename(project.content / "api")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        check(project)
    assert [str(p) for p in caught.value.problems] == [
        "content/api/retningslinje.yaml:1:5: felt 'id': 'api' er reservert for nettstedets egne sider; ikke tillatt: "
        "404, api, assets, fhir, hva-er-nytt, index, pagefind, pdf, schema, search, sitemap"
    ]
