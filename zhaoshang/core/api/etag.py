"""Versioned records over HTTP: an `ETag` on every answer, `If-Match` honoured (RFC 9110 §13.1.1).

A record with a `version` column (bumped by each save through its service) answers with
`ETag: "<version>"`. A write sent with `If-Match` goes ahead only while the record still has that
version; otherwise 412 and nothing is written, as a stale `version` in the body gives 409.
"""
from rest_framework import status
from rest_framework.exceptions import APIException

STALE_IF_MATCH = "该记录已被他人修改（If-Match 与当前版本不符），请重新读取后再修改"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = STALE_IF_MATCH
    default_code = "precondition_failed"


def etag(version):
    return f'"{version}"'


def if_match(request, version):
    """The version the request's `If-Match` asks for: `version` itself when it matches (or `*`),
    None when there is no `If-Match`; a tag that names another version raises 412."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        return None
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    if "*" in tags or etag(version) in tags:
        return version
    raise PreconditionFailed()


class VersionETag:
    """A viewset mixin: detail answers (read and write) carry the record's version as `ETag`."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if (getattr(self, "action", None) in ("retrieve", "update", "partial_update")
                and response.status_code == 200 and isinstance(data, dict) and "version" in data):
            response["ETag"] = etag(data["version"])
        return response
