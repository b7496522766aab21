from functools import lru_cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
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


_RESPONSE_POLICIES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
                      "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the settings' policy written once per process instead of per response.

    Building the header from the settings took about as long as the rest of answering a
    small page. A response that brings its own policy (django-csp's decorators) or a page
    that used a nonce goes through django-csp unchanged, as does a change of the settings.
    """

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
                hasattr(response, name) for name in _RESPONSE_POLICIES):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response
        for header, setting, report_only in ((HEADER, "CONTENT_SECURITY_POLICY", False),
                                             (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True)):
            policy = _settings_policy(report_only)
            if policy and header not in response:
                prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
                if not request.path_info.startswith(tuple(prefixes)):
                    response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


@lru_cache(maxsize=2)
def _settings_policy(report_only: bool) -> str:
    return build_policy(report_only=report_only)


@receiver(setting_changed)
def _forget_policy(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _settings_policy.cache_clear()
