"""Build the corpus's Word, Excel and HTML files from real tables of the corpus.

Each file holds a table exactly as its public source has it (the rows are those of the
text files beside it, with the same address), laid out as a person who keeps such a plan
in Word, Excel or a saved web page has it: merged cells, a title above the table, a header
or none. Run ``python -m tests.corpus.build_files`` to write them again.
"""

from __future__ import annotations

import html
from pathlib import Path

import docx
import openpyxl

from tests.corpus.reading import FOLDER

TORBAY = [
    ("Preperation", "Consultation on draft terms of reference; preparation of maps, electorate forecasts, consultation "
     "materials etc.", "Wednesday 21 November 2018 to 31 December 2018"),
    ("Preperation", "Publication of terms of reference", "By Monday 14 January 2019 (formal start of review)"),
    ("First stage consultation", "Initial submissions invited:\npublicity campaign, meetings etc.",
     "Monday 14 January 2019 to Friday 15 March 2019"),
    ("First stage consultation", "Deadline for initial submissions", "Friday 15 March 2019"),
    ("First stage consultation", "Consideration of initial submissions/preparation of draft recommendations",
     "Monday 18 March 2019 to Friday 24 May 2019"),
    ("First stage consultation", "Council to agree draft recommendations and process for second stage consultation",
     "17 June 2019"),
    ("Second stage consultation", "Publication of draft recommendations", "Monday 24 June 2019"),
    ("Second stage consultation", "Submissions invited on draft recommendations:\npublicity campaign, meetings etc",
     "Monday 24 June 2019 to Friday 16 August 2019"),
    ("Second stage consultation", "Deadline for second stage consultation responses", "Friday 16 August 2019"),
    ("Second stage consultation", "Consideration of responses to second stage consultation/preparation of final "
     "recommendations.", "Monday 19 August 2019 to Friday 30 August 2019"),
    ("Second stage consultation", "Agree final recommendations", "19 September 2019"),
    ("Decisions and implementation", "Publication of final recommendations",
     "Monday 23 September 2019 (formal end of review)"),
    ("Decisions and implementation", "Council Meeting to decide whether to give effect to the final recommendations "
     "and to make Reorganisation Order.", "Week commencing 14 or 21 October 2019"),
    ("Decisions and implementation", "Revised electoral register published incorporating any amendments",
     "1 December 2019"),
]

KRAKOW_2023 = [
    ("Spotkania konsultacyjne z mieszkańcami", "luty"),
    ("Składanie projektów", "1 lutego  – 2 marca"),
    ("Publikacja wyników weryfikacji", "12 czerwca"),
    ("Składanie protestów wobec wyników oceny prawnej", "12 – 21 czerwca"),
    ("Sporządzenie i ogłoszenie listy projektów, które będą poddane głosowaniu", "do 12 lipca"),
    ("Głosowanie", "22 września – 6 października"),
    ("Ogłoszenie wyników głosowania", "30 października"),
    ("Zatwierdzenie projektów do realizacji", "do 15 listopada"),
]

CZESTOCHOWA = [
    ("zgłaszanie propozycji zadań do budżetu partycypacyjnego", "21 lipca 2014r. – 30 września 2014r."),
    ("opublikowanie na stronie internetowej zestawienia złożonych formularzy propozycji zadań do realizacji w ramach "
     "budżetu partycypacyjnego / obywatelskiego", "6 października 2014r."),
    ("weryfikacja formalnoprawna zadań", "1 października 2014r. – 30 listopada 2014r."),
    ("głosowanie nad propozycjami zadań", "5 grudnia 2014r. – 11 grudnia 2014r."),
    ("upublicznienie wyników głosowania podczas konferencji prasowej", "19 grudnia 2014r."),
]

KATOWICE = [
    ("Zgłaszanie projektów zadań do Budżetu Obywatelskiego", "od 10 marca do 7 kwietnia 2025"),
    ("Weryfikacja formalna i ogłoszenie wyników weryfikacji formalnej", "do 5 maja 2025"),
    ("Łączenie zgłoszonych wniosków", "do 1 lipca 2025"),
    ("Zgłaszanie zastrzeżeń i uwag do zadań", "do 1 lipca 2025"),
    ("Weryfikacja merytoryczna i ogłoszenie wyników weryfikacji merytorycznej", "do 20 sierpnia 2025"),
    ("Wycofanie wniosku", "do 3 września 2025"),
    ("Głosowanie", "od 12 do 25 września 2025"),
    ("Podanie wyników głosowania – oficjalne zamknięcie procesu wyboru zadań do realizacji", "do 30 września 2025"),
]


