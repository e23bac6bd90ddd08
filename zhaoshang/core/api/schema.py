"""The OpenAPI schema, generated once per process and version.

The schema follows from the code alone (it is the same for every user and every server), so
keeping it is no state between requests; generating it costs half a second each time, which
kept /api/docs/ on "LOADING".
"""
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

_schemas = {}


class SchemaView(SpectacularAPIView):
    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (version, translation.get_language())
        if key not in _schemas:
            generator = self.generator_class(urlconf=self.urlconf, api_version=version,
                                             patterns=self.patterns)
            _schemas[key] = generator.get_schema(request=request, public=self.serve_public)
        filename = self._get_filename(request, version)
        return Response(data=_schemas[key], headers={"Content-Disposition": f'inline; filename="{filename}"'})
