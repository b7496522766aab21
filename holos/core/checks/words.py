"""What the words of a plan say: engagement levels, audience groups, channel kinds.

Plans are written in Ukrainian, Czech, English and Polish, in whatever words their authors
use, so every reading here is a guess from word beginnings ("опитуван" finds "опитування"
and "опитуванням"). The guesses are meant to be overridden: an activity's stored level
wins over ``engagement_level``, and an organisation's fit table says which channels reach
whom. Patterns are matched against lower-cased text at the start of a word, unless they
say otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from holos.core.document import Activity

# ---------------------------------------------------------------------------------------------
# Engagement: the scale of involving residents, from informing them to deciding with them
# ---------------------------------------------------------------------------------------------

LEVELS = ("inform", "consult", "involve", "collaborate", "empower")


def _words(patterns: Iterable[str]) -> re.Pattern[str]:
    """One pattern that finds any of ``patterns`` at the beginning of a word."""
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + ")", re.IGNORECASE)


_EMPOWER = _words((
    # Ukrainian
    r"бюджет\w*\s+участі", r"громадськ\w*\s+бюджет", r"спільн\w*\s+рішен", r"спільно\s+(?:виріш|ухвал|виріш)",
    r"голосуван", r"референдум", r"делегуван\w*\s+повноважен", r"ухвалюють\s+мешканці",
    # Czech
    r"participativn\w*\s+rozpoč", r"hlasován", r"spolurozhod", r"společn\w*\s+rozhod", r"referend",
    # English
    r"participatory\s+budget", r"co-?decid", r"decide\s+together", r"joint\s+decision", r"voting", r"vote",
    r"citizens'?\s+assembl", r"community\s+budget",
    # Polish
    r"budżet\w*\s+(?:obywatelsk|partycypacyjn)", r"głosowan", r"współdecydow", r"wspóln\w*\s+decyzj",
))

_COLLABORATE = _words((
    # Ukrainian; "спільнота" is a community, not doing things together
    r"спільн(?!от)", r"партнерств", r"співпрац", r"співтвор", r"співорганіз", r"у\s+партнерстві",
    # Czech
    r"spoluprac", r"spolupráce", r"partnerstv", r"společně", r"spoluvytvář", r"spolutvor",
    # English
    r"co-?creat", r"co-?design", r"co-?produc", r"partnership", r"collaborat", r"together\s+with",
    # Polish
    r"współprac", r"partnerstw", r"wspólnie", r"współtworz",
))

_INVOLVE = _words((
    # Ukrainian
    r"залуч", r"долуч", r"робоч\w*\s+груп", r"ініціативн\w*\s+груп", r"круглий\s+стіл", r"кругл\w*\s+стол",
    r"воркшоп", r"майстер-?клас", r"фасиліт", r"діалог", r"волонтер", r"толок",
    # Czech
    r"pracovn\w*\s+skupin", r"kulat\w*\s+stol", r"kulatý\s+stůl", r"zapoj", r"dobrovoln", r"dialog",
    # English
    r"workshop", r"round\s*table", r"working\s+group", r"involv", r"volunteer", r"focus\s+group",
    r"dialogue",
    # Polish
    r"grup\w*\s+robocz", r"okrągł\w*\s+stoł", r"warsztat", r"angażow", r"zaangażow", r"włącz\w*\s+mieszkańc",
))

_CONSULT = _words((
    # Ukrainian
    r"опитуван", r"опитат", r"опиталь", r"анкетуван", r"анкет", r"громадськ\w*\s+слухан", r"слухан",
    r"громадськ\w*\s+обговорен", r"обговорен", r"консультац\w*\s+з\s+громад", r"зворотн\w*\s+зв",
    r"відгук", r"думк\w*\s+(?:жител|мешкан|громад|людей)", r"почути", r"збір\w*\s+пропозиц",
    r"скриньк\w*\s+(?:для\s+)?(?:запит|пропозиц|скарг)", r"фокус-груп", r"петиц",
    # Czech
    r"dotazník", r"anket", r"průzkum", r"slyšení", r"veřejn\w*\s+projednán", r"projednán",
    r"připomínk", r"konzultac", r"zpětn\w*\s+vazb", r"názor",
    # English
    r"survey", r"poll", r"questionnaire", r"public\s+hearing", r"hearing", r"consultation", r"consult",
    r"feedback", r"opinion", r"suggestion\s+box",
    # Polish
    r"ankiet", r"sondaż", r"badani\w*\s+opinii", r"konsultacj", r"wysłuchani", r"opini",
))

_LEVEL_PATTERNS = (("empower", _EMPOWER), ("collaborate", _COLLABORATE), ("involve", _INVOLVE),
                   ("consult", _CONSULT))


def engagement_level_of(text: str) -> str:
    """The highest step of the scale the words of ``text`` reach; "inform" when none."""
    for level, pattern in _LEVEL_PATTERNS:
        if pattern.search(text):
            return level
    return "inform"


def activity_text(activity: Activity) -> str:
    """The words that say what an activity does: its title, its result and its channels."""
    return "\n".join((activity.title, activity.result, *activity.channels))


def engagement_level(activity: Activity) -> str:
    """How far an activity involves residents, guessed from its title, result and channels.

    One of ``LEVELS``: inform, consult (survey, hearing), involve (working group, round
    table), collaborate (partnership, doing things together) or empower (participatory
    budget, a vote, a decision taken together). The highest step any word reaches wins.
    """
    return engagement_level_of(activity_text(activity))


# Words that close the loop: telling people what came of what they said.
_LOOP_CLOSED = _words((
    # Ukrainian
    r"результат\w*\s+(?:опитуван|анкетуван|обговорен|консультац|слухан|голосуван)", r"про\s+результат",
    r"звіт\w*\s+про", r"звітуван", r"ви\s+сказали", r"що\s+зроблено", r"що\s+було\s+зроблено",
    r"врахуван\w*\s+пропозиц", r"враховані\s+пропозиц", r"підсумк\w*\s+(?:опитуван|обговорен|консультац)",
    # Czech
    r"výsled", r"informac\w*\s+o\s+výstup", r"vyhodnocení", r"co\s+jsme\s+udělali", r"řekli\s+jste",
    # English
    r"you\s+said", r"we\s+did", r"results?\s+of", r"report\w*\s+back", r"what\s+(?:was|we)\s+(?:done|did)",
    r"survey\s+results", r"feedback\s+report",
    # Polish
    r"wynik", r"powiedzieliście", r"raport\w*\s+z\s+konsultacj", r"co\s+zrobiliśmy",
))


def closes_loop(text: str) -> bool:
    """Whether ``text`` tells people the results of asking them ("you said, we did")."""
    return _LOOP_CLOSED.search(text) is not None


# ---------------------------------------------------------------------------------------------
# Results that can be counted
# ---------------------------------------------------------------------------------------------

_MEASURABLE = re.compile(
    r"\d|%"
    r"|(?<!\w)(?:звіт|публікац|протокол|анкет|реєстр|каталог|буклет|довідник|кількіст|відсот"
    r"|report|publication|minutes|questionnaire|register|catalogue|leaflets?\b|number\s+of|percent"
    r"|zpráv|zpráva|počet|katalog|zápis|dotazník|publikac|procent"
    r"|raport|protok|ankiet|liczb|odset)",
    re.IGNORECASE,
)


def is_measurable(result: str) -> bool:
    """Whether a result can be counted: a number, a percentage, or a document or output.

    "10 публікацій", "Звіт про потреби", "500 учасників" can be checked when the work is
    done; "Інформування населення" and "Постійний зв'язок з громадою" cannot.
    """
    return _MEASURABLE.search(result) is not None


# ---------------------------------------------------------------------------------------------
# Audience groups
# ---------------------------------------------------------------------------------------------

GROUPS = (
    "impaired_sight", "impaired_hearing", "wheelchair", "no_internet", "elderly", "remote", "youth", "idp",
    "general",
)
# The groups whose absence from a plan is an accessibility gap.
HARD_TO_REACH = frozenset({"impaired_sight", "impaired_hearing", "wheelchair", "no_internet", "remote"})

_GROUP_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("impaired_sight", _words((
        r"вад\w*\s+зору", r"порушен\w*\s+зору", r"\w*зряч", r"слабозор", r"сліп", r"незрячі",
        r"slabozra", r"nevidom", r"zrakov\w*\s+postiž", r"zrakově", r"se\s+zrakovým",
        r"impaired\s+sight", r"visual\w*\s+impair", r"sight\s+impair", r"blind", r"low\s+vision", r"partially\s+sight",
        r"niewidom", r"słabowidz", r"niedowid", r"dysfunkcj\w*\s+wzrok",
    ))),
    ("impaired_hearing", _words((
        r"вад\w*\s+слуху", r"порушен\w*\s+слуху", r"глух", r"нечуюч", r"слабочуюч", r"туговух",
        r"sluchov\w*\s+postiž", r"sluchově", r"neslyš", r"nedoslýchav", r"hluch",
        r"impaired\s+hearing", r"hearing\s+impair", r"hard\s+of\s+hearing", r"deaf",
        r"niesłysz", r"głuch", r"słabosłysz", r"niedosłysz",
    ))),
    ("wheelchair", _words((
        r"інвалідн\w*\s+візк", r"візк", r"колісн\w*\s+крісл", r"маломобільн", r"з\s+порушенням\s+опорно",
        r"vozík", r"vozíčk", r"pohybov\w*\s+postiž", r"imobil",
        r"wheelchair", r"reduced\s+mobility", r"mobility\s+impair",
        r"wózk", r"niepełnosprawn\w*\s+ruchow", r"poruszając\w*\s+się\s+na\s+wózk",
    ))),
    ("no_internet", _words((
        r"без\s+(?:доступу\s+до\s+)?інтернет", r"не\s+користу\w*\s+інтернет", r"без\s+смартфон",
        r"цифров\w*\s+(?:неграмотн|розрив|виключ)", r"офлайн",
        r"bez\s+(?:přístupu\s+k\s+)?internet", r"digitáln\w*\s+vylouč",
        r"without\s+(?:access\s+to\s+)?(?:the\s+)?internet", r"no\s+internet", r"offline", r"digital\w*\s+exclu",
        r"bez\s+dostępu\s+do\s+internet", r"wykluczen\w*\s+cyfrow",
    ))),
    ("elderly", _words((
        r"похил\w*\s+вік", r"пенсіонер", r"літн", r"старш\w*\s+(?:вік|покол)", r"людей\s+старшого",
        r"senio", r"důchod", r"staří\s+lidé", r"starší\w*\s+(?:lid|obyvatel|občan)",
        r"elderly", r"older\s+(?:people|adults|residents)", r"pensioner", r"old\s+age",
        r"emeryt", r"osob\w*\s+starsz", r"starsz\w*\s+(?:osob|mieszkańc|ludz)",
        r"(?:6[0-9]|7[0-9])\s*\+",
    ))),
    ("remote", _words((
        r"віддален", r"старостинськ", r"сільськ", r"сіл(?!\w)", r"селах", r"в\s+селі",
        r"odlehl", r"venkov", r"vesnic", r"malých\s+obc", r"místních\s+částí",
        r"remote", r"rural", r"village", r"outlying",
        r"oddalon", r"wiejsk", r"wsi(?!\w)", r"sołectw",
    ))),
    ("youth", _words((
        r"молод(?!ш)", r"учн", r"школ", r"шкіл", r"студент", r"підлітк", r"старшокласник",
        r"mládež", r"mladí", r"mladých", r"žác", r"žák", r"škol", r"student",
        r"youth", r"young\s+people", r"pupil", r"teen", r"school", r"student",
        r"młodzież", r"młodych", r"uczni", r"szkoł",
    ))),
    ("idp", _words((
        r"впо(?!\w)", r"переміщен", r"вимушен\w*\s+переселен", r"переселен", r"біженц", r"внутрішньо\s+переміщ",
        r"uprchl", r"přesídl", r"vysídl",
        r"idps?(?!\w)", r"displaced", r"refugee",
        r"uchodź", r"przesiedl", r"wewnętrzn\w*\s+przesiedl",
    ))),
)


@lru_cache(maxsize=4096)
def audience_groups(name: str) -> frozenset[str]:
    """The groups an audience named in a plan belongs to; "general" when none is recognised.

    "Групи населення, які мають вади зору" → impaired_sight; "ВПО похилого віку" → idp and
    elderly; "Жителі громади" → general.
    """
    found = frozenset(group for group, pattern in _GROUP_PATTERNS if pattern.search(name))
    return found or frozenset({"general"})


# ---------------------------------------------------------------------------------------------
# Channel kinds
# ---------------------------------------------------------------------------------------------

KINDS = (
    "audio", "voice_message", "large_print", "braille", "phone", "print", "poster", "radio", "in_person",
    "starosta", "mobile_service", "boards", "social_media", "messenger", "website", "email", "tv", "school",
    "sign_language", "subtitles", "press", "video_call",
)

_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("audio", _words((
        r"аудіо", r"аудио", r"подкаст", r"звуков", r"озвучен",
        r"audio", r"podcast", r"zvukov", r"nahráv", r"namluv",
        r"spoken", r"recorded\s+message",
        r"nagrani", r"dźwięk",
    ))),
    ("voice_message", _words((
        r"голосов", r"voice\s+message", r"voice\s+mail", r"hlasov\w*\s+zpráv", r"wiadomoś\w*\s+głosow",
        r"głosow\w*\s+wiadom",
    ))),
    ("large_print", _words((
        r"велик\w*\s+шрифт", r"збільшен\w*\s+шрифт", r"large\s*-?print", r"large\s+font", r"velk\w*\s+písm",
        r"zvětšen\w*\s+písm", r"duż\w*\s+czcionk", r"powiększon\w*\s+czcionk",
    ))),
    ("braille", _words((r"брайл", r"braill", r"brail", r"brajl"))),
    ("phone", _words((
        r"телефон", r"тел\.", r"тел(?!\w)", r"гаряч\w*\s+лін", r"мобільн\w*\s+зв", r"дзвін", r"дзвон", r"смс", r"sms",
        r"telefon", r"infolink", r"horká\s+link", r"volání",
        r"phone", r"hotline", r"helpline", r"call\s+cent", r"calls?(?!\w)",
        r"infolini", r"zadzwo",
    ))),
    ("print", _words((
        r"листів", r"друк", r"газет", r"брошур", r"буклет", r"вісник", r"бюлетен", r"журнал(?!іст)", r"видан",
        r"tisk", r"tišt", r"leták", r"letak", r"brožur", r"novin", r"zpravodaj", r"časopis", r"katalog",
        r"print", r"leaflet", r"flyer", r"brochure", r"newspaper", r"bulletin(?!\s+board)", r"magazine",
        r"ulotk", r"druk", r"gazet", r"broszur", r"biuletyn",
    ))),
    ("poster", _words((
        r"плакат", r"постер", r"банер", r"білборд", r"біл-борд", r"сіті-?лайт", r"афіш",
        r"plakát", r"billboard", r"poster", r"banner", r"citylight", r"city-light", r"plakat",
    ))),
    ("radio", _words((
        r"радіо", r"радио", r"гучномовц", r"rozhlas", r"rádi", r"radio", r"loudspeaker", r"radiow", r"radiu",
    ))),
    ("in_person", _words((
        r"зустріч", r"зустрич", r"особист", r"особисто", r"прийом", r"семінар", r"тренінг", r"навчан", r"засідан",
        r"збор(?:и|ів)(?!\w)", r"сход(?:и|ів)?\s+(?:громад|мешкан|жител)", r"екскурс", r"консульт", r"кругл\w*\s+стол",
        r"круглий\s+стіл", r"форум", r"захід", r"заходи", r"презентац",
        r"osobn", r"schůz", r"setkán", r"jednán", r"projednán", r"beseda", r"besed", r"seminář", r"workshop",
        r"kulat\w*\s+stol", r"kulatý\s+stůl", r"vzdělávac\w*\s+akc", r"exkurz",
        r"meeting", r"in\s+person", r"face-to-face", r"face\s+to\s+face", r"seminar", r"training", r"round\s*table",
        r"open\s+day", r"town\s+hall", r"visit",
        r"spotkan", r"osobiśc", r"zebrani", r"szkoleni", r"dyżur",
    ))),
    ("starosta", _words((r"старост", r"starost", r"sołty"))),
    ("mobile_service", _words((
        r"мобільн\w*\s+(?:цнап|офіс|адміністратор|кейс|точк|пункт)", r"виїзн", r"виїзд", r"пересувн",
        r"mobiln\w*\s+(?:kancelář|úřad|služb|pracovišt)", r"terénn", r"výjezd",
        r"mobile\s+(?:service|office|unit|cnap|team)", r"outreach", r"on-site\s+visit",
        r"mobiln\w*\s+(?:biur|punkt|urzęd)", r"dojazd",
    ))),
    ("boards", _words((
        r"дошк", r"стенд", r"інформаційн\w*\s+стенд", r"nástěnk", r"vývěsk", r"úřední\w*\s+desk",
        r"informační\w*\s+tabul", r"notice\s*board", r"bulletin\s+board", r"info\s*board", r"tablic", r"gablot",
    ))),
    ("social_media", _words((
        r"фейсбук", r"facebook", r"фб(?!\w)", r"fb(?!\w)", r"instagram", r"інстаграм", r"соцмереж", r"соц\.\s*мереж",
        r"соціальн\w*\s+мереж", r"социальн\w*\s+сет", r"tiktok", r"тікток", r"youtube", r"ютуб",
        r"twitter", r"linkedin",
        r"sociáln\w*\s+sít", r"social\s+media", r"social\s+network", r"media\s+społecznościow", r"portal\w*\s+społeczn",
    ))),
    ("messenger", _words((
        r"телеграм", r"telegram", r"вайбер", r"viber", r"whatsapp", r"вотсап", r"ватсап", r"messenger", r"месенджер",
        r"чат-?бот", r"chat-?bot", r"signal\s+(?:group|chat)",
    ))),
    ("website", _words((
        r"сайт", r"www", r"web", r"веб", r"інтернет", r"портал", r"internet", r"portal", r"stránk", r"webov",
        r"website", r"online\s+form", r"strona\s+internetow", r"stron\w*\s+www", r"\S+\.(?:ua|cz|pl|org|com|eu|gov)\b",
    ))),
    ("email", _words((
        r"[eе]\s*-?\s*mail", r"mail", r"розсил", r"електронн\w*\s+пошт", r"ел\.\s*пошт", r"newsletter",
        r"е-?пошт", r"rozesíl", r"poczt\w*\s+elektroniczn",
    ))),
    ("tv", _words((
        r"телебачен", r"телеканал", r"телевізі", r"тв(?!\w)", r"трк", r"tv(?!\w)", r"televiz", r"television",
        r"telewizj",
    ))),
    ("school", _words((r"школ", r"шкіл", r"ліце", r"гімназ", r"škol", r"school", r"szkoł", r"класн\w*\s+годин"))),
    ("sign_language", _words((
        r"жестов", r"мов\w*\s+жест", r"сурдо", r"znakov\w*\s+jazyk", r"tlumočení\s+do\s+znak", r"sign\s+language",
        r"język\w*\s+migow", r"tłumacz\w*\s+migow",
    ))),
    ("subtitles", _words((r"субтитр", r"subtit", r"caption", r"titulk", r"napis"))),
    ("press", _words((
        r"змі(?!\w)", r"засоб\w*\s+масов", r"прес", r"журналіст", r"медіа", r"редакц", r"сми(?!\w)",
        r"tiskov", r"médi", r"media(?!\s+społ)", r"novinář", r"press", r"journalist", r"prasa", r"dziennikar",
    ))),
    ("video_call", _words((
        r"zoom", r"skype", r"teams", r"google\s+meet", r"відеоконф", r"відеозв", r"онлайн-?зустріч", r"вебінар",
        r"videokonfer", r"webinář", r"video\s*call", r"online\s+meeting", r"webinar", r"wideokonfer",
    ))),
)


@lru_cache(maxsize=4096)
def channel_kinds(name: str) -> frozenset[str]:
    """The kinds a channel named in a plan is of; empty when none is recognised.

    One cell often names several ("Анонс для місцевих ЗМІ: Радіо «Хвиля гір», Газета") and
    then it is of each: press, radio and print.
    """
    return frozenset(kind for kind, pattern in _KIND_PATTERNS if pattern.search(name))