# The plan approved by order No. 460-р of 3 August 2006 (kmu.gov.ua/npas/43652689), as the
# page gives its table: item 2 is a lead-in whose two measures follow in rows of their own,
# and "—“—" repeats the cell above.
KMU_2006_TITLE = ("ЗАТВЕРДЖЕНО розпорядженням Кабінету Міністрів України від 3 серпня 2006 р. № 460-р",
                  "ПЛАН заходів щодо поліпшення інформування про суспільні процеси в Україні на 2006 рік")
KMU_2006 = [
    ("Найменування заходу", "Відповідальні за виконання", "Строк виконання"),
    ("1. Розроблення та подання Кабінетові Міністрів України проекту Концепції Державної програми формування "
     "позитивного міжнародного іміджу України на 2007—2010 роки",
     "МЗС разом з іншими центральними органами виконавчої влади", "серпень"),
    ("2. Проведення перевірки дотримання:", "", ""),
    ("антимонопольного законодав-ства в інформаційній сфері",
     "Антимонопольний комітет разом з Національною радою з питань телебачення і радіомовлення", "серпень—вересень"),
    ("законодавства з питань користування радіочастотним ресурсом",
     "Мінтрансзв’язку разом з Національною комісією з питань регулювання зв'язку, Національною радою з питань "
     "телебачення і радіомовлення", "—“—"),
    ("3. Припинення використання технічних засобів Концерну радіомовлення, радіозв’язку та телебачення для "
     "трансляції програм іноземних радіостанцій на території України", "—“—", "—“—"),
]


