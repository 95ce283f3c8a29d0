"""What editors work with: the JSON Schema, `new`, `diff`, the change history, annotations, CI files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import GUIDELINE, RECORD, REPO, make_project
from generator.build.pipeline import check
from generator.build.project import Project
from generator.load.document import read_document
from generator.edit.new import create_record, scaffold_text, snapshot
from generator.edit.schema import label_sets
from generator.model.schema import TABLE_END, TABLE_START, contributing_with_table, field_table, json_schema, schema_texts
from generator.model.records import Anbefaling, Retningslinje

BIN = Path(sys.executable).parent


def run(root, *args):
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                          cwd=root, capture_output=True, text=True)


def test_committed_schemas_and_field_table_are_up_to_date():
    for name, text in schema_texts(label_sets(REPO)).items():
        assert (REPO / "schema" / name).read_text(encoding="utf-8") == text, f"kjør `python -m generator schema` ({name})"
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    # Both markers, once each and in order (without them the table would go stale unnoticed), and
    # exactly the current field table between them, as `python -m generator schema` writes it.
    assert (contributing.count(TABLE_START), contributing.count(TABLE_END)) == (1, 1), "feltlistens merker mangler"
    start, end = contributing.index(TABLE_START) + len(TABLE_START), contributing.index(TABLE_END)
    assert start <= end
    assert contributing[start:end] == f"\n\n{field_table()}\n", "kjør `python -m generator schema`"
    assert contributing_with_table(contributing) == contributing, "kjør `python -m generator schema`"


def test_schema_is_valid_and_accepts_every_record_in_content():
    validators = {model: jsonschema.Draft202012Validator(json_schema(model)) for model in (Anbefaling, Retningslinje)}
    for validator in validators.values():
        jsonschema.Draft202012Validator.check_schema(validator.schema)
    # Every file the build reads, however many there are: as many as the checked library holds.
    _config, library = check(Project(REPO))
    files = sorted((REPO / "content").glob("*/anbefalinger/*.yaml"))
    assert files and len(files) == library.record_count
    for path in files:
        validators[Anbefaling].validate(read_document(path).data)
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../../schema/anbefaling")
    guidelines = sorted((REPO / "content").glob("*/retningslinje.yaml"))
    assert guidelines and len(guidelines) == len(library.guidelines)
    for path in guidelines:
        validators[Retningslinje].validate(read_document(path).data)


@pytest.mark.parametrize("old, new", [
    ("styrke: svak", "styrke: sterkk"),
    ("kunnskapsgrunnlag: lav", "kunnskapsgrunnlag: lav\nbegrunelse: x"),
    ("tekst: Helsepersonell bør gjøre noe.\n", ""),
    ("id: rec", "id: Rec Med Mellomrom"),
    ("status: gjeldende", "status: gjeldende\nforst_publisert: 2016"),
])
def test_schema_rejects_bad_records(tmp_path, old, new):
    path = tmp_path / "bad.yaml"
    path.write_text(RECORD.replace(old, new), encoding="utf-8")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(read_document(path).data, json_schema(Anbefaling))


def test_new_scaffolds_every_field_with_next_free_number_and_id(tmp_path):
    project = make_project(tmp_path)
    path = create_record(snapshot(project.content), "test", "kap", "Ny tittel på norsk")
    assert path.name == "ny-tittel-pa-norsk.yaml"
    data = read_document(path).data
    assert data["nummer"] == "2" and data["kapittel"] == "kap" and data["tittel"] == "Ny tittel på norsk"
    assert set(Anbefaling.model_fields) <= set(data)
    # Filled in, it validates; its empty optional blocks count as not given.
    text = path.read_text(encoding="utf-8").replace("tekst:\n", "tekst: Noe.\n", 1).replace(
        "  styrke:\n", "  styrke: ikke gradert\n").replace("  dokument:\n", "  dokument: Kilde\n").replace(
        "status:\n", "status: gjeldende\n")
    path.write_text(text, encoding="utf-8")
    _config, library = check(project)
    assert library.record_count == 2
    # A second one with the same title gets the next free id.
    assert create_record(snapshot(project.content), "test", "kap", "Ny tittel på norsk").name == "ny-tittel-pa-norsk-2.yaml"


def test_new_never_overwrites_a_file(tmp_path):
    project = make_project(tmp_path)
    snap = snapshot(project.content)
    target = project.content / "test/anbefalinger/opptatt.yaml"
    target.write_text("ikke rør\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        create_record(snap, "test", "kap", "Opptatt")
    assert target.read_text(encoding="utf-8") == "ikke rør\n"


def test_new_numbers_within_the_chapter_in_its_style(tmp_path):
    """Numbers count within a chapter (`check` allows the same number in two chapters): the first of an empty
    chapter is 1, not one after the guideline's highest; a chapter numbered in roman numerals goes on in them."""
    guideline = GUIDELINE.replace('    tittel: Kapittel én\n', '    tittel: Kapittel én\n  - id: kap2\n    tittel: To\n'
                                  '  - id: kap3\n    tittel: Tre\n')
    records = {"a": RECORD.replace("id: rec", "id: a").replace('"1"', "I"),
               "b": RECORD.replace("id: rec", "id: b").replace('"1"', "II").replace("kapittel: kap", "kapittel: kap2")}
    project = make_project(tmp_path, guideline, records)
    path = create_record(snapshot(project.content), "test", "kap", None)
    assert (path.name, read_document(path).data["nummer"]) == ("kap-anbefaling.yaml", "II")
    assert read_document(create_record(snapshot(project.content), "test", "kap3", None)).data["nummer"] == "1"
    assert read_document(create_record(snapshot(project.content), "test", "kap", None)).data["nummer"] == "III"


