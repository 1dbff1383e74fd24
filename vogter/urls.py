from django.contrib import admin
from django.urls import include, path

from vogter.accounts.views import admin_login
from vogter.api_root import api
from vogter.front.views import healthz

urlpatterns = [
    # First: Django tries patterns in order, and every participant's save is an API call
    # (every save would first be tried against every page pattern).
    path("api/", api.urls),
    path("scim/v2/", include("vogter.directory.scim.urls")),
    path("", include("vogter.front.urls")),
    path("", include("vogter.organisations.urls")),
    path("", include("vogter.directory.urls")),
    path("", include("vogter.sso.urls")),
    path("", include("vogter.workshops.urls")),
    path("", include("vogter.principles.urls")),
    # reflection before charters: its organisation overview sits at o/<org>/charters/overview/.
    path("", include("vogter.reflection.urls")),
    path("", include("vogter.charters.urls")),
    path("", include("vogter.commons.urls")),
    path("", include("vogter.audit.urls")),
    path("accounts/", include("vogter.accounts.urls")),
    path("accounts/", include("vogter.data.urls")),
    path("accounts/", include("vogter.notifications.urls")),
    path("accounts/tokens/", include("vogter.api.urls")),
    path("healthz", healthz, name="healthz"),
    path("admin/login/", admin_login),  # before the admin's own, to rate-limit it
    path("admin/", admin.site.urls),
]

handler400 = "vogter.front.errors.bad_request"
handler403 = "vogter.front.errors.permission_denied"
handler404 = "vogter.front.errors.page_not_found"
handler500 = "vogter.front.errors.server_error"
