"""lawdesk web application and the services that act on cases and learners.

`create_app(settings=None, test_config=None)` is the Flask app factory (webapp/app.py). It is imported
lazily so that the Flask-free packages here (webapp.services.drafting, webapp.services.study) and the CLI can be used
without loading Flask."""

from __future__ import annotations

__all__ = ["create_app"]


def create_app(settings=None, test_config=None):
    from .app import create_app as factory
    return factory(settings, test_config=test_config)
