"""The audit log's filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class LogFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("What changed"), required=False)
    person = forms.ChoiceField(label=_("Who"), required=False)
    deleted = forms.BooleanField(label=_("Deletions only"), required=False)
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)

    def __init__(self, *args, kinds, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = [("", _("everything")), *kinds]
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ChoiceField)
        person_field.choices = [
            ("", _("everyone")), ("system", _("the system")),
            *((str(m.user_id), m.user.get_full_name() or m.user.get_username()) for m in people),
        ]