def test_new_command_refuses_unknown_chapter(tmp_path):
    make_project(tmp_path)
    result = run(tmp_path, "new", "test", "kapp")
    assert result.returncode == 1
    assert result.stderr.strip() == "feil: ukjent kapittel 'kapp' i 'test', tillatt: kap"


def test_new_scaffolds_a_guideline_with_chapters_then_a_recommendation_while_other_records_have_errors(tmp_path):
    make_project(tmp_path, records={"rec": RECORD.replace("styrke: svak", "styrke: sterkk")})
    result = run(tmp_path, "new", "sovn", "--title", "Søvn hos eldre", "--chapter", "Utredning", "--chapter", "Behandling")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "content/sovn/retningslinje.yaml\n"
    assert "rec.yaml:8:11: felt 'gradering.styrke': fant 'sterkk'" in result.stderr
    assert "den nye filen er laget likevel" in result.stderr and "Traceback" not in result.stderr
    data = read_document(tmp_path / "content/sovn/retningslinje.yaml").data
    assert data["kapitler"] == [{"id": "utredning", "nummer": "1", "tittel": "Utredning"},
                                {"id": "behandling", "nummer": "2", "tittel": "Behandling"}]
    assert set(Retningslinje.model_fields) <= set(data)
    # The guideline is not filled in yet and anbefalinger/ is empty: a recommendation can be added all the same.
    result = run(tmp_path, "new", "sovn", "behandling", "--title", "Søvndagbok")
    assert result.returncode == 0, result.stderr
    assert read_document(tmp_path / "content/sovn/anbefalinger/sovndagbok.yaml").data["nummer"] == "1"


def test_new_creates_the_recommendation_folder_when_it_is_missing(tmp_path):
    project = make_project(tmp_path, records={})
    (project.content / "test" / "anbefalinger").rmdir()
    result = run(tmp_path, "new", "test", "kap", "--title", "Første")
    assert result.returncode == 0, result.stderr
    assert (project.content / "test/anbefalinger/forste.yaml").is_file()


def test_scaffold_starts_with_the_schema_modeline():
    assert scaffold_text({"id": "x"}).startswith("# yaml-language-server: $schema=../../../schema/anbefaling.schema.json\n")


def git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin", "HOME": str(root)})


