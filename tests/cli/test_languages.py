"""The ``holos`` command speaks the language of ``HOLOS_LANGUAGE`` or of the terminal's locale."""

from pathlib import Path

import pytest
from django.utils import translation

from holos.cli import main

SEEDS = Path(__file__).resolve().parents[2] / "holos" / "demo" / "seeds"
(SEED_002,) = SEEDS.glob("002_*.txt")


def test_an_unknown_plan_is_reported_in_ukrainian(db, monkeypatch, capsys):
    monkeypatch.setenv("LANG", "uk_UA.UTF-8")
    before = translation.get_language()
    assert main(["export", "--plan", "999999", "--format", "json"]) == 2
    assert capsys.readouterr().err == "holos: план з ідентифікатором 999999 не знайдено\n"
    # The command gives the language back: the rest of the process keeps its own.
    assert translation.get_language() == before


def test_an_import_summary_and_its_warnings_are_czech(monkeypatch, capsys):
    monkeypatch.setenv("LANG", "cs_CZ.UTF-8")
    assert main(["import", str(SEED_002)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{SEED_002.name}: 1 plán, 2 upozornění"
    assert lines[1] == "  plán kampaně: Plán informační kampaně — 1 cíl, 11 aktivit"
    assert lines[2].startswith("  upozornění (řádek 9): Organizace byla převzata z názvu projektu: „ORP Strakonice“")
    assert lines[3].startswith("  upozornění (řádek 9): Některé aktivity nespadají pod žádný uvedený cíl")
    assert len(lines) == 4


def test_the_c_locale_speaks_english(monkeypatch, capsys):
    monkeypatch.setenv("LANG", "C")
    assert main(["import", str(SEED_002)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{SEED_002.name}: 1 plan, 2 warnings",
        "  campaign plan: Plán informační kampaně — 1 goal, 11 activities",
        "  warning (line 9): The organisation was taken from the project's name: “ORP Strakonice”; "
        "check that it wrote the plan.",
        "  warning (line 9): Some activities come under no stated goal; they were put under a goal without a title, "
        "to be named.",
    ]


def test_holos_language_wins_over_the_locale(monkeypatch, capsys):
    monkeypatch.setenv("LANG", "uk_UA.UTF-8")
    monkeypatch.setenv("HOLOS_LANGUAGE", "en")
    assert main(["import", "/no/such/plan.docx"]) == 2
    assert capsys.readouterr().err == "holos: no such file: /no/such/plan.docx\n"


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({}, "файл не знайдено"),  # nothing set: Holos's default language
        ({"LANG": "cs_CZ.UTF-8"}, "soubor neexistuje"),
        ({"LANG": "en_US.UTF-8"}, "no such file"),
        ({"LANG": "POSIX"}, "no such file"),
        ({"LANG": "de_DE.UTF-8"}, "файл не знайдено"),  # a language Holos does not have
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "cs_CZ.UTF-8"}, "soubor neexistuje"),
        ({"LC_MESSAGES": "cs_CZ.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "no such file"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "de:cs:en"}, "soubor neexistuje"),
        ({"LANG": "C", "LANGUAGE": "cs"}, "no such file"),  # as in GNU tools, C ignores LANGUAGE
        ({"LANG": "en_US.UTF-8", "HOLOS_LANGUAGE": "uk"}, "файл не знайдено"),
        ({"LANG": "cs_CZ.UTF-8", "HOLOS_LANGUAGE": "de"}, "soubor neexistuje"),
    ],
)
def test_the_language_is_read_as_gnu_tools_read_it(environment, message, monkeypatch, capsys):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert main(["import", "/no/such/plan.docx"]) == 2
    assert capsys.readouterr().err == f"holos: {message}: /no/such/plan.docx\n"


def test_help_is_ukrainian(monkeypatch, capsys):
    monkeypatch.setenv("LANG", "uk_UA.UTF-8")
    with pytest.raises(SystemExit) as outcome:
        main(["--help"])
    assert outcome.value.code == 0
    out = capsys.readouterr().out
    assert "Комунікаційні плани, які працюють." in out
    assert "показати перелік планів" in out
    assert "показати цю довідку й вийти" in out
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    assert "зберегти знайдені плани" in capsys.readouterr().out


def test_check_findings_are_ukrainian(monkeypatch, capsys):
    monkeypatch.setenv("LANG", "uk_UA.UTF-8")
    assert main(["check", str(SEED_002)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Plán informační kampaně: ") and "проблем" in lines[0] and "порад" in lines[0]
    assert any(line.split()[0] == "Проблема" and "не має ключового повідомлення" in line for line in lines[1:])
    assert any(line.split()[0] == "Порада" for line in lines[1:])


def test_output_for_scripts_is_the_same_in_every_language(monkeypatch, capsys):
    outputs = []
    for language in ("uk", "cs", "en"):
        monkeypatch.setenv("HOLOS_LANGUAGE", language)
        assert main(["import", str(SEED_002), "--json"]) == 0
        assert main(["check", str(SEED_002), "--json"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] == outputs[2]
