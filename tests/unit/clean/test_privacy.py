"""Personal data: the salt outside the repository, pseudonymous ids, columns kept out, safe text.

The last test runs the workflow on exports full of e-mails, names, IP addresses and locations
and then searches every file under ``results/`` for them.
"""

from __future__ import annotations

import os
import stat
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
import yaml

from smmjourney.clean import clean_wave
from smmjourney.clean.coding import clean_sources, split_multiple, with_respondent_ids
from smmjourney.clean.privacy import SALT_ENV, load_salt, pseudonymise, redact, salt_path
from smmjourney.errors import SurveyInputError
from smmjourney.output import write_csv
from smmjourney.plan.codebook import codebook_from_dict, load_codebook
from smmjourney.report import render_report
from survey_exports import (
    TEST_CODEBOOK,
    Person,
    google_forms_rows,
    other_code,
    qualtrics_rows,
    sample_wave,
    source_for,
    surveymonkey_rows,
    write_export,
)
from workflow_run import copy_workflow, snakemake

BOOK = codebook_from_dict(TEST_CODEBOOK, "privacy-codebook")
EMAILS = ["ivan.petrov@example.com", "anna.smirnova@example.org", "jo@mail.example.net"]
NAMES = ["Иван Петров", "Anna Smirnova", "Jo Bloggs"]
IPS = ["203.0.113.17", "198.51.100.4", "192.0.2.250"]


def with_personal_data(crowd: list[Person]) -> list[Person]:
    for number, person in enumerate(crowd):
        person.email, person.name, person.ip = (
            EMAILS[number % 3],
            NAMES[number % 3],
            IPS[number % 3],
        )
    return crowd


# --------------------------------------------------------------------------
# The salt
# --------------------------------------------------------------------------


def test_the_salt_is_generated_once_private_and_reused(tmp_path, monkeypatch):
    path = tmp_path / "config" / "smmjourney" / "salt"
    monkeypatch.setenv(SALT_ENV, str(path))
    assert salt_path() == path
    first = load_salt(workdir=tmp_path / "workflow")
    assert len(first) == 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_salt(workdir=tmp_path / "workflow") == first


def test_the_default_salt_lives_in_the_users_config_directory(monkeypatch):
    monkeypatch.delenv(SALT_ENV, raising=False)
    assert salt_path() == Path("~/.config/smmjourney/salt").expanduser()


def test_a_salt_inside_the_workflow_directory_is_refused(tmp_path):
    with pytest.raises(SurveyInputError) as error:
        load_salt(tmp_path / "salt", workdir=tmp_path)
    assert f"The salt file {tmp_path / 'salt'} is inside the workflow directory" in str(error.value)
    assert not (tmp_path / "salt").exists()


def test_an_empty_salt_file_is_refused(tmp_path):
    (tmp_path / "salt").write_text("\n", encoding="ascii")
    with pytest.raises(SurveyInputError) as error:
        load_salt(tmp_path / "salt", workdir=tmp_path / "elsewhere")
    assert "is empty" in str(error.value)


# --------------------------------------------------------------------------
# Pseudonyms
# --------------------------------------------------------------------------


def test_pseudonyms_are_stable_keyed_and_hide_the_key():
    keys = pd.Series(["R_3fDkq8", "R_9aZx01", "17"])
    first = pseudonymise(keys, "en", b"salt one")
    assert first.tolist() == pseudonymise(keys, "en", b"salt one").tolist()
    assert first.str.fullmatch(r"en-[0-9a-f]{16}").all()
    assert first.nunique() == 3
    assert not set(first) & set(pseudonymise(keys, "en", b"salt two"))
    assert not set(first.str[3:]) & set(pseudonymise(keys, "ru", b"salt one").str[3:])
    assert not any(key in pseudonym for key in keys for pseudonym in first)


def test_respondent_ids_in_cleaned_data_are_pseudonyms_of_the_tools_ids(tmp_path):
    crowd = sample_wave("en")[:6]
    path = write_export("qualtrics", tmp_path, BOOK, crowd, "en")
    wave = clean_sources([source_for("qualtrics", path, "en")], BOOK, [], {}, b"salt")
    expected = pseudonymise(pd.Series([p.key for p in crowd]), "s", b"salt")
    assert wave.respondents["respondent_id"].tolist() == expected.tolist()
    assert set(with_respondent_ids(wave.answers, wave.respondents)["respondent_id"]) == set(
        expected
    )


