"""Where stored files live: `AQB_STORAGE_URL` → the `default` entry of Django's STORAGES.

- empty, or `file:` (optionally `file:///path`): the local file system under AQB_MEDIA_ROOT
  (or the path given), Django's FileSystemStorage writing each file whole (a temporary
  file renamed when complete: `aqb.ui.storage`) — the default;
- `s3://BUCKET[/PREFIX]?endpoint_url=…&region=…`: S3-compatible object storage (AWS S3,
  MinIO, Ceph RGW, the object storage of a state data centre) through django-storages.
  Query parameters: `endpoint_url` (omit for AWS), `region`, `addressing_style`
  (`path` for most self-hosted servers, or `virtual`), `signature_version` (e.g. `s3v4`),
  `verify` (`false`, or the path of a CA bundle), `sse` (server-side encryption, e.g.
  `AES256` or `aws:kms`).

Credentials: AQB_STORAGE_ACCESS_KEY / AQB_STORAGE_SECRET_KEY (preferred: a URL ends up in
process listings and logs more easily than a secret in an EnvironmentFile); otherwise the
URL's `user:password@` (percent-encoded); otherwise boto3's own chain (instance role,
~/.aws). Objects are never overwritten (a second file of the same name gets a new name, as on
the file system) and are private (no ACL is set, no public URL is used: every download goes
through the application's access checks).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

LOCAL = "aqb.ui.storage.AtomicFileSystemStorage"
S3 = "aqb.ui.storage_s3.S3Storage"
_FALSE = ("0", "false", "nein", "no", "off")


def storage_from_url(url: str, *, access_key: str = "", secret_key: str = "") -> dict:
    """The `STORAGES["default"]` entry for `url` (see the module's text)."""
    url = (url or "").strip()
    if not url:
        return {"BACKEND": LOCAL}
    parts = urlsplit(url)
    if parts.scheme == "file":
        options = {"location": unquote(parts.path)} if parts.path not in ("", "/") else {}
        return {"BACKEND": LOCAL, "OPTIONS": options} if options else {"BACKEND": LOCAL}
    if parts.scheme != "s3":
        raise ImproperlyConfigured(
            f"AQB_STORAGE_URL: unbekanntes Schema {parts.scheme!r}; erlaubt sind leer "
            "(lokales Dateisystem), file:/// oder s3://bucket?endpoint_url=…")
    bucket = parts.hostname or ""
    if not bucket:
        raise ImproperlyConfigured("AQB_STORAGE_URL: der Bucket fehlt (s3://BUCKET?…).")
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    allowed = {"endpoint_url", "region", "addressing_style", "signature_version", "verify",
               "sse"}
    unknown = sorted(set(query) - allowed)
    if unknown:
        raise ImproperlyConfigured(
            f"AQB_STORAGE_URL: unbekannter Parameter {unknown[0]!r}; erlaubt sind "
            f"{', '.join(sorted(allowed))}.")
    options: dict = {
        "bucket_name": bucket,
        "location": parts.path.strip("/"),
        "file_overwrite": False,    # like the file system: never replace a stored file
        "default_acl": None,        # the bucket's own (private) policy
        "querystring_auth": True,   # a URL, if ever made, is signed and expires
    }
    key = access_key or unquote(parts.username or "")
    secret = secret_key or unquote(parts.password or "")
    if key or secret:
        options["access_key"], options["secret_key"] = key, secret
    if query.get("endpoint_url"):
        options["endpoint_url"] = query["endpoint_url"]
    if query.get("region"):
        options["region_name"] = query["region"]
    if query.get("addressing_style"):
        options["addressing_style"] = query["addressing_style"]
    if query.get("signature_version"):
        options["signature_version"] = query["signature_version"]
    if "verify" in query:
        v = query["verify"]
        options["verify"] = False if v.lower() in _FALSE else v
    if query.get("sse"):
        options["object_parameters"] = {"ServerSideEncryption": query["sse"]}
    return {"BACKEND": S3, "OPTIONS": options}
