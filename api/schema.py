from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <token>`; create one with `manage.py create_api_client NAME`.",
        }


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ApiAutoSchema(AutoSchema):
    """Documents the error responses every read returns: 401 without a valid token, 404 for
    an unknown or out-of-scope object or page, 400 for an invalid filter value."""

    def get_response_serializers(self):
        serializer = super().get_response_serializers()
        responses = {
            "200": serializer,
            "401": OpenApiResponse(ErrorSerializer, description="No valid token."),
            "404": OpenApiResponse(ErrorSerializer, description="Not found, out of scope, or no such page."),
        }
        if self._is_list_view(serializer):
            responses["400"] = OpenApiResponse(
                OpenApiTypes.OBJECT, description="Invalid filter value: the message per parameter."
            )
        return responses