# --------------------------------------------------------------------------
# Personal columns
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt, rows_of, expected",
    [
        (
            "surveymonkey",
            surveymonkey_rows,
            ["IP Address", "Email Address", "First Name", "Last Name", "Custom Data 1"],
        ),
        (
            "qualtrics",
            qualtrics_rows,
            [
                "IPAddress",
                "RecipientLastName",
                "RecipientFirstName",
                "RecipientEmail",
                "ExternalReference",
                "LocationLatitude",
                "LocationLongitude",
            ],
        ),
    ],
)
def test_the_tools_personal_columns_are_recognised_and_kept_out(tmp_path, fmt, rows_of, expected):
    crowd = with_personal_data(sample_wave("en")[:6])
    path = write_export(fmt, tmp_path, BOOK, crowd, "en")
    wave = clean_sources([source_for(fmt, path, "en")], BOOK, [], {}, b"salt")
    assert [
        line["detail"] for line in wave.report if line["measure"] == "personal_column"
    ] == expected
    cells = " ".join(
        frame.astype(str).to_csv()
        for frame in (
            wave.answers,
            wave.respondents,
            wave.quarantine,
            wave.other_text,
            pd.DataFrame(wave.report),
        )
    )
    assert not any(secret in cells for secret in [*EMAILS, *NAMES, *IPS])


def test_free_text_columns_named_in_the_configuration_are_personal(tmp_path):
    rows = google_forms_rows(BOOK, sample_wave("ru")[:3], "ru")
    rows[0].append("Ваш комментарий")
    for number, row in enumerate(rows[1:]):
        row.append(f"Позвоните мне: +7 912 000-00-0{number}")
    path = tmp_path / "gf.csv"
    pd.DataFrame(rows[1:], columns=rows[0]).to_csv(path, index=False)
    source = {**source_for("google_forms", path, "ru"), "personal_columns": ["Ваш комментарий"]}
    wave = clean_sources([source], BOOK, [], {}, b"salt")
    assert [line["detail"] for line in wave.report if line["measure"] == "personal_column"] == [
        "Ваш комментарий"
    ]
    assert [line["detail"] for line in wave.report if line["measure"] == "unmatched_column"] == []


