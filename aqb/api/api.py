"""The NinjaAPI instance of /api/v1/: OpenAPI 3 schema, offline docs, problem+json errors."""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from . import errors
from .auth import AUTH
from .endpoints import router
from .funding import router as funding_router
from .funding_notices import router as funding_notices_router
from .funding_passon import router as funding_passon_router
from .funding_payments import router as funding_payments_router
from .funding_proofs import router as funding_proofs_router
from .funding_settling import router as funding_settling_router
from .monitoring import router as monitoring_router
from .monitoring_import import router as monitoring_import_router
from .public import router as public_router
from .steering import router as steering_router


class AqbApi(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Error responses are declared as `application/problem+json`, as they are sent."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for op in operations.values():
                for status, response in op.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[errors.PROBLEM] = content.pop("application/json")
                        response["description"] = errors.TITLES.get(int(status),
                                                                     response["description"])
        return schema


api = AqbApi(
    title="AQB-Schnittstelle",
    version="1",
    description=(
        "Daten des Ausbildungs- und Qualifizierungsbudgets Hessen. Anmeldung mit einem "
        "persönlichen API-Token (Kopfzeile `Authorization: Bearer <Token>`, anzulegen unter "
        "„Mein Konto → API-Zugänge“ oder mit `aqb api_token NAME`) oder mit der "
        "Browsersitzung. Jede Antwort zeigt nur, was das Konto auch in der Anwendung sieht; "
        "Fehler kommen als `application/problem+json` mit deutschem `detail`.\n\n"
        "**Öffentliche Daten** (`/api/v1/public/…`): ohne Anmeldung, dieselben Daten wie die "
        "Dateien unter /opendata/ (nur veröffentlichte Programmjahre); Beträge als "
        "Dezimalzeichenkette mit zwei Nachkommastellen (\"1234.50\"), Datumsangaben nach ISO "
        "8601. Mit ETag und Last-Modified (bedingte Anfragen: 304), CORS für GET offen, "
        "höchstens eine feste Zahl von Anfragen je Minute und Client (sonst 429 mit "
        "Retry-After)."),
    auth=AUTH,
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("", router)
api.add_router("", funding_router)
api.add_router("", funding_proofs_router)
api.add_router("", funding_settling_router)
api.add_router("", funding_payments_router)
api.add_router("", funding_passon_router)
api.add_router("", funding_notices_router)
api.add_router("", monitoring_import_router)
api.add_router("", monitoring_router)
api.add_router("", steering_router)
api.add_router("/public", public_router)
