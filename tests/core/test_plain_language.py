"""The message helper reads key messages in Ukrainian, Czech and English."""

import pytest

from holos.core.plain_language import analyse, calls_to_action, readability, syllables


@pytest.mark.parametrize("language, word, count", [
    ("uk", "громада", 3), ("uk", "ЦНАП", 1), ("uk", "зустрічаємо", 5),
    ("cs", "obec", 2), ("cs", "vlk", 1), ("cs", "Brno", 2), ("cs", "úřad", 2),
    ("en", "community", 4), ("en", "centre", 1), ("en", "people", 2), ("en", "come", 1),
])
def test_syllables_are_counted_by_the_vowels_of_each_language(language, word, count):
    assert syllables(word, language) == count


@pytest.mark.parametrize("language, plain, official", [
    ("uk", "Ви тут удома. Запитайте нас. Ми допоможемо.",
     "З метою забезпечення належного функціонування центру надання адміністративних послуг відповідно до "
     "рішення виконавчого комітету здійснюється інформування населення."),
    ("cs", "Jste tu doma. Zeptejte se nás. Pomůžeme.",
     "V souladu s usnesením zastupitelstva byla realizována informační kampaň zaměřená na zvýšení "
     "informovanosti obyvatelstva o poskytovaných službách."),
    ("en", "You are at home here. Ask us. We will help.",
     "In accordance with the decision of the executive committee, the implementation of the information "
     "campaign regarding administrative services was facilitated."),
])
def test_plain_words_read_easier_than_the_language_of_orders(language, plain, official):
    easy, hard = readability(plain, language), readability(official, language)
    assert easy is not None and hard is not None
    assert easy >= 60 > 40 > hard
    report = analyse(official, language)
    codes = {hint.code for hint in report.hints}
    assert {"jargon", "passive", "no-call"} <= codes
    assert analyse(plain, language).hints == []


@pytest.mark.parametrize("language, text, calls", [
    ("uk", "Приходьте до ЦНАП, телефонуйте і пишіть нам.", ["Приходьте", "телефонуйте", "пишіть"]),
    ("uk", "Ми поруч: запитайте — ми відповімо.", ["запитайте"]),
    ("uk", "Ми завжди поруч і разом.", []),
    ("cs", "Přijďte na úřad, jste tu vítáni.", ["Přijďte"]),
    ("cs", "Máte otázku? Zeptejte se nás.", ["Zeptejte se"]),
    ("en", "Come to the centre, call us or write to us.", ["Come", "call", "write"]),
    ("en", "We are here for you.", []),
])
def test_calls_to_action_are_the_imperatives_addressed_to_the_reader(language, text, calls):
    assert calls_to_action(text, language) == calls


def test_one_call_is_what_the_method_asks_for():
    assert analyse("Приходьте до ЦНАП.", "uk").one_call
    many = analyse("Приходьте, телефонуйте, пишіть.", "uk")
    assert [h.code for h in many.hints] == ["many-calls"]
    assert "Приходьте, телефонуйте, пишіть" in many.hints[0].text()


def test_a_long_message_and_its_long_sentence_are_named():
    text = ("Ми запрошуємо всіх мешканців громади, зокрема внутрішньо переміщених осіб, людей похилого віку та "
            "молодь, приходити до нашого центру щодня, щоб отримати послуги, поради та відповіді на запитання.")
    report = analyse(text, "uk")
    codes = [hint.code for hint in report.hints]
    assert "long-message" in codes and "long-sentence" in codes
    assert report.words == 27 and report.sentences == 1


def test_empty_text_has_no_figure_and_no_hint():
    report = analyse("   ", "cs")
    assert report.readability is None and report.hints == [] and report.words == 0
