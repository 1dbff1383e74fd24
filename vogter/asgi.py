import os
import warnings

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vogter.settings")

# WhiteNoise serves static files as synchronous iterators; under ASGI Django warns
# about each one. The files are small and few, so the warning is noise here.
warnings.filterwarnings(
    "ignore", message="StreamingHttpResponse must consume synchronous iterators"
)

application = get_asgi_application()
