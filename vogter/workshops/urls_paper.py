"""Paper and files for one workshop; included by workshops/urls.py under
`o/<org>/workshops/<workshop>/` in the `workshops` namespace."""

from django.urls import path

from vogter.workshops import views_paper

urlpatterns = [
    path("export/<str:fmt>/", views_paper.export, name="export_answers"),
    path("paper.pdf", views_paper.paper_pdf, name="paper_pdf"),
    path("import/", views_paper.import_answers, name="import_answers"),
]
