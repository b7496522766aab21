"""Views imported when a request first needs them, so that loading the URL configuration is cheap.

Commands reverse URLs too (``holos plans`` prints each plan's address), which loads the URL
configuration. Importing every view with it would load the readers of every document
format, the export writers and the calendar library, and take longer than starting Django.
The URL configuration names views through ``views_of("holos.plans.views").plan_detail``
instead; the module is imported by the first request (or check) that needs one of them.
A class-based view is named the same way and given its arguments as Django's own:
``views_of("django.contrib.auth.views").LoginView.as_view(redirect_authenticated_user=True)``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any


class OnDemandView:
    """A view named by module and name; anything asked of it is asked of the real one.

    With ``initkwargs`` the name is a class-based view, and the real view is what its
    ``as_view(**initkwargs)`` gives.
    """

    def __init__(self, module: str, name: str, initkwargs: dict[str, Any] | None = None) -> None:
        self.__module__ = module
        self.__name__ = self.__qualname__ = name
        self.initkwargs = initkwargs
        self.imported: Any = None

    def view(self) -> Any:
        if self.imported is None:
            found = getattr(import_module(self.__module__), self.__name__)
            self.imported = found if self.initkwargs is None else found.as_view(**self.initkwargs)
        return self.imported

    def as_view(self, **initkwargs: Any) -> OnDemandView:
        """The view of a class-based view, made from the class when first called."""
        return OnDemandView(self.__module__, self.__name__, initkwargs)

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
