"""The indicators page's quick multiple select writes what Django's own widget writes."""

from django import forms

from holos.work.forms import QuickSelectMultiple

CHOICES = [(1, "Ефір на радіо"), (2, 'Зустріч "Відкрита громада" <2025> & звіт'), (13, "Третій")]


def test_it_writes_the_markup_of_djangos_select():
    for value in ([], [2], ["1", "13"]):
        quick = QuickSelectMultiple(attrs={"size": 6}, choices=CHOICES)
        plain = forms.SelectMultiple(attrs={"size": 6}, choices=CHOICES)
        attrs = {"id": "id_s5-activities", "aria-describedby": "s5-help"}
        expected = plain.render("s5-activities", value, attrs).replace("\n", "").replace("  ", "")
        assert quick.render("s5-activities", value, attrs) == expected
