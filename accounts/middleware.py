from django.conf import settings
from django.contrib.auth import logout
from django.utils import translation


class ExpiredAccessLogoutMiddleware:
    """Signs out an account whose access has expired (``User.access_expired``) on its next request.
    Django's LoginRequiredMiddleware, next in the list, then sends it to the login page like anyone
    signed out; the views marked ``login_not_required`` (the login page, an invitation link, the
    health probe, the language switch, the public window) and the token-authenticated API answer
    it as an anonymous visitor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.access_expired:
            logout(request)
        return self.get_response(request)


class DefaultLanguageMiddleware:
    """Chinese unless the user chose another language with the switcher (the language cookie).
    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language, so every office
    PC shows the same Chinese UI whatever its system language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Every response carries a Content-Security-Policy: scripts, styles and everything else only
    from this site, no inline script, no inline style, no framing. The templates keep to it (JS in
    static/js, CSS in static/css); ``tests/test_login_safety.py`` greps them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