def test_other_text_reaches_results_only_when_allowed_and_redacted(tmp_path):
    crowd = sample_wave("en")[:4]
    crowd[1].other = {
        "q_channel": "ask ivan.petrov@example.com or +7 (912) 345-67-89",
        "q_prizes": '=HYPERLINK("http://x")',
    }
    path = write_export("surveymonkey", tmp_path, BOOK, crowd, "en")
    hidden = clean_sources([source_for("surveymonkey", path, "en")], BOOK, [], {}, b"salt")
    assert hidden.other_text.empty
    shown = clean_sources(
        [source_for("surveymonkey", path, "en")], BOOK, [], {}, b"salt", ["q_channel", "q_prizes"]
    )
    texts = dict(zip(shown.other_text["question"], shown.other_text["text"], strict=False))
    assert texts["q_channel"] == "ask [e-mail] or [phone]"
    write_csv(shown.other_text, tmp_path / "other_text.csv")
    written = (tmp_path / "other_text.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in written and ",=HYPERLINK" not in written


def test_redaction_of_urls_and_ip_addresses():
    assert (
        redact(pd.Series(["see https://vk.com/id1 from 10.0.0.1"])).iloc[0] == "see [url] from [ip]"
    )


def test_quarantine_csv_text_cannot_start_a_formula(tmp_path):
    raw = {**TEST_CODEBOOK, "questions": [dict(q) for q in TEST_CODEBOOK["questions"]]}
    raw["questions"][4] = {
        **raw["questions"][4],
        "options": [
            {"code": 1, "label": {"en": "=SUM(A1)", "ru": "=СУММ(A1)"}},
            {"code": 2, "label": {"en": "@no", "ru": "@нет"}},
        ],
    }
    codebook = tmp_path / "codebook.yaml"
    codebook.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    book = load_codebook(codebook)
    crowd = [
        Person(
            {
                "q_channel": [1],
                "q_prizes": [2],
                "q_like": [3],
                "q_trust": [2],
                "q_check": [2],
                "gender": [1],
            },
            key="=1+1",
        )
    ]
    crowd.append(Person(dict(crowd[0].answers, q_check=[1]), key="+2"))
    path = write_export("qualtrics", tmp_path, book, crowd, "en")
    results = tmp_path / "out"
    clean_wave(
        [source_for("qualtrics", path, "en")],
        str(codebook),
        [],
        {"attention_checks": {"checks": [{"question": "q_check", "expected": [1]}]}},
        answers=str(results / "a.parquet"),
        respondents=str(results / "r.parquet"),
        quarantine=str(results / "quarantine.csv"),
        report=str(results / "report.csv"),
        other_text=str(results / "other.csv"),
    )
    quarantine = pd.read_csv(results / "quarantine.csv", dtype=str)
    assert quarantine["reasons"].tolist() == [
        "attention check q_check: answered '@no', expected '=SUM(A1)'"
    ]
    for cell in (
        pd.read_csv(results / "quarantine.csv", dtype=str, keep_default_na=False).to_numpy().ravel()
    ):
        assert not cell.startswith(("=", "+", "-", "@")), cell


def test_labels_in_the_html_report_are_escaped():
    quarantine = pd.DataFrame(
        {
            "source": ["en"],
            "row": [2],
            "reasons": ["attention check q: answered '<script>alert(1)</script>'"],
        }
    )
    empty_tests = pd.DataFrame(
        columns=[
            "stage",
            "question",
            "option",
            "test",
            "statistic",
            "dof",
            "p_adjusted",
            "cramers_v",
            "significant",
        ]
    )
    table = pd.DataFrame(
        columns=[
            "stage",
            "activity",
            "indicator",
            "activity_label",
            "indicator_label",
            "cohort",
            "pct",
            "rating",
            "activity_rating",
            "p_adjusted",
            "significant",
        ]
    )
    html = render_report(
        "w",
        "<b>Wave</b>",
        pd.DataFrame({"cohort": ["all"]}),
        pd.DataFrame({"measure": ["rows_read"]}),
        quarantine,
        empty_tests,
        table,
        {},
        {},
        [],
    )
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;Wave&lt;/b&gt;" in html


# --------------------------------------------------------------------------
# The workflow: no personal data anywhere under results/
# --------------------------------------------------------------------------


def texts_under(directory: Path):
    """(file, text) of everything under ``directory``: parquet cells, workbook XML, raw bytes."""
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        if path.suffix == ".parquet":
            frame = pd.read_parquet(path)
            yield path, " ".join(map(str, frame.columns)) + " " + frame.astype(str).to_csv()
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                yield (
                    path,
                    " ".join(
                        archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                    ),
                )
        else:
            yield path, path.read_bytes().decode("utf-8", "replace")


@pytest.mark.workflow
def test_the_workflow_writes_no_personal_data_under_results(tmp_path):
    directory = copy_workflow(tmp_path)
    thesis = load_codebook(directory / "config" / "codebooks" / "thesis2017.yaml")
    raw = directory / "data" / "raw" / "thesis2017"
    english = pd.read_csv(raw / "responses_en.csv", dtype=str, keep_default_na=False)
    crowd = []
    lookup = {q.text("en"): q for q in thesis.questions.values()}
    for number, row in english.iterrows():
        person = Person(
            {},
            end=datetime.strptime(row["Timestamp"], "%Y/%m/%d %H:%M:%S"),
            key=f"R_{number:05d}",
            email=EMAILS[number % 3],
            name=NAMES[number % 3],
            ip=IPS[number % 3],
        )
        for header, cell in row.items():
            question = lookup.get(header)
            if question and cell:
                person.answers[question.id] = split_multiple(
                    cell, thesis.label_lookup(question.id), ", "
                )
                if other_code(question) in person.answers[question.id]:
                    person.other[question.id] = "something else"
        crowd.append(person)
    surveymonkey = raw / "responses_en_surveymonkey.csv"
    pd.DataFrame(surveymonkey_rows(thesis, crowd, "en")).to_csv(
        surveymonkey, index=False, header=False
    )
    config = yaml.safe_load((directory / "config.yaml").read_text(encoding="utf-8"))
    config["waves"]["thesis2017"]["sources"][1] = {
        "id": "en",
        "file": str(surveymonkey.relative_to(directory)),
        "format": "surveymonkey",
        "language": "en",
    }
    (directory / "config.yaml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    result = snakemake(directory)
    assert result.returncode == 0, result.stderr[-3000:]
    results = directory / "results"
    report = pd.read_csv(results / "thesis2017" / "cleaning_report.csv")
    personal = report[(report["source"] == "en") & (report["measure"] == "personal_column")][
        "detail"
    ].tolist()
    assert personal == ["IP Address", "Email Address", "First Name", "Last Name", "Custom Data 1"]
    sizes = pd.read_csv(results / "thesis2017" / "cohort_sizes.csv").set_index("cohort")[
        "respondents"
    ]
    assert sizes.to_dict() == {"russian": 245, "foreign": 76, "all": 321}
    texts = list(texts_under(results))
    assert len(texts) > 20
    assert [
        (path, secret)
        for path, text in texts
        for secret in [*EMAILS, *NAMES, *IPS]
        if secret in text
    ] == []
    # the column names appear only where the cleaning report lists the columns it kept out
    listed = {"cleaning_report.csv", "report.html"}
    assert [
        (path, name)
        for path, text in texts
        for name in personal
        if name in text and path.name not in listed
    ] == []
    assert (
        "@"
        not in pd.read_parquet(results / "thesis2017" / "cleaned" / "respondents.parquet").to_csv()
    )
    assert os.environ[SALT_ENV] and not (directory / "salt").exists()
