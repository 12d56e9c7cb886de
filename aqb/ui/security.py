"""Security headers beyond Django's own: Permissions-Policy on every response.

Django's SecurityMiddleware sends Referrer-Policy (SECURE_REFERRER_POLICY), nosniff and
Cross-Origin-Opener-Policy; django-csp's CSPMiddleware sends the Content Security Policy
(CONTENT_SECURITY_POLICY). What is left is the list of browser features no page here needs
(camera, microphone, geolocation, payment, ...): `AQB_PERMISSIONS_POLICY` in the settings.
"""

from django.conf import settings

HEADER = "Permissions-Policy"


def permissions_policy() -> str:
    """The header value, e.g. "camera=(), geolocation=()"."""
    return ", ".join(f"{feature}={allow}"
                     for feature, allow in settings.AQB_PERMISSIONS_POLICY.items())


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.value = permissions_policy()

    def __call__(self, request):
        response = self.get_response(request)
        if self.value and HEADER not in response:
            response[HEADER] = self.value
        return response