def test_diff_between_two_revisions_says_what_changed(tmp_path):
    project = make_project(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "første")
    record = project.content / "test/anbefalinger/rec.yaml"
    record.write_text(RECORD.replace("styrke: svak", "styrke: sterk").replace(
        "bør gjøre noe.", "bør alltid gjøre noe.").replace('nummer: "1"', 'nummer: "2"'), encoding="utf-8")
    (project.content / "test/anbefalinger/ny.yaml").write_text(
        RECORD.replace("id: rec", "id: ny").replace("tittel: En anbefaling", "tittel: Ny"), encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "andre")
    result = run(tmp_path, "diff", "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stderr
    # In readers' words: labels and values as the pages show them, the new one with its grading, and a warning
    # that the strength changed without a reason (the build would stop).
    assert result.stdout == """\
## Endringer i innholdet (HEAD~1 → HEAD)

1 nye, 0 fjernet og 1 endrede anbefalinger.

### Ny: 1. Ny (`ny`)

- Retningslinje: Testretningslinje · Kapittel: 1. Kapittel én
- **Styrke: Svak anbefaling · Retning: For tiltaket**
- **Forskningsgrunnlag: Lav**
- **Status: Gjeldende**
- Anbefalingen: Helsepersonell bør gjøre noe.

### 2. En anbefaling (`rec`)

- ⚠️ **Styrke, retning eller kunnskapsgrunnlag er endret uten begrunnelse: bygget stopper. Legg til en oppføring i `endringer` med `begrunnelse`.**
- **Styrke: Svak anbefaling → Sterk anbefaling**
- Anbefalingen: Helsepersonell bør **alltid** gjøre noe.
- Nr.: 1 → 2

"""


def test_diff_of_an_unknown_revision_is_a_clear_error(tmp_path):
    make_project(tmp_path)
    git(tmp_path, "init", "-q")
    result = run(tmp_path, "diff", "finnes-ikke", "HEAD")
    assert result.returncode == 1
    assert result.stderr.startswith("feil: kan ikke lese finnes-ikke:")
    assert "Traceback" not in result.stderr


def test_diff_of_a_revision_with_a_link_out_of_the_folder_is_a_clear_error(tmp_path):
    """A pull request can commit a symbolic link; `diff` unpacks revisions, and must neither follow it nor crash."""
    project = make_project(tmp_path)
    git(tmp_path, "init", "-q")
    (project.content / "test/anbefalinger/passord.yaml").symlink_to("/etc/passwd")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "lenke")
    result = run(tmp_path, "diff", "HEAD", "HEAD")
    assert result.returncode == 1
    assert result.stderr.strip() == ("feil: innholdet i HEAD kan ikke pakkes ut trygt: "
                                     "content/test/anbefalinger/passord.yaml er en lenke ut av mappen")
    assert "Traceback" not in result.stderr and "root:" not in result.stderr + result.stdout


def test_changes_since_a_date_and_the_change_log_page(tmp_path):
    record = RECORD.replace("status: gjeldende", "status: gjeldende\nforst_publisert: 2019-01-01\n"
                            "sist_faglig_endret: 2021-03-01\nendringer:\n  - dato: 2021-03-01\n"
                            "    endring: Styrken endret fra svak til sterk.\n    begrunnelse: Ny studie.")
    make_project(tmp_path, records={"rec": record})
    assert run(tmp_path, "changes", "--since", "2021-01-01").stdout == "endret\ttest\t1\trec\tEn anbefaling\n"
    assert run(tmp_path, "changes", "--since", "2018-01-01").stdout == "ny\ttest\t1\trec\tEn anbefaling\n"
    assert run(tmp_path, "changes", "--since", "2022-01-01").stdout == ""
    assert run(tmp_path, "build").returncode == 0
    page = (tmp_path / "site/test/endringslogg/index.html").read_text(encoding="utf-8")
    assert page.index("01.03.2021") < page.index("01.01.2019")
    assert "Styrken endret fra svak til sterk. — Ny studie." in page


def test_check_prints_github_annotations(tmp_path):
    project = make_project(tmp_path)
    (project.content / "test/anbefalinger/rec.yaml").write_text(RECORD.replace("lav", "middels"), encoding="utf-8")
    result = run(tmp_path, "check", "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=content/test/anbefalinger/rec.yaml,line=10,col=20::felt 'kunnskapsgrunnlag': fant 'middels', "
        "tillatt: høy, moderat, lav, svært lav, konsensus"]


def test_workflow_files_validate_against_the_public_schema():
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             *map(str, sorted((REPO / ".github/workflows").glob("*.yml")))], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_steps_are_commands_that_run_locally():
    text = "".join(p.read_text(encoding="utf-8") for p in (REPO / ".github/workflows").glob("*.yml"))
    for command in ("make setup", "make test", "make site", "python -m generator check --format github",
                    "python -m generator diff"):
        assert command in text


def test_content_passes_yamllint_as_the_pre_commit_hook_runs_it():
    result = subprocess.run([str(BIN / "yamllint"), "-c", str(REPO / ".yamllint.yaml"), "content", "site_config"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert "yamllint" in (REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8")
