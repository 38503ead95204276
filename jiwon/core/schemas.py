"""The API's error shapes, the same for every endpoint of /api/v1."""

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str


class FieldError(Schema):
    field: str | None = Field(description="The input field, or null for the request as a whole.")
    message: str


class FieldErrorsOut(Schema):
    detail: list[FieldError]
