"""parse_schedule: the period text of real plans, in four languages, and text that is not one.

Each case gives the whole expected ``to_dict()``, so a field set by mistake fails as surely as
a field missed. Periods are the plan's period the importer passes along.
"""

from __future__ import annotations

import random
import re
import string
from typing import Any

import pytest

from holos.core import schedule as schedule_module
from holos.core.schedule import EVERY, KINDS, Schedule, parse_schedule

Period = tuple[str | None, str | None]

NONE: Period = (None, None)
P2018: Period = ("2018-02", "2020-01")      # seed 002, a Czech EU project
P2021: Period = ("2021-01", "2021-12")      # seed 001, CNAP plan for 2021
P2023: Period = ("2023-05", "2023-10")      # seed 000, May-October 2023
P2324: Period = ("2023-08", "2024-07")      # seed 004, operational plan
P2025: Period = ("2025-01", "2025-12")


def once(month: str) -> dict[str, Any]:
    return {"kind": "once", "start": month, "end": month}


def span(start: str | None, end: str | None, count: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": "range"}
    if start is not None:
        data["start"] = start
    if end is not None:
        data["end"] = end
    if count is not None:
        data["count"] = count
    return data


def every(unit: str, times: int | None = None, period: Period = NONE) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": "recurring", "every": unit}
    if times is not None:
        data["times"] = times
    if period[0] is not None:
        data["start"] = period[0]
    if period[1] is not None:
        data["end"] = period[1]
    return data


def always(period: Period = NONE) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": "continuous"}
    if period[0] is not None:
        data["start"] = period[0]
    if period[1] is not None:
        data["end"] = period[1]
    return data


def rel(offset: int, anchor: str) -> dict[str, Any]:
    return {"kind": "relative", "offset_days": offset, "anchor": anchor}


def slots(*keys: str) -> dict[str, Any]:
    return {"kind": "slots", "slots": list(keys)}


NEEDED: dict[str, Any] = {"kind": "as_needed"}
UNKNOWN: dict[str, Any] = {"kind": "unknown"}

Case = tuple[str, Period, dict[str, Any]]

# --- The seeds' period columns ---------------------------------------------------------------

SEED_001: list[Case] = [
    ("постійно", P2021, always(P2021)),
    ("Постійно", P2021, always(P2021)),
    ("<p>постійно</p>", P2021, always(P2021)),
    ("<p>Постійно</p>", P2021, always(P2021)),
    ("оперативне інформування", P2021, always(P2021)),
    ("Оперативне інформування", P2021, always(P2021)),
    ("<p>оперативне інформування</p>", P2021, always(P2021)),
    ("за потреби", P2021, NEEDED),
    ("<p>за потреби</p>", P2021, NEEDED),
    ("1 раз у місяць", P2021, every("month", period=P2021)),
    ("1 раз у тиждень", P2021, every("week", period=P2021)),
    ("1 раз у тиждень, за необхідності частіше (оперативне інформування)", P2021,
     every("week", period=P2021)),
    ("вересень-листопад 2021", P2021, span("2021-09", "2021-11")),
    ("вересень-листопад 2021  розсилки 1 раз у місяць", P2021,
     every("month", period=("2021-09", "2021-11"))),
    ("1 квартал 2021", P2021, span("2021-01", "2021-03")),
    ("2 квартал 2021", P2021, span("2021-04", "2021-06")),
    ("<p>2 квартал 2021</p>", P2021, span("2021-04", "2021-06")),
    ("1 квартал 2021 постійно", P2021, always(("2021-01", "2021-03"))),
    ("За 2 тижні до заходу", P2021, rel(-14, "захід")),
    ("За півроку до відкриття", P2021, rel(-182, "відкриття")),
    ("<p>За півроку до відкриття</p>", P2021, rel(-182, "відкриття")),
    ("відповідно до плану роботи", P2021, UNKNOWN),
    ("Згідно внутрішнього плану роботи", P2021, UNKNOWN),
    ("Інтернет ресурси", P2021, UNKNOWN),
    ("Промоції ЦНАП серед донорів", P2021, UNKNOWN),
    ("Навчання, тренінги, семінари, робочі зустрічі", P2021, UNKNOWN),
    ("поширити на сайті та у місцевих й регіональних ЗМІ (E-mail)", P2021, UNKNOWN),
    ("поширити на сайті та у місцевих й регіональних ЗМІ (E-mail розсилки)", P2021, UNKNOWN),
    ("Інформація для місцевих ЗМІ", P2021, UNKNOWN),
    ("Місцевий масовий публічний захід", P2021, UNKNOWN),
]

SEED_002: list[Case] = [
    ("5/2018", P2018, once("2018-05")),
    ("9-11/2018", P2018, span("2018-09", "2018-11")),
    ("čtvrtletně po celou dobu realizace projektu, dle potřeby častěji", P2018,
     every("quarter", period=P2018)),
    ("9/2018 - 11/2019", P2018, span("2018-09", "2019-11")),
    ("6/2018 - 01/2020 - 4 akce", P2018, span("2018-06", "2020-01", count=4)),
    ("průběžně", P2018, always(P2018)),
    ("12/2019", P2018, once("2019-12")),
    ("02/2018 - 01/2020", P2018, span("2018-02", "2020-01")),
    ("termín realizace: 02/2018 - 01/2020", NONE, span("2018-02", "2020-01")),
    ("po celou dobu realizace projektu", P2018, always(P2018)),
]

SEED_HEADERS: list[Case] = [
    # 000: the plan's title gives its period
    ("2023 рік (травень-жовтень)", NONE, span("2023-05", "2023-10")),
    ("на 2023 рік (травень-жовтень)", NONE, span("2023-05", "2023-10")),
    ("травень", P2023, once("2023-05")),
    ("жовтень", P2023, once("2023-10")),
    ("x x x x x x", P2023, UNKNOWN),
    ("x", P2023, UNKNOWN),
    # 001
    ("на 2021 рік", NONE, span("2021-01", "2021-12")),
    # 004: quarter columns and years
    ("2023-2025 рр.", NONE, span("2023-01", "2025-12")),
    ("2023-2024 рр.", NONE, span("2023-01", "2024-12")),
    ("на 2023-2024 роки", NONE, span("2023-01", "2024-12")),
    ("3 кв. 2023", NONE, span("2023-07", "2023-09")),
    ("3. кв 2024", NONE, span("2024-07", "2024-09")),
    ("4 кв.", P2324, span("2023-10", "2023-12")),
    ("1 кв.", P2324, span("2024-01", "2024-03")),
    ("2 кв.", P2324, span("2024-04", "2024-06")),
    ("3 кв.", P2324, span("2023-07", "2023-09")),
    ("серпень", P2324, once("2023-08")),
    ("грудень", P2324, once("2023-12")),
    ("січень", P2324, once("2024-01")),
    ("липень", P2324, once("2024-07")),
    ("15 травня 2023 року", NONE, once("2023-05")),
    ("20 липня 2023 року", NONE, once("2023-07")),
]

# --- Single months --------------------------------------------------------------------------

ONCE: list[Case] = [
    ("5/2018", NONE, once("2018-05")),
    ("05/2018", NONE, once("2018-05")),
    ("5 / 2018", NONE, once("2018-05")),
    ("05.2018", NONE, once("2018-05")),
    ("5/18", NONE, once("2018-05")),
    ("12/2019", NONE, once("2019-12")),
    ("2025-03", NONE, once("2025-03")),
    ("2025-03-15", NONE, once("2025-03")),
    ("15.07.2019", NONE, once("2019-07")),
    ("15.07.19", NONE, once("2019-07")),
    ("1.9.2018", NONE, once("2018-09")),
    ("30. 6. 2019", NONE, once("2019-06")),
    ("травень 2023", NONE, once("2023-05")),
    ("Травень 2023", NONE, once("2023-05")),
    ("ТРАВЕНЬ 2023", NONE, once("2023-05")),
    ("  травень   2023  ", NONE, once("2023-05")),
    ("травня 2023", NONE, once("2023-05")),
    ("у травні 2023 р.", NONE, once("2023-05")),
    ("березень 2024 р.", NONE, once("2024-03")),
    ("березень 2024 року", NONE, once("2024-03")),
    ("березня 2024р.", NONE, once("2024-03")),
    ("січ. 2024", NONE, once("2024-01")),
    ("січні 2024", NONE, once("2024-01")),
    ("лютий 2024", NONE, once("2024-02")),
    ("лютого 2024", NONE, once("2024-02")),
    ("квітень 2024", NONE, once("2024-04")),
    ("червень 2024", NONE, once("2024-06")),
    ("липня 2024", NONE, once("2024-07")),
    ("серпні 2024", NONE, once("2024-08")),
    ("вересень 2024", NONE, once("2024-09")),
    ("жовтня 2024", NONE, once("2024-10")),
    ("листопаді 2024", NONE, once("2024-11")),
    ("грудень 2024", NONE, once("2024-12")),
    ("May 2025", NONE, once("2025-05")),
    ("may 2025", NONE, once("2025-05")),
    ("May 15, 2025", NONE, once("2025-05")),
    ("Jan 2025", NONE, once("2025-01")),
    ("Sept 2024", NONE, once("2024-09")),
    ("September 2024", NONE, once("2024-09")),
    ("March 2025", NONE, once("2025-03")),
    ("December 2025", NONE, once("2025-12")),
    ("leden 2019", NONE, once("2019-01")),
    ("února 2019", NONE, once("2019-02")),
    ("březen 2019", NONE, once("2019-03")),
    ("duben 2019", NONE, once("2019-04")),
    ("květen 2019", NONE, once("2019-05")),
    ("červen 2019", NONE, once("2019-06")),
    ("červenec 2019", NONE, once("2019-07")),
    ("července 2019", NONE, once("2019-07")),
    ("srpen 2019", NONE, once("2019-08")),
    ("září 2018", NONE, once("2018-09")),
    ("zari 2018", NONE, once("2018-09")),
    ("říjen 2018", NONE, once("2018-10")),
    ("listopad 2018", NONE, once("2018-11")),
    ("prosinec 2018", NONE, once("2018-12")),
    ("v prosinci 2018", NONE, once("2018-12")),
    ("styczeń 2024", NONE, once("2024-01")),
    ("lutego 2024", NONE, once("2024-02")),
    ("marzec 2024", NONE, once("2024-03")),
    ("kwiecień 2024", NONE, once("2024-04")),
    ("maj 2024", NONE, once("2024-05")),
    ("czerwiec 2024", NONE, once("2024-06")),
    ("lipca 2024", NONE, once("2024-07")),
    ("sierpień 2024", NONE, once("2024-08")),
    ("wrzesień 2024", NONE, once("2024-09")),
    ("październik 2024", NONE, once("2024-10")),
    ("listopada 2024", NONE, once("2024-11")),
    ("grudzień 2024", NONE, once("2024-12")),
    ("V.2018", NONE, once("2018-05")),
    ("IX.2018", NONE, once("2018-09")),
    ("XII/2019", NONE, once("2019-12")),
    ("XI 2018", NONE, once("2018-11")),
    ("не пізніше 01.06.2024", NONE, once("2024-06")),
    ("do 30. 6. 2019", NONE, once("2019-06")),  # a deadline by a day is that month
    ("do 30. 6. 2019", P2018, once("2019-06")),
    ("end of March", P2025, once("2025-03")),
    ("березень", P2025, once("2025-03")),
    ("Лютий", P2025, once("2025-02")),
    ("в травні", P2025, once("2025-05")),
]

# --- Ranges ---------------------------------------------------------------------------------

RANGES: list[Case] = [
    ("9-11/2018", NONE, span("2018-09", "2018-11")),
    ("9 - 11/2018", NONE, span("2018-09", "2018-11")),
    ("9–11/2018", NONE, span("2018-09", "2018-11")),
    ("9—11/2018", NONE, span("2018-09", "2018-11")),
    ("9/2018 - 11/2019", NONE, span("2018-09", "2019-11")),
    ("9/2018–11/2019", NONE, span("2018-09", "2019-11")),
    ("6/2018 - 01/2020 - 4 akce", NONE, span("2018-06", "2020-01", count=4)),
    ("6/2018 - 01/2020 (4 akce)", NONE, span("2018-06", "2020-01", count=4)),
    ("01.03.2021 - 30.04.2021", NONE, span("2021-03", "2021-04")),
    ("15.07-31.08.19", NONE, span("2019-07", "2019-08")),
    ("15.07 - 31.08.2019", NONE, span("2019-07", "2019-08")),
    ("1. 9. - 30. 11. 2018", NONE, span("2018-09", "2018-11")),
    ("2025-03 - 2025-06", NONE, span("2025-03", "2025-06")),
    ("вересень-листопад 2021", NONE, span("2021-09", "2021-11")),
    ("вересень - листопад 2021", NONE, span("2021-09", "2021-11")),
    ("вересень – листопад 2021 р.", NONE, span("2021-09", "2021-11")),
    ("Вересень—Листопад 2021 року", NONE, span("2021-09", "2021-11")),
    ("вересень-листопад", P2021, span("2021-09", "2021-11")),
    ("Січень – грудень 2023", NONE, span("2023-01", "2023-12")),
    ("січ.-бер. 2024", NONE, span("2024-01", "2024-03")),
    ("квітень – травень 2023 р.", NONE, span("2023-04", "2023-05")),
    ("квітня-травня", P2025, span("2025-04", "2025-05")),
    ("з вересня 2023 до травня 2024", NONE, span("2023-09", "2024-05")),
    ("з березня по травень 2024", NONE, span("2024-03", "2024-05")),
    ("від березня до травня 2024", NONE, span("2024-03", "2024-05")),
    ("вересень 2021 - травень 2022", NONE, span("2021-09", "2022-05")),
    ("грудень 2023 - лютий", NONE, span("2023-12", "2024-02")),
    ("листопад-лютий 2024", NONE, span("2023-11", "2024-02")),
    ("листопад-лютий", P2324, span("2023-11", "2024-02")),
    ("листопад-лютий", P2021, span("2021-11", "2022-02")),
    ("з березня", P2025, span("2025-03", "2025-12")),
    ("з березня 2025", NONE, span("2025-03", None)),
    ("до травня 2024", P2324, span("2023-08", "2024-05")),
    ("до 31.12.2023", ("2023-01", "2023-12"), once("2023-12")),
    ("до 1 липня 2023", NONE, once("2023-07")),
    ("do 9 czerwca", P2025, once("2025-06")),
    ("22 November 2021 → 31 January 2022", NONE, span("2021-11", "2022-01")),
    ("21st May to 9th July", P2025, span("2025-05", "2025-07")),
    ("21-25 XI 2019", NONE, once("2019-11")),
    ("III квартал 2023 р.", NONE, span("2023-07", "2023-09")),
    ("з 1 по 15 травня 2024", NONE, once("2024-05")),
    ("IX-XI 2018", NONE, span("2018-09", "2018-11")),
    ("IX – XI 2018", NONE, span("2018-09", "2018-11")),
    ("V-VI.2018", NONE, span("2018-05", "2018-06")),
    ("říjen-prosinec 2019", NONE, span("2019-10", "2019-12")),
    ("leden 2019 - červen 2019", NONE, span("2019-01", "2019-06")),
    ("duben–červen 2018", NONE, span("2018-04", "2018-06")),
    ("od marca do maja 2024", NONE, span("2024-03", "2024-05")),
    ("wrzesień-listopad 2021", NONE, span("2021-09", "2021-11")),
    ("March–May 2025", NONE, span("2025-03", "2025-05")),
    ("March to May 2025", NONE, span("2025-03", "2025-05")),
    ("from March to May", P2025, span("2025-03", "2025-05")),
    ("Jan-Mar 2025", NONE, span("2025-01", "2025-03")),
    ("Sep 2024 - Feb 2025", NONE, span("2024-09", "2025-02")),
    ("2021", NONE, span("2021-01", "2021-12")),
    ("2021 рік", NONE, span("2021-01", "2021-12")),
    ("2021 р.", NONE, span("2021-01", "2021-12")),
    ("у 2024 році", NONE, span("2024-01", "2024-12")),
    ("rok 2019", NONE, span("2019-01", "2019-12")),
    ("2023-2025", NONE, span("2023-01", "2025-12")),
    ("2023 - 2025", NONE, span("2023-01", "2025-12")),
    ("2023–2025 рр.", NONE, span("2023-01", "2025-12")),
    ("2023-25", NONE, span("2023-01", "2025-12")),
    ("2023/2024", NONE, span("2023-01", "2024-12")),
    ("2024, 2025", NONE, span("2024-01", "2025-12")),
    ("2023 - 2024 навчальний рік", NONE, span("2023-01", "2024-12")),
    ("весна 2024", NONE, span("2024-03", "2024-05")),
    ("влітку", P2324, span("2023-06", "2023-08")),
    ("осінь 2023", NONE, span("2023-09", "2023-11")),
    ("jaro 2019", NONE, span("2019-03", "2019-05")),
    ("summer 2025", NONE, span("2025-06", "2025-08")),
    ("4 заходи", P2324, span("2023-08", "2024-07", count=4)),
    ("травень-жовтень 2023, 3 заходи", NONE, span("2023-05", "2023-10", count=3)),
    ("травень 2023 (2 заходи)", NONE, span("2023-05", "2023-05", count=2)),
    ("3 setkání 2019", NONE, span("2019-01", "2019-12", count=3)),
    ("5 events in 2025", NONE, span("2025-01", "2025-12", count=5)),
]

# --- Quarters and half-years: a single one is a range of months --------------------------

QUARTERS: list[Case] = [
    ("1 квартал 2021", NONE, span("2021-01", "2021-03")),
    ("1-й квартал 2021", NONE, span("2021-01", "2021-03")),
    ("1-й квартал 2024 року", NONE, span("2024-01", "2024-03")),
    ("2 квартал 2021", NONE, span("2021-04", "2021-06")),
    ("3 квартал 2021", NONE, span("2021-07", "2021-09")),
    ("4 квартал 2021", NONE, span("2021-10", "2021-12")),
    ("у 2 кварталі 2021", NONE, span("2021-04", "2021-06")),
    ("II квартал 2023 р.", NONE, span("2023-04", "2023-06")),
    ("ІІ квартал 2023 р.", NONE, span("2023-04", "2023-06")),  # Cyrillic І
    ("IV квартал", P2021, span("2021-10", "2021-12")),
    ("IV кв. 2023 – II кв. 2024", NONE, span("2023-10", "2024-06")),
    ("I-II квартал 2022", NONE, span("2022-01", "2022-06")),
    ("1-2 квартал 2022", NONE, span("2022-01", "2022-06")),
    ("I–IV кв. 2024", NONE, span("2024-01", "2024-12")),
    ("перший квартал 2024", NONE, span("2024-01", "2024-03")),
    ("третій квартал 2024", NONE, span("2024-07", "2024-09")),
    ("Q2 2025", NONE, span("2025-04", "2025-06")),
    ("q2 2025", NONE, span("2025-04", "2025-06")),
    ("Q2/2025", NONE, span("2025-04", "2025-06")),
    ("Q1/2019", NONE, span("2019-01", "2019-03")),
    ("2025-Q2", NONE, span("2025-04", "2025-06")),
    ("2025 Q2", NONE, span("2025-04", "2025-06")),
    ("1Q 2025", NONE, span("2025-01", "2025-03")),
    ("Q1", P2324, span("2024-01", "2024-03")),
    ("Q1 - Q3 2024", NONE, span("2024-01", "2024-09")),
    ("first quarter of 2024", NONE, span("2024-01", "2024-03")),
    ("1st quarter 2024", NONE, span("2024-01", "2024-03")),
    ("1. čtvrtletí 2019", NONE, span("2019-01", "2019-03")),
    ("3. čtvrtletí 2019", NONE, span("2019-07", "2019-09")),
    ("III kwartał 2024", NONE, span("2024-07", "2024-09")),
    ("I kwartał 2024", NONE, span("2024-01", "2024-03")),
    ("2 pololetí 2019", NONE, span("2019-07", "2019-12")),
    ("2. pololetí 2019", NONE, span("2019-07", "2019-12")),
    ("1. pololetí 2019", NONE, span("2019-01", "2019-06")),
    ("I півріччя 2021", NONE, span("2021-01", "2021-06")),
    ("друге півріччя", P2324, span("2023-07", "2023-12")),
    ("друге півріччя 2024", NONE, span("2024-07", "2024-12")),
    ("I półrocze 2025", NONE, span("2025-01", "2025-06")),
    ("H1 2025", NONE, span("2025-01", "2025-06")),
    ("H2 2025", NONE, span("2025-07", "2025-12")),
    ("second half of 2025", NONE, span("2025-07", "2025-12")),
]

# --- Slots: several months or quarters ------------------------------------------------------

SLOTS: list[Case] = [
    ("травень, липень, вересень 2023", NONE, slots("2023-05", "2023-07", "2023-09")),
    ("травень, липень та вересень 2023", NONE, slots("2023-05", "2023-07", "2023-09")),
    ("червень, серпень, жовтень", P2023, slots("2023-06", "2023-08", "2023-10")),
    ("у квітні та травні", P2025, slots("2025-04", "2025-05")),
    ("травень-червень, вересень 2023", NONE, slots("2023-05", "2023-06", "2023-09")),
    ("травень 2023; червень 2024", NONE, slots("2023-05", "2024-06")),
    ("Q1, Q3 2024", NONE, slots("2024-Q1", "2024-Q3")),
    ("Q1 2024, Q3 2024", NONE, slots("2024-Q1", "2024-Q3")),
    ("1, 3 квартал 2024", NONE, slots("2024-Q1", "2024-Q3")),
    ("I і III квартал 2024", NONE, slots("2024-Q1", "2024-Q3")),
    ("5, 7, 9/2018", NONE, slots("2018-05", "2018-07", "2018-09")),
    ("5/2018, 9/2018", NONE, slots("2018-05", "2018-09")),
    ("March, June and September 2025", NONE, slots("2025-03", "2025-06", "2025-09")),
    ("březen a září 2019", NONE, slots("2019-03", "2019-09")),
    ("maj i czerwiec 2024", NONE, slots("2024-05", "2024-06")),
    ("травень 2023, травень 2023", NONE, once("2023-05")),
]

# --- Recurring ------------------------------------------------------------------------------

RECURRING: list[Case] = [
    # Ukrainian
    ("щомісяця", NONE, every("month")),
    ("щомісяця", P2025, every("month", period=P2025)),
    ("Щомісяця", P2025, every("month", period=P2025)),
    ("щомісячно", P2025, every("month", period=P2025)),
    ("щомісячний звіт", P2025, every("month", period=P2025)),
    ("1 раз у місяць", P2025, every("month", period=P2025)),
    ("1 раз на місяць", P2025, every("month", period=P2025)),
    ("1 раз в місяць", P2025, every("month", period=P2025)),
    ("раз на місяць", P2025, every("month", period=P2025)),
    ("2 рази на місяць", P2025, every("month", 2, P2025)),
    ("двічі на місяць", P2025, every("month", 2, P2025)),
    ("три рази на тиждень", P2025, every("week", 3, P2025)),
    ("1 раз у тиждень", P2025, every("week", period=P2025)),
    ("щотижня", P2025, every("week", period=P2025)),
    ("щотижнево", P2025, every("week", period=P2025)),
    ("кожного тижня", P2025, every("week", period=P2025)),
    ("кожного понеділка", P2025, every("week", period=P2025)),
    ("щопонеділка", P2025, every("week", period=P2025)),
    ("по четвергах", P2025, every("week", period=P2025)),
    ("кожної середи", P2025, every("week", period=P2025)),
    ("по середах", P2025, every("week", period=P2025)),
    ("každé pondělí", P2018, every("week", period=P2018)),
    ("w każdy piątek", P2025, every("week", period=P2025)),
    ("щокварталу", P2025, every("quarter", period=P2025)),
    ("щоквартально", P2025, every("quarter", period=P2025)),
    ("раз на квартал", P2025, every("quarter", period=P2025)),
    ("не рідше 1 разу на квартал", P2025, every("quarter", period=P2025)),
    ("раз на три місяці", P2025, every("quarter", period=P2025)),
    ("раз на 2 місяці", P2025, every("year", 6, P2025)),
    ("раз на два тижні", P2025, every("month", 2, P2025)),
    ("кожні два тижні", P2025, every("month", 2, P2025)),
    ("щороку", P2025, every("year", period=P2025)),
    ("щорічно", P2025, every("year", period=P2025)),
    ("раз на рік", P2025, every("year", period=P2025)),
    ("2 рази на рік", P2025, every("year", 2, P2025)),
    ("щопівроку", P2025, every("year", 2, P2025)),
    ("раз на півроку", P2025, every("year", 2, P2025)),
    ("щодня", P2025, every("day", period=P2025)),
    ("щоденно", P2025, every("day", period=P2025)),
    ("щороку в травні", P2025, every("year", period=P2025)),
    ("щомісяця у 2024 році", NONE, every("month", period=("2024-01", "2024-12"))),
    ("щотижня з березня по травень", P2025, every("week", period=("2025-03", "2025-05"))),
    ("щотижня у травні", P2025, every("week", period=("2025-05", "2025-05"))),
    ("щомісяця протягом року", P2025, every("month", period=P2025)),
    ("щомісяця до 5 числа", P2025, every("month", period=P2025)),
    # Czech
    ("čtvrtletně", P2018, every("quarter", period=P2018)),
    ("čtvrtletně po celou dobu realizace projektu", P2018, every("quarter", period=P2018)),
    ("měsíčně", P2018, every("month", period=P2018)),
    ("každý měsíc", P2018, every("month", period=P2018)),
    ("jednou měsíčně", P2018, every("month", period=P2018)),
    ("1x za měsíc", P2018, every("month", period=P2018)),
    ("2x měsíčně", P2018, every("month", 2, P2018)),
    ("2× měsíčně", P2018, every("month", 2, P2018)),
    ("týdně", P2018, every("week", period=P2018)),
    ("každý týden", P2018, every("week", period=P2018)),
    ("ročně", P2018, every("year", period=P2018)),
    ("každoročně", P2018, every("year", period=P2018)),
    ("dvakrát ročně", P2018, every("year", 2, P2018)),
    ("jednou za 14 dní", P2018, every("month", 2, P2018)),
    ("každé čtvrtletí", P2018, every("quarter", period=P2018)),
    ("denně", P2018, every("day", period=P2018)),
    # English
    ("weekly", P2025, every("week", period=P2025)),
    ("Weekly", P2025, every("week", period=P2025)),
    ("monthly", P2025, every("month", period=P2025)),
    ("monthly from March", P2025, every("month", period=("2025-03", "2025-12"))),
    ("monthly until June", P2025, every("month", period=("2025-01", "2025-06"))),
    ("quarterly", P2025, every("quarter", period=P2025)),
    ("yearly", P2025, every("year", period=P2025)),
    ("annually", P2025, every("year", period=P2025)),
    ("daily", P2025, every("day", period=P2025)),
    ("every week", P2025, every("week", period=P2025)),
    ("every month", P2025, every("month", period=P2025)),
    ("every quarter", P2025, every("quarter", period=P2025)),
    ("every year", P2025, every("year", period=P2025)),
    ("every two weeks", P2025, every("month", 2, P2025)),
    ("every 2 weeks", P2025, every("month", 2, P2025)),
    ("every other week", P2025, every("month", 2, P2025)),
    ("every 3 months", P2025, every("quarter", period=P2025)),
    ("every 6 months", P2025, every("year", 2, P2025)),
    ("every Monday", P2025, every("week", period=P2025)),
    ("biweekly", P2025, every("month", 2, P2025)),
    ("fortnightly", P2025, every("month", 2, P2025)),
    ("once a month", P2025, every("month", period=P2025)),
    ("twice a month", P2025, every("month", 2, P2025)),
    ("twice a year", P2025, every("year", 2, P2025)),
    ("3 times per week", P2025, every("week", 3, P2025)),
    ("once every two weeks", P2025, every("month", 2, P2025)),
    ("semi-annually", P2025, every("year", 2, P2025)),
    # Polish
    ("co miesiąc", P2025, every("month", period=P2025)),
    ("co tydzień", P2025, every("week", period=P2025)),
    ("co kwartał", P2025, every("quarter", period=P2025)),
    ("co roku", P2025, every("year", period=P2025)),
    ("raz w miesiącu", P2025, every("month", period=P2025)),
    ("raz w tygodniu", P2025, every("week", period=P2025)),
    ("2 razy w tygodniu", P2025, every("week", 2, P2025)),
    ("raz na kwartał", P2025, every("quarter", period=P2025)),
    ("raz na 2 tygodnie", P2025, every("month", 2, P2025)),
    ("kwartalnie", P2025, every("quarter", period=P2025)),
    ("miesięcznie", P2025, every("month", period=P2025)),
    ("tygodniowo", P2025, every("week", period=P2025)),
    ("rocznie", P2025, every("year", period=P2025)),
    ("codziennie", P2025, every("day", period=P2025)),
]

# --- Continuous -----------------------------------------------------------------------------

CONTINUOUS: list[Case] = [
    ("постійно", NONE, always()),
    ("Постійно", P2025, always(P2025)),
    ("постійний зв'язок", P2025, always(P2025)),
    ("протягом року", P2025, always(P2025)),
    ("Протягом року", P2025, always(P2025)),
    ("протягом періоду", P2025, always(P2025)),
    ("протягом дії плану", P2025, always(P2025)),
    ("цілий рік", P2025, always(P2025)),
    ("впродовж року", P2025, always(P2025)),
    ("упродовж року", P2025, always(P2025)),
    ("весь період", P2025, always(P2025)),
    ("оперативне інформування", P2025, always(P2025)),
    ("оперативно", P2025, always(P2025)),
    ("протягом 2024 року", NONE, always(("2024-01", "2024-12"))),
    ("постійно з березня 2024", P2324, always(("2024-03", "2024-07"))),
    ("průběžně", P2018, always(P2018)),
    ("Průběžně", P2018, always(P2018)),
    ("trvale", P2018, always(P2018)),
    ("celoročně", P2018, always(P2018)),
    ("po celou dobu projektu", P2018, always(P2018)),
    ("ongoing", P2025, always(P2025)),
    ("Ongoing", P2025, always(P2025)),
    ("continuous", P2025, always(P2025)),
    ("continuously", P2025, always(P2025)),
    ("all year", P2025, always(P2025)),
    ("all year round", P2025, always(P2025)),
    ("year-round", P2025, always(P2025)),
    ("throughout the project", P2025, always(P2025)),
    ("stale", P2025, always(P2025)),
    ("na bieżąco", P2025, always(P2025)),
    ("ciągle", P2025, always(P2025)),
    ("cały rok", P2025, always(P2025)),
]

# --- Relative -------------------------------------------------------------------------------

RELATIVE: list[Case] = [
    ("За 2 тижні до заходу", NONE, rel(-14, "захід")),
    ("за 2 тижні до заходу", P2021, rel(-14, "захід")),
    ("за два тижні до заходу", NONE, rel(-14, "захід")),
    ("2 тижні до заходу", NONE, rel(-14, "захід")),
    ("За півроку до відкриття", NONE, rel(-182, "відкриття")),
    ("за пів року до відкриття", NONE, rel(-182, "відкриття")),
    ("за місяць до свята", NONE, rel(-30, "свято")),
    ("за місяць до початку навчального року", NONE, rel(-30, "початку навчального року")),
    ("за 3 дні до сесії", NONE, rel(-3, "сесія")),
    ("за день до події", NONE, rel(-1, "подія")),
    ("за тиждень до заходу, повторно за день", NONE, rel(-7, "захід")),
    ("тиждень перед заходом", NONE, rel(-7, "захід")),
    ("за рік до відкриття ЦНАП", NONE, rel(-365, "відкриття цнап")),
    ("через тиждень після заходу", NONE, rel(7, "захід")),
    ("через 2 тижні після заходу", NONE, rel(14, "захід")),
    ("протягом 3 днів після події", NONE, rel(3, "подія")),
    ("напередодні свята", NONE, rel(-1, "свято")),
    ("у день відкриття", NONE, rel(0, "відкриття")),
    ("2 týdny před akcí", NONE, rel(-14, "akce")),
    ("týden před akcí", NONE, rel(-7, "akce")),
    ("měsíc po otevření", NONE, rel(30, "otevření")),
    ("14 dní před zahájením", NONE, rel(-14, "zahájení")),
    ("2 weeks before the event", NONE, rel(-14, "event")),
    ("two weeks before the event", NONE, rel(-14, "event")),
    ("a week before the conference", NONE, rel(-7, "conference")),
    ("the day before the event", NONE, rel(-1, "event")),
    ("one month after opening", NONE, rel(30, "opening")),
    ("3 days after the meeting", NONE, rel(3, "meeting")),
    ("2 tygodnie przed wydarzeniem", NONE, rel(-14, "wydarzenie")),
    ("na 2 tygodnie przed wydarzeniem", NONE, rel(-14, "wydarzenie")),
    ("tydzień po otwarciu", NONE, rel(7, "otwarciu")),
]

# --- As needed ------------------------------------------------------------------------------

AS_NEEDED: list[Case] = [
    ("за потреби", P2025, NEEDED),
    ("За потреби", P2025, NEEDED),
    ("за потребою", P2025, NEEDED),
    ("у разі потреби", P2025, NEEDED),
    ("в разі потреби", P2025, NEEDED),
    ("при потребі", P2025, NEEDED),
    ("по мірі потреби", P2025, NEEDED),
    ("в міру потреби", P2025, NEEDED),
    ("за необхідності", P2025, NEEDED),
    ("у разі необхідності", P2025, NEEDED),
    ("за запитом", P2025, NEEDED),
    ("dle potřeby", P2018, NEEDED),
    ("Dle potřeby", P2018, NEEDED),
    ("podle potřeby", P2018, NEEDED),
    ("dle aktuální potřeby", P2018, NEEDED),
    ("v případě potřeby", P2018, NEEDED),
    ("as needed", P2025, NEEDED),
    ("As needed", P2025, NEEDED),
    ("when needed", P2025, NEEDED),
    ("as required", P2025, NEEDED),
    ("on demand", P2025, NEEDED),
    ("ad hoc", P2025, NEEDED),
    ("ad-hoc", P2025, NEEDED),
    ("Ad hoc", P2025, NEEDED),
    ("may be held as needed", P2025, NEEDED),
    ("w razie potrzeby", P2025, NEEDED),
    ("w miarę potrzeb", P2025, NEEDED),
    ("doraźnie", P2025, NEEDED),
]

# --- Not understood, on purpose -------------------------------------------------------------

UNKNOWNS: list[Case] = [
    ("", P2025, UNKNOWN),
    ("   ", P2025, UNKNOWN),
    ("x x x", P2025, UNKNOWN),
    ("х х х", P2025, UNKNOWN),          # Cyrillic х
    ("X X X", P2025, UNKNOWN),
    ("+ + +", P2025, UNKNOWN),
    ("-", P2025, UNKNOWN),
    ("—", P2025, UNKNOWN),
    ("?", P2025, UNKNOWN),
    ("1", P2025, UNKNOWN),
    ("12", P2025, UNKNOWN),
    ("1.1.", P2025, UNKNOWN),
    ("10%", P2025, UNKNOWN),
    ("100 родину", P2025, UNKNOWN),
    ("14-45 років", P2025, UNKNOWN),
    ("20+ років", P2025, UNKNOWN),
    ("Екскурсії для 8, 9, 11 класи шкіл", P2025, UNKNOWN),
    ("it may be needed", NONE, UNKNOWN),
    ("вересень-листопад", NONE, UNKNOWN),   # no year, no period: cannot be placed
    ("Q1, Q3", NONE, UNKNOWN),
    ("1 квартал", NONE, UNKNOWN),
    ("зима 2024", NONE, UNKNOWN),           # which winter is not ours to guess
    ("winter 2024", NONE, UNKNOWN),
    ("13/2018", NONE, UNKNOWN),
    ("0/2018", NONE, UNKNOWN),
    ("32.13.2020", NONE, UNKNOWN),
    ("1800", NONE, UNKNOWN),
    ("2023-13", NONE, UNKNOWN),
    ("2023-00", NONE, UNKNOWN),
    ("5/1800", NONE, UNKNOWN),
    ("каждый месяц", P2025, UNKNOWN),       # Russian is not among the languages
    ("every 2 years", P2025, UNKNOWN),      # rarer than once a year
    ("регулярно", P2025, UNKNOWN),
    ("by the end of the year", P2025, UNKNOWN),
    ("lorem ipsum dolor sit amet", P2025, UNKNOWN),
    ("за тиждень", P2025, UNKNOWN),
    ("co czwarty tydzień", P2025, UNKNOWN),
    ("серед мешканців громади", P2025, UNKNOWN),
]

ALL_CASES: list[Case] = (SEED_001 + SEED_002 + SEED_HEADERS + ONCE + RANGES + QUARTERS + SLOTS
                         + RECURRING + CONTINUOUS + RELATIVE + AS_NEEDED + UNKNOWNS)


def _parse(text: str, period: Period) -> Schedule:
    return parse_schedule(text, period_start=period[0], period_end=period[1])


def _ids(cases: list[Case]) -> list[str]:
    return [f"{text!r}@{period[0]}..{period[1]}" for text, period, _ in cases]


@pytest.mark.parametrize(("text", "period", "expected"), ALL_CASES, ids=_ids(ALL_CASES))
def test_parse(text: str, period: Period, expected: dict[str, Any]) -> None:
    assert _parse(text, period).to_dict() == {"text": text.strip(), **expected}


@pytest.mark.parametrize(("text", "period", "expected"), ALL_CASES, ids=_ids(ALL_CASES))
def test_round_trip(text: str, period: Period, expected: dict[str, Any]) -> None:
    parsed = _parse(text, period)
    assert Schedule.from_dict(parsed.to_dict()) == parsed


# --- Seeds: what EXPECTED.md names, by kind -------------------------------------------------

def test_seed_002_kinds_in_order() -> None:
    column = ["5/2018", "9-11/2018",
              "čtvrtletně po celou dobu realizace projektu, dle potřeby častěji",
              "9/2018 - 11/2019", "6/2018 - 01/2020 - 4 akce", "průběžně", "průběžně",
              "průběžně", "průběžně", "průběžně", "12/2019"]
    kinds = [_parse(text, P2018).kind for text in column]
    assert kinds == ["once", "range", "recurring", "range", "range", "continuous",
                     "continuous", "continuous", "continuous", "continuous", "once"]


def test_seed_001_phrases_are_all_understood() -> None:
    phrases = ["постійно", "оперативне інформування", "за потреби", "1 раз у місяць",
               "1 раз у тиждень", "вересень-листопад 2021", "1 квартал 2021",
               "За 2 тижні до заходу", "За півроку до відкриття"]
    kinds = {text: _parse(text, P2021).kind for text in phrases}
    assert "unknown" not in kinds.values(), kinds


# --- Input handling -------------------------------------------------------------------------

def test_none_gives_unknown() -> None:
    assert parse_schedule(None) == Schedule(text="", kind="unknown")


def test_not_a_string_is_read_as_text() -> None:
    assert parse_schedule(2021).to_dict() == {  # type: ignore[arg-type]
        "text": "2021", "kind": "range", "start": "2021-01", "end": "2021-12"}


def test_text_is_kept_stripped_even_when_not_understood() -> None:
    assert parse_schedule("  \t nonsense words \n").text == "nonsense words"


def test_text_is_kept_whole_when_very_long() -> None:
    text = "щомісяця " + "дуже довгий текст " * 5000
    parsed = parse_schedule(text)
    assert parsed.text == text.strip()
    assert parsed.kind == "recurring"
    assert parsed.every == "month"


def test_html_and_entities_are_ignored_for_understanding_but_kept() -> None:
    parsed = parse_schedule("<p>травень&nbsp;2023</p>")
    assert parsed.text == "<p>травень&nbsp;2023</p>"
    assert (parsed.kind, parsed.start) == ("once", "2023-05")


@pytest.mark.parametrize("period", [
    ("garbage", "x"), ("2021-13", "2021-00"), ("1800-01", "2500-12"), ("", ""), ("21-01", None),
])
def test_bad_periods_are_ignored(period: Period) -> None:
    assert _parse("щомісяця", period).to_dict() == {
        "text": "щомісяця", "kind": "recurring", "every": "month"}


def test_period_given_as_years_or_dates() -> None:
    assert _parse("вересень", ("2021", "2021")).start == "2021-09"
    assert _parse("постійно", ("2021-03-15", "2021-06-30")).to_dict() == {
        "text": "постійно", "kind": "continuous", "start": "2021-03", "end": "2021-06"}


def test_reversed_period_is_put_in_order() -> None:
    assert _parse("постійно", ("2021-12", "2021-01")).to_dict() == {
        "text": "постійно", "kind": "continuous", "start": "2021-01", "end": "2021-12"}


@pytest.mark.parametrize(("period", "expected"), [
    (("2023-08", None), "2024-03"),
    ((None, "2024-07"), "2024-03"),
    (("2023-01", None), "2023-03"),
    ((None, "2023-02"), "2022-03"),
])
def test_year_from_an_open_period(period: Period, expected: str) -> None:
    assert _parse("березень", period).start == expected


@pytest.mark.parametrize("dash", ["-", "–", "—", "‒", "−", " - ", " – ", "  —  "])
def test_every_dash_makes_a_range(dash: str) -> None:
    parsed = _parse(f"вересень{dash}листопад 2021", NONE)
    assert (parsed.kind, parsed.start, parsed.end) == ("range", "2021-09", "2021-11")


@pytest.mark.parametrize(("two_digits", "year"), [("19", 2019), ("00", 2000), ("69", 2069),
                                                  ("70", 1970), ("99", 1999)])
def test_two_digit_years(two_digits: str, year: int) -> None:
    assert _parse(f"15.07.{two_digits}", NONE).start == f"{year}-07"


# --- Recurrence arithmetic ------------------------------------------------------------------

@pytest.mark.parametrize(("times", "interval", "unit", "expected"), [
    (1, 1, "week", ("week", None)),
    (2, 1, "month", ("month", 2)),
    (1, 1, "halfyear", ("year", 2)),
    (2, 1, "halfyear", ("year", 4)),
    (1, 2, "week", ("month", 2)),
    (1, 3, "week", ("quarter", 4)),
    (1, 4, "week", ("month", None)),
    (1, 14, "day", ("month", 2)),
    (1, 7, "day", ("week", None)),
    (1, 2, "month", ("year", 6)),
    (1, 3, "month", ("quarter", None)),
    (1, 6, "month", ("year", 2)),
    (1, 12, "month", ("year", None)),
    (1, 2, "quarter", ("year", 2)),
    (1, 2, "year", None),
    (0, 1, "month", None),
    (1, 0, "month", None),
    (1, 1, "fortnight", None),
])
def test_every_from_rate(times: float, interval: float, unit: str,
                         expected: tuple[str, int | None] | None) -> None:
    assert schedule_module._every_from_rate(times, interval, unit) == expected


# --- Properties: anything in, a valid schedule out ------------------------------------------

_MONTH_KEY = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_SLOT_KEY = re.compile(r"\d{4}-(0[1-9]|1[0-2]|Q[1-4])")

_ALPHABET = (string.ascii_letters + string.digits + string.punctuation + " \t\n\u00a0"
             + "абвгдежзийклмнопрстуфхцчшщьюяіїєґАБВІЇХ'’–—"
             + "áčďéěíňóřšťúůýžąćęłńóśźż×✓")
_WORDS = ["2021", "21", "9", "11/2018", "-", "–", ",", "квартал", "кв.", "Q1", "Q", "I", "II",
          "IX", "V.2018", "травень", "may", "Jan", "з", "до", "по", "2023-25", "2023-13",
          "2023-00", "0/2018", "13/2018", "32.13.2020", "00.00.00", "pololetí", "2",
          "півріччя", "рази", "на", "місяць", "за", "тижні", "заходу", "every", "0", "weeks",
          "раз", "0x", "měsíčně", "протягом", "року", "1900", "2100", "2101", "1899", "99",
          "70", "H1", "h3", "q5", "перший", "last", "quarter", "of", "постійно", "потреби",
          "před", "akcí", "before", "after", "po", "зима", "x", "<p>", "</p>", "&nbsp;"]
_PERIODS: list[Period] = [NONE, P2018, P2021, P2324, ("2021-01", None), (None, "2020-01"),
                          ("garbage", "2021-13"), ("2100-12", "2100-12"), ("1900-01", None)]


def _random_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for i in range(count):
        if i % 2:
            texts.append("".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 60))))
        else:
            texts.append(" ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 8))))
    return texts


def _assert_valid(parsed: Schedule, text: str) -> None:
    assert parsed.text == text.strip()
    assert parsed.kind in KINDS
    for value in (parsed.start, parsed.end):
        assert value is None or _MONTH_KEY.fullmatch(value), parsed
    if parsed.start is not None and parsed.end is not None:
        assert parsed.start <= parsed.end, parsed
    assert all(_SLOT_KEY.fullmatch(s) for s in parsed.slots), parsed
    assert parsed.every is None or parsed.every in EVERY
    assert parsed.times is None or parsed.times > 1
    assert parsed.count is None or parsed.count > 0
    assert (parsed.offset_days is None) == (parsed.anchor is None)
    assert Schedule.from_dict(parsed.to_dict()) == parsed


@pytest.mark.parametrize("seed", range(40))
def test_random_text_never_raises(seed: int) -> None:
    period = _PERIODS[seed % len(_PERIODS)]
    for text in _random_texts(seed, 100):
        _assert_valid(_parse(text, period), text)


@pytest.mark.parametrize("seed", range(20))
def test_random_text_needs_no_safety_net(seed: int) -> None:
    """The inner parser itself copes; the ``except`` in ``parse_schedule`` is only a net."""
    period = schedule_module._Period.of(*_PERIODS[seed % len(_PERIODS)])
    for text in _random_texts(1000 + seed, 100):
        _assert_valid(schedule_module._parse(text.strip(), period), text)


@pytest.mark.parametrize("text", [
    "1" * 100_000, "-" * 100_000, "Q" * 10_000, "I" * 10_000 + " квартал",
    "за " * 10_000, "\x00\ud800abc", "\u200b\u200b", "2021" * 5000, "травень " * 5000,
    "раз " * 5000 + "на місяць",
])
def test_pathological_text(text: str) -> None:
    _assert_valid(parse_schedule(text), text)


def test_a_count_between_two_months_is_a_range_of_that_many_events() -> None:
    schedule = parse_schedule("4 events between April and May 2025")
    assert (schedule.kind, schedule.start, schedule.end, schedule.count) == ("range", "2025-04", "2025-05", 4)


def test_a_length_of_time_is_kept_in_days() -> None:
    assert parse_schedule("6 week consultation").duration_days == 42
    assert parse_schedule("every 2 weeks").duration_days is None
