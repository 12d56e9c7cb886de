import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aqb.settings.production")
application = get_wsgi_application()


def warm_up() -> int:
    """Do now what the first request of each worker would otherwise pay for; returns the
    number of templates compiled. Under `gunicorn --preload` this runs once in the master and
    every forked worker starts warm (`make loadtest` measured it: the URL patterns and view
    modules cost about 1.5 s, the templates of a start page and rdflib's serializer plugins
    (the DCAT catalogue) several hundred ms, paid by the first visitors of each worker).
    Nothing here touches the database."""
    from pathlib import Path

    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template
    from django.urls import get_resolver
    from rdflib import Graph, Literal, URIRef

    get_resolver().url_patterns  # noqa: B018  (imports every view module)
    compiled = 0
    for templates in sorted(Path(__file__).parent.glob("*/templates")):
        for path in sorted(templates.rglob("*.html")):
            try:
                get_template(path.relative_to(templates).as_posix())
                compiled += 1
            except (TemplateDoesNotExist, TemplateSyntaxError):  # pragma: no cover
                pass  # a page that cannot compile shows its error when it is asked for
    graph = Graph()
    graph.add((URIRef("urn:aqb:warm"), URIRef("urn:aqb:p"), Literal("x")))
    for fmt in ("turtle", "json-ld"):
        graph.serialize(format=fmt)
    return compiled


warm_up()
