from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control


class UserLanguageMiddleware:
    """Speak the signed-in user's chosen language, unless this request chose another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        chosen_in_cookie = request.COOKIES.get("django_language")
        if user is not None and user.is_authenticated and user.language and not chosen_in_cookie:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class PrivacyHeadersMiddleware:
    """Headers that keep what a signed-in person sees to them, and switch off unused browser features.

    A page shown to a signed-in person is ``Cache-Control: private, no-store``: no shared
    cache keeps it and the browser does not store it, so it cannot be read back from a
    computer in a service centre after the person signed out. Every response carries the
    ``Permissions-Policy`` of the settings.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.HOLOS_PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
