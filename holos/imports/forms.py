import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from holos.core.importers import COLUMN_ROLES
from holos.core.importers.headers import ROLES as ONE_COLUMN_ROLES
from holos.core.importers.headers import TIME_ROLES
from holos.core.review import ROLES


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Plan document"), required=False,
        help_text=_("Word (.docx, .doc), Excel (.xlsx, .xls), OpenDocument (.odt, .ods), PDF, RTF, a saved web page "
                    "(.html), CSV or a text copy (.txt)."),
    )
    text = forms.CharField(
        label=_("…or paste the plan's text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        limit = settings.HOLOS_IMPORT_MAX_BYTES
        if upload and upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not data.get("file") and not (data.get("text") or "").strip() and not self.errors:
            raise forms.ValidationError(_("Choose a file or paste the text of a plan."))
        return data


def column_role_labels() -> dict[str, str]:
    """How a person calls each role a column can be read as, in the reader's language."""
    labels = {
        "number": _("numbering"),
        "goal": _("goal"),
        "key_message": _("key message"),
        "task": _("task or topic"),
        "activity": _("activity"),
        "audience": _("audience"),
        "channels": _("channels"),
        "responsible": _("responsible"),
        "result": _("planned result"),
        "resources": _("resources"),
        "period": _("period"),
        "indicators": _("indicators"),
        "slots": _("months or quarters, as a list"),
        "month": _("month"),
        "quarter": _("quarter"),
        "notes": _("notes"),
        "ignore": _("leave out"),
    }
    assert set(labels) == set(COLUMN_ROLES)
    return {role: str(label) for role, label in labels.items()}


def column_choices(column: Mapping[str, Any]) -> list[str]:
    """The roles a column may be given: a month or quarter only if it was read as one."""
    own = column.get("guess") if column.get("guess") in TIME_ROLES else column.get("role")
    return [role for role in COLUMN_ROLES if role not in TIME_ROLES or role == own]


class ColumnRolesForm(forms.Form):
    """What each column of one table holds, and which of its rows is the header line.

    A column the form leaves out keeps the role it has. A role only one column may have
    (numbering, activity, …) chosen for two is refused, naming the columns; a header line
    that is not one of the rows shown is taken as "as Holos read it". ``roles`` comes out
    as column index → role, ``header`` as a row index or None.
    """

    header = forms.CharField(required=False)

    def __init__(self, *args, table: Mapping[str, Any], **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table
        self.labels = column_role_labels()
        for column in self.columns:
            number = column["index"] + 1
            self.fields[f"col-{column['index']}"] = forms.ChoiceField(
                required=False, choices=[(role, self.labels[role]) for role in column_choices(column)],
                error_messages={"invalid_choice": _("Column %(number)s: choose one of the roles listed.")
                                % {"number": number}},
            )

    @property
    def columns(self) -> list[Mapping[str, Any]]:
        return list(self.table.get("columns", []))

    def clean_header(self) -> int | None:
        value = self.cleaned_data["header"]
        if not (value.isascii() and value.isdigit()) or len(value) > 9:
            return None
        row = int(value)
        return row if row < len(self.table.get("rows") or []) else None

    def clean(self):
        super().clean()
        roles = self.roles_shown()
        taken: dict[str, list[int]] = {}
        for index, role in roles.items():
            if role in ONE_COLUMN_ROLES:
                taken.setdefault(role, []).append(index + 1)
        for role, numbers in taken.items():
            if len(numbers) > 1:
                self.add_error(None, _("Only one column can be read as “%(role)s”; it was chosen for columns "
                                       "%(numbers)s.") % {"role": self.labels[role],
                                                          "numbers": ", ".join(str(n) for n in numbers)})
        self.cleaned_data["roles"] = roles
        return self.cleaned_data

    def roles_shown(self) -> dict[int, str]:
        """Each column's role as sent, or the one it has where nothing valid was sent."""
        data = getattr(self, "cleaned_data", {})
        return {column["index"]: str(data.get(f"col-{column['index']}") or column.get("role") or "")
                for column in self.columns}

    def sentences(self) -> list[str]:
        """Every mistake, column by column and then the roles taken twice, for the table's box."""
        return [str(message) for name, errors in self.errors.items() if name != "__all__" for message in errors] + [
            str(message) for message in self.non_field_errors()]


class ReviewForm(forms.Form):
    """The preview's choices: what each row is (an activity, a heading, left out) and which plans to save.

    The rows are named by their keys (``p0.1.0.2``) and the plans by ``plan-<n>`` checkboxes;
    ``roles`` comes out as the rows that are not activities, ``chosen`` as the plans ticked.
    """

    def clean(self):
        super().clean()
        self.cleaned_data["roles"] = {key: value for key, value in self.data.items()
                                      if key.startswith("p") and value in ROLES and value != "activity"}
        self.cleaned_data["chosen"] = {int(key[5:]) for key, value in self.data.items()
                                       if value == "on" and re.fullmatch(r"plan-\d{1,4}", key)}
        return self.cleaned_data
