"""The error every service raises for a request it cannot carry out: a Chinese message shown as is, a code for
the JSON API and the HTTP status the web answers with (webapp.errors.from_service makes it a UserError)."""

from __future__ import annotations


class ServiceError(Exception):
    def __init__(self, message: str, code: str = "bad_request", status: int = 400):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
