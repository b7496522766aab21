from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "holos.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from holos.accounts import throttling  # noqa: F401 - connects the audit of sign-in lockouts
