"""/scim/v2/: one endpoint for every organisation; the bearer token says which."""

from django.urls import path

from vogter.directory.scim import discovery, groups, users

urlpatterns = [
    path("Users", users.users, name="scim-users"),
    path("Users/<str:code>", users.user, name="scim-user"),
    path("Groups", groups.groups, name="scim-groups"),
    path("Groups/<str:code>", groups.group, name="scim-group"),
    path("ServiceProviderConfig", discovery.service_provider_config, name="scim-config"),
    path("ResourceTypes", discovery.resource_types, name="scim-resource-types"),
    path("ResourceTypes/<str:name>", discovery.resource_types, name="scim-resource-type"),
    path("Schemas", discovery.schemas, name="scim-schemas"),
    path("Schemas/<str:urn>", discovery.schemas, name="scim-schema"),
]
