"""The real ASGI application (settings, middleware) answering the test URLs.

uvicorn vogter.live.tests.asgi:application
"""

from django.conf import settings

from vogter.asgi import application

settings.ROOT_URLCONF = "vogter.live.tests.urls"

__all__ = ["application"]
