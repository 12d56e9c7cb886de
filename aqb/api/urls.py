from django.urls import URLPattern, path

from aqb.accounts import policy

from . import views
from .api import api
from .public import router as public_router
from .public_http import public_endpoint


def _declared(api_urls):
    """Each API URL carries its endpoint's access kind, like a page's view, so the URL walk
    (tests/test_url_access.py) covers API endpoints as it covers pages. The schema, the docs
    and the root carry no data: public."""
    patterns, app_name, namespace = api_urls
    funcs = {op.view_func.__name__: op.view_func
             for _prefix, router in api._routers
             for path_view in router.path_operations.values()
             for op in path_view.operations}
    kinds = {name: getattr(f, "aqb_access", None) for name, f in funcs.items()}
    public = {op.view_func.__name__ for path_view in public_router.path_operations.values()
              for op in path_view.operations}
    for p in patterns:
        if isinstance(p, URLPattern) and p.name == "api-root":
            p.callback = views.api_root  # describes where schema and docs are, instead of 404
        elif isinstance(p, URLPattern):
            if p.name in public:
                # the public API: CORS, rate limit, ETag/304 and cache (public_http.py)
                p.callback = public_endpoint(p.callback)
            p.callback.aqb_access = kinds.get(p.name, policy.PUBLIC if p.name in (
                "openapi-json", "openapi-view") else None)
            # the resolver of an object-bound endpoint, for the walk (see docs/access.md)
            p.callback.aqb_resolver = getattr(funcs.get(p.name), "aqb_resolver", None)
            p.callback.aqb_access_post = getattr(funcs.get(p.name), "aqb_access_post",
                                                 p.callback.aqb_access)
    return patterns, app_name, namespace


urlpatterns = [
    path("api/v1/", _declared(api.urls)),
    path("konto/api-zugaenge/", views.tokens, name="api_tokens"),
    path("konto/api-zugaenge/<int:pk>/widerrufen/", views.token_revoke_view,
         name="api_token_revoke"),
]
