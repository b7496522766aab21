"""The words plans are written in, in Ukrainian, Czech, English and Polish.

Every guess the importer makes about meaning starts from one of these tables, so that a
new language or a new way of naming a column is one line here and nowhere else. Words are
lower case; a stem matches at the start of a word ("аудитор" matches "Аудиторія").
"""

from __future__ import annotations

# Column roles, recognised by the words of a header cell. When a header holds words of
# several roles, the word that comes first wins: "Цільова аудиторія (для кого цей
# захід?)" is about the audience, not about the activity ("захід").
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "number": ("#", "№", "з/п", "п/п", "no.", "nr", "lp", "l.p.", "č.", "pořadí"),
    # A flat table repeats the goal and its key message on every row of its activities.
    "goal": (
        "комунікаційна ціль", "стратегічна ціль", "ціль",
        "komunikační cíl", "cíl",
        "communication goal", "goal",
    ),
    "key_message": (
        "ключове повідомлення", "ключовий меседж", "меседж", "що повідомити", "що донести",
        "klíčové sdělení", "co sdělit", "sdělení",
        "key message", "message", "what to tell", "what we need to tell", "what we will tell",
        "what do they need to know", "what they need to know",
        "kluczowy komunikat", "komunikat", "przekaz", "co przekazać",
    ),
    "task": (
        "комунікаційне завдання", "komunikační úkol", "communication task",
        "тематичн", "складов", "компонент", "блок", "тема",
        "téma", "tematick", "oblast", "složk", "komponent",
        "topic", "theme", "component", "area",
        "temat", "obszar", "kierun",
        "phase", "fáze", "faza", "фаза",
    ),
    "activity": (
        "назва актив", "актив", "захід", "заход", "діяльн", "опис", "завдання", "дії",
        "činnost", "aktivit", "opatřen", "úkol", "popis",
        "activit", "action", "task", "description", "event",
        "działan", "aktywnoś", "zadani", "opis",
    ),
    "audience": (
        "цільов", "аудитор", "для кого", "на кого", "стейкхолдер", "групи стейкхолдерів",
        "cílov", "pro koho", "komu",
        "audience", "target group", "for whom", "stakeholder",
        "odbiorc", "grupa docelow", "grupy docelow", "dla kogo", "interesariusz",
    ),
    "channels": (
        "канал", "формат", "засоб", "спосіб", "метод",
        "kanál", "jak budou", "osloven", "nástroj", "forma", "způsob",
        "channel", "medium", "media", "tool", "how", "method", "approach",
        "kanał", "kanal", "narzędz", "sposób", "metod",
    ),
    "responsible": (
        "відповідал", "виконавець", "виконавці", "хто",
        "kdo", "odpovědn", "zodpověd", "garant",
        "responsib", "owner", "who",
        "odpowiedzial", "kto", "realizator",
    ),
    "result": (
        "результат", "очікуван",
        "výsled", "výstup", "přínos",
        "result", "outcome", "output", "expected",
        "rezultat", "wynik", "efekt",
    ),
    "resources": (
        "ресурс", "бюджет", "кошт", "фінансуван",
        "zdroj", "rozpočet", "náklad",
        "resource", "budget", "cost",
        "zasob", "zasób", "budżet", "koszt",
    ),
    "period": (
        "період", "термін", "строк", "коли", "дата", "графік", "частот",
        "kdy", "termín", "harmonogram", "období", "četnost",
        "period", "when", "timing", "deadline", "date", "schedule", "timeline", "frequency",
        "termin", "okres", "kiedy", "częstotliw",
    ),
    # The months or quarters marked, written as a list ("2023-05; 2023-07").
    "slots": ("місяці або квартали", "měsíce nebo čtvrtletí", "months or quarters"),
    "indicators": (
        "індикатор", "показник", "kpi",
        "indikátor", "ukazatel",
        "indicator", "measure", "metric",
        "wskaźnik", "miernik",
    ),
}

# Columns a stakeholder matrix adds beside the audience, what to tell it and how: why it
# matters, what its interest is. Their cells are kept, labelled, with each activity.
NOTE_COLUMN_WORDS = (
    "чому", "навіщо", "інтерес", "роль",
    "proč", "zájem", "role",
    "why", "interest", "purpose", "concern", "role",
    "dlaczego", "po co", "interes", "rola",
)