def kmu_2006_docx(path: Path) -> None:
    document = docx.Document()
    for line in KMU_2006_TITLE:
        document.add_paragraph(line)
    table = document.add_table(rows=len(KMU_2006), cols=3)
    for row, values in zip(table.rows, KMU_2006, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    lead_in = table.rows[2].cells
    lead_in[0].merge(lead_in[2]).text = KMU_2006[2][0]  # the lead-in spans the row, as on the page
    document.save(path)


def kmu_2006_xlsx(path: Path) -> None:
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    for line in KMU_2006_TITLE:
        worksheet.append([line])
    for row in KMU_2006:
        worksheet.append(list(row))
    worksheet.merge_cells("A5:C5")  # the lead-in spans the row
    workbook.save(path)


def stakeholder_docx(path: Path, source: str) -> None:
    """A stakeholder summary kept in Word as a table: the stakeholder, their interest, how they are reached."""
    lines = [line.strip().lstrip("•-").strip() for line in (FOLDER / source).read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    document = docx.Document()
    document.add_paragraph(lines[0])
    rows = [("Stakeholder", "Anticipated role/interest", "Communications approach")]
    for index in range(1, len(lines), 3):
        rows.append((lines[index], lines[index + 1].split(": ", 1)[1], lines[index + 2].split(": ", 1)[1]))
    table = document.add_table(rows=len(rows), cols=3)
    for row, values in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    document.save(path)


def _holwell_rows() -> list[list[str]]:
    cells = [line.strip()[:-1].strip() for line in (FOLDER / "en-holwell-neighbourhood-2018.txt").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    rows, index = [], 3
    while index < len(cells):
        # The row of 21st May has no notes on the page; the next row starts with a date.
        width = 2 if cells[index].startswith("21st May") else 3
        rows.append(cells[index:index + width] + [""] * (3 - width))
        index += width
    return [cells[:3], *rows]


def torbay_docx(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Timetable for the Community Governance Review")
    table = document.add_table(rows=len(TORBAY) + 1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Phase", "Action/stage of process", "Proposed dates"), strict=True):
        cell.text = text
    for row, values in zip(table.rows[1:], TORBAY, strict=True):
        for cell, text in zip(row.cells[1:], values[1:], strict=True):
            cell.text = text
    start = 1
    for index in range(1, len(TORBAY) + 1):  # each phase is one cell merged down its rows, as on the page
        last = index == len(TORBAY) or TORBAY[index][0] != TORBAY[index - 1][0]
        if last:
            merged = table.cell(start, 0).merge(table.cell(index, 0))
            merged.text = TORBAY[index - 1][0]
            start = index + 1
    document.save(path)


def sheet(path: Path, title: str, header: tuple[str, ...] | None, rows: list[tuple[str, ...]]) -> None:
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.append([title])
    worksheet.append([])
    if header:
        worksheet.append(list(header))
    for row in rows:
        worksheet.append(list(row))
    workbook.save(path)


def plain_docx(path: Path, title: str, rows: list[tuple[str, ...]]) -> None:
    document = docx.Document()
    document.add_paragraph(title)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    document.save(path)


def holwell_html(path: Path) -> None:
    rows = _holwell_rows()
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in rows[0])
    body = "\n".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows[1:])
    path.write_text(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Holwell Neighbourhood Plan Timeline</title>
<script>window.tracking = true;</script></head>
<body><h1>Holwell Neighbourhood Plan Timeline</h1>
<table><thead><tr>{head}</tr></thead><tbody>
{body}
</tbody></table></body></html>
""", encoding="utf-8")


def meganapady_html(path: Path) -> None:
    text = (FOLDER / "cs-meganapady-2021.txt").read_text(encoding="utf-8")
    parts = ["<!DOCTYPE html><html lang=\"cs\"><head><meta charset=\"utf-8\"></head><body>",
             "<h2>Harmonogram participativního rozpočtu</h2>"]
    items: list[str] = []
    for line in text.splitlines()[1:]:
        stripped = line.strip()
        if stripped.startswith("•"):
            items.append(f"<li>{html.escape(stripped[1:].strip())}</li>")
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if stripped:
            stage, dates = [part.strip() for part in stripped.split("   ") if part.strip()][:2]
            parts.append(f"<h3>{html.escape(stage)} <span>{html.escape(dates)}</span></h3>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")


def paragraphs_docx(path: Path, source: str) -> None:
    """A timeline kept in Word as paragraphs: headings with their dates, bullets under them."""
    document = docx.Document()
    for line in (FOLDER / source).read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("•"):
            document.add_paragraph(stripped[1:].strip(), style="List Bullet")
        elif stripped:
            document.add_paragraph(stripped)
    document.save(path)


def cherwell_html(path: Path) -> None:
    blocks = [block.strip().splitlines() for block in (FOLDER / "en-cherwell-governance-2021.txt").read_text(
        encoding="utf-8").split("\n\n") if block.strip()]
    items = []
    for index in range(0, len(blocks) - 2, 3):
        date, title, note = blocks[index][0], blocks[index + 1][0], " ".join(blocks[index + 2])
        items.append(f"<li><p class=\"date\">{html.escape(date)}</p><h4>{html.escape(title)}</h4>"
                     f"<p>{html.escape(note)}</p></li>")
    path.write_text("<!DOCTYPE html><html lang=\"en\"><body><h2>Key Dates</h2><ul>" + "".join(items)
                    + "</ul></body></html>", encoding="utf-8")


def main() -> None:
    torbay_docx(FOLDER / "en-torbay-governance-2019.docx")
    sheet(FOLDER / "pl-krakow-d15-2023.xlsx", "Harmonogram budżetu obywatelskiego 2023", ("DZIAŁANIE", "TERMIN"),
          KRAKOW_2023)
    sheet(FOLDER / "pl-katowice-2026.xlsx", "HARMONOGRAM", None, KATOWICE)
    plain_docx(FOLDER / "pl-czestochowa-2015.docx", "HARMONOGRAM BUDŻETU PARTYCYPACYJNEGO 2015", CZESTOCHOWA)
    holwell_html(FOLDER / "en-holwell-neighbourhood-2018.html")
    meganapady_html(FOLDER / "cs-meganapady-2021.html")
    paragraphs_docx(FOLDER / "cs-radniceprolidi-2018.docx", "cs-radniceprolidi-2018.txt")
    paragraphs_docx(FOLDER / "uk-kyiv-budget-2018.docx", "uk-kyiv-budget-2018.txt")
    cherwell_html(FOLDER / "en-cherwell-governance-2021.html")
    kmu_2006_docx(FOLDER / "uk-kmu-information-2006.docx")
    kmu_2006_xlsx(FOLDER / "uk-kmu-information-2006.xlsx")
    northwich = "en-cheshirewest-northwich-stakeholders"
    stakeholder_docx(FOLDER / f"{northwich}.docx", f"{northwich}.txt")


if __name__ == "__main__":
    main()
