"""Views imported when a request first needs them, so that loading the URL configuration is cheap.

Commands reverse URLs too (``holos plans`` prints each plan's address), which loads the URL
configuration. Importing every view with it would load the readers of every document
format, the export writers and the calendar library, and take longer than starting Django.
The URL configuration names views through ``views_of("holos.plans.views").plan_detail``
instead; the module is imported by the first request (or check) that needs one of them.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any


class OnDemandView:
    """A view function named by module and name; anything asked of it is asked of the real one."""

    def __init__(self, module: str, name: str) -> None:
        self.__module__ = module
        self.__name__ = self.__qualname__ = name
        self.imported: Any = None

    def view(self) -> Any:
        if self.imported is None:
            self.imported = getattr(import_module(self.__module__), self.__name__)
        return self.imported

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.view()(*args, **kwargs)

    def __getattr__(self, attribute: str) -> Any:
        # Only for what the instance lacks: the marks decorators leave (csrf_exempt, ...).
        # While the URL configuration loads, decorators and the resolver ask every view
        # whether it is a coroutine (private marks) or a class-based view (``view_class``);
        # these are plain functions, and answering must not import them.
        if attribute.startswith("_") or attribute in ("view_class", "view_initkwargs"):
            raise AttributeError(attribute)
        return getattr(self.view(), attribute)

    def __repr__(self) -> str:
        return f"<view {self.__module__}.{self.__name__}>"


class views_of:  # reads as a function in the URL configuration
    """The views of a module, each imported when first called."""

    def __init__(self, module: str) -> None:
        self._module = module

    def __getattr__(self, name: str) -> OnDemandView:
        if name.startswith("__"):
            raise AttributeError(name)
        return OnDemandView(self._module, name)
