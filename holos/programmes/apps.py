from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "holos.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from holos.builder.sources import register_source
        from holos.programmes.builder_source import programme_sources

        register_source(programme_sources)
