from django.utils import translation


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