MONTHS: dict[str, int] = {
    # Ukrainian, nominative as in column headers
    "січень": 1, "лютий": 2, "березень": 3, "квітень": 4, "травень": 5, "червень": 6,
    "липень": 7, "серпень": 8, "вересень": 9, "жовтень": 10, "листопад": 11, "грудень": 12,
    # Czech
    "leden": 1, "únor": 2, "březen": 3, "duben": 4, "květen": 5, "červen": 6,
    "červenec": 7, "srpen": 8, "září": 9, "říjen": 10, "listopad": 11, "prosinec": 12,
    # Polish ("listopad" is November in Czech and Polish alike)
    "styczeń": 1, "luty": 2, "marzec": 3, "kwiecień": 4, "maj": 5, "czerwiec": 6,
    "lipiec": 7, "sierpień": 8, "wrzesień": 9, "październik": 10, "grudzień": 12,
    # English, with the usual abbreviations
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

# Short month names of narrow columns ("трав 2023", "čvn 2024"), read only with a year after
# them: alone, "лист" or "pro" are ordinary words.
MONTH_ABBREVIATIONS: dict[str, int] = {
    "січ": 1, "лют": 2, "бер": 3, "квіт": 4, "трав": 5, "черв": 6, "лип": 7, "серп": 8, "вер": 9,
    "жовт": 10, "лист": 11, "груд": 12,
    "led": 1, "úno": 2, "bře": 3, "dub": 4, "kvě": 5, "čvn": 6, "čvc": 7, "srp": 8, "zář": 9,
    "říj": 10, "lis": 11, "pro": 12,
}

# Month names as they appear inside a sentence ("на 2023 рік (травень-жовтень)",
# "з травня по жовтень"): stems long enough to be unambiguous.
MONTH_STEMS: dict[str, int] = {
    "січ": 1, "лют": 2, "берез": 3, "квіт": 4, "трав": 5, "черв": 6, "лип": 7,
    "серп": 8, "верес": 9, "жовт": 10, "листопад": 11, "груд": 12,
}

QUARTER_WORDS = ("кв", "квартал", "q", "čtvrtletí", "čtvrt", "kw", "kwartał", "quarter", "qtr")

# Marks that tick a month or quarter in a plan's grid ("х" is the Cyrillic letter).
MARKS = frozenset({"x", "х", "+", "✓", "✔", "v", "•", "*", "1"})

# Paragraph and row labels that say what follows.
GOAL_MARKERS = (
    "комунікаційна ціль", "ціль", "мета", "стратегічний напрям", "напрям", "пріоритет",
    "komunikační cíl", "cíl", "strategický směr", "priorita",
    "communication goal", "goal", "objective", "strategic direction", "aim", "priority",
    "cel komunikacyjny", "cel", "kierunek strategiczny", "priorytet",
)
DIRECTION_MARKERS = ("стратегічний напрям", "напрям", "strategický směr", "strategic direction",
                     "kierunek strategiczny")
KEY_MESSAGE_MARKERS = (
    "ключове повідомлення", "ключовий меседж", "меседж",
    "klíčové sdělení", "key message", "kluczowy komunikat", "przekaz",
)
# A line under a goal that lists the goal's own indicators ("Індикатори: 4 дослідження; __ сесій").
GOAL_INDICATOR_MARKERS = ("індикатори", "indikátory", "indicators", "wskaźniki")
TASK_MARKERS = (
    "комунікаційне завдання", "завдання",
    "komunikační úkol", "úkol",
    "communication task", "task", "objective",
    "zadanie komunikacyjne", "zadanie",
)
PERIOD_MARKERS = (
    "період", "термін", "строк", "termín realizace", "termín", "období", "doba realizace",
    "period", "timeframe", "okres", "termin realizacji",
)

# Words that name the kind of plan, in the order they are tried on a title.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "operational": ("операційн", "operační plán", "operacyjn", "operational", "action plan"),
    "strategic": ("стратегічн", "strategick", "strategiczn", "strategic"),
    "campaign": ("кампані", "kampaň", "kampaně", "kampani", "campaign"),
    "thematic": ("тематичн", "tematick", "tematyczn", "thematic"),
    "calendar": ("календарн", "kalendář", "kalendářn", "kalendarz", "calendar"),
}

# A plan's title names it a plan; these are the word forms that do so (not "планування").
PLAN_WORDS = (
    "план", "плану", "плани", "планом",
    "plán", "plánu", "plány",
    "plan", "planu", "plany", "plans",
    # A timeline is the plan of a process: "Harmonogram budżetu obywatelskiego 2023".
    "harmonogram", "harmonogramu", "графік", "графіку", "timeline", "timetable",
)

# A heading of a thematic block that is about groups of people rather than work
# ("ГРУПИ НАСЕЛЕННЯ"); the heading must start with one of these.
AUDIENCE_BLOCK_WORDS = (
    "групи населення", "цільові групи", "цільові аудиторії", "групи стейкхолдерів",
    "cílové skupiny", "skupiny obyvatel",
    "target groups", "target audiences", "audiences", "stakeholder groups",
    "grupy docelowe", "grupy mieszkańców", "grupy interesariuszy",
)

# The first word of an activity's title, for telling work from people in a column of groups
# ("Інформування про відкриття ЦНАП" among "Мешканці громади …"). Whole words only:
# "Організації" (organisations) are people, "Організація заходу" is work.
WORK_WORDS = frozenset({
    "інформування", "проведення", "організація", "створення", "залучення", "поширення",
    "підготовка", "розміщення", "забезпечення", "висвітлення", "оприлюднення", "запровадження",
    "розробка", "розроблення", "виготовлення", "опитування", "моніторинг", "презентація",
    "informování", "pořádání", "zajištění", "vytvoření", "příprava", "propagace", "zveřejnění",
    "realizace", "uspořádání",
    "informing", "organising", "organizing", "holding", "preparing", "creating", "publishing",
    "informowanie", "organizacja", "przygotowanie", "prowadzenie", "publikacja", "utworzenie",
})

# Words that begin the name of a unit or a person responsible. In "Центр зайнятості,
# відділ економічного розвитку" the comma separates two units; in "Відділ культури,
# туризму, національностей і релігій" it does not, as "туризму" names no unit.
UNIT_WORDS = (
    "відділ", "управлінн", "сектор", "служб", "центр", "департамент", "комітет", "рад",
    "апарат", "цнап", "школ", "заклад", "директор", "керівник", "голов", "староста",
    "спеціаліст", "секретар", "працівник", "виконком", "адміністратор", "громадськ", "волонтер",
    "облдержадміністрац", "райдержадміністрац", "держадміністрац", "адміністрац", "міністерств",
    "органи", "військов", "старост", "виконавч", "структурн",
    "odbor", "oddělení", "tým", "úřad", "rada", "starost", "ředitel", "koordinátor",
    "department", "office", "unit", "team", "centre", "center", "council", "head", "director",
    "manager", "coordinator", "secretary", "staff",
    "wydział", "referat", "biuro", "zespół", "urząd", "rada", "dyrektor", "kierownik",
    "koordynator", "sekretarz",
)

# Resources cells: what says "nothing needed". Anything else written there is a need.
NO_RESOURCES = (
    "не потребує", "не потрібно", "не потрібні", "не передбачено", "без витрат", "ні",
    "nepotřebuje", "není potřeba", "bez nákladů", "ne",
    "not needed", "none", "no", "n/a", "nil",
    "nie wymaga", "nie potrzeba", "brak", "nie",
)

# Organisations that write plans, as their name appears in a title (genitive) and as
# it should be shown (nominative).
ORGANIZATION_NOUNS: dict[str, str] = {
    "громади": "громада",
    "ради": "рада",
    "центру": "центр",
    "управління": "управління",
    "відділу": "відділ",
    "адміністрації": "адміністрація",
    "організації": "організація",
    "установи": "установа",
    "закладу": "заклад",
    "цнап": "ЦНАП",
    "obce": "obec",
    "města": "město",
    "kraje": "kraj",
    "orp": "ORP",
    "gminy": "gmina",
    "miasta": "miasto",
    "urzędu": "urząd",
}

# A line naming the project a plan belongs to ("projekt „Komunitní plánování … pro ORP
# Strakonice“"): an organisation found there is the one the project is for.
PROJECT_WORDS = ("проєкт", "проект", "projekt", "project")

# Genitive endings of the adjectives before such a noun, and their nominative.
ADJECTIVE_ENDINGS: tuple[tuple[str, str], ...] = (
    ("ської", "ська"), ("цької", "цька"), ("ної", "на"), ("ої", "а"), ("ього", "ій"),
    ("ського", "ський"), ("ного", "ний"), ("ого", "ий"),
)

# Words that end an organisation's name inside a title.
ORGANIZATION_STOPS = (" на ", " та ", " і ", " щодо ", " з метою ", ",", "(", " for ", " pro ", " na ")

APPROVAL_DOCUMENTS: dict[str, str] = {
    "розпорядження": "розпорядження",
    "рішення": "рішення",
    "рішенням": "рішення",
    "наказ": "наказ",
    "наказу": "наказ",
    "наказом": "наказ",
    "постанова": "постанова",
    "постанови": "постанова",
    "постановою": "постанова",
    "usnesení": "usnesení",
    "usnesením": "usnesení",
    "rozhodnutí": "rozhodnutí",
    "zarządzenie": "zarządzenie",
    "zarządzenia": "zarządzenie",
    "uchwała": "uchwała",
    "uchwały": "uchwała",
    "order": "order",
    "decision": "decision",
    "resolution": "resolution",
}

# Letters and short words that tell the four languages apart.
LANGUAGE_LETTERS: dict[str, str] = {
    "cs": "ěščřžůťďň",
    "pl": "ąęłńśźż",
}
LANGUAGE_WORDS: dict[str, frozenset[str]] = {
    "cs": frozenset({"a", "v", "se", "na", "pro", "je", "s", "z", "k", "o", "ve", "jsou", "budou"}),
    "pl": frozenset({"i", "w", "się", "na", "dla", "z", "do", "jest", "oraz", "od", "przez"}),
    "en": frozenset({"the", "and", "of", "to", "for", "in", "with", "on", "by", "plan"}),
}
