"""Paper and files for one workshop; included by workshops/urls.py under
`o/<org>/workshops/<workshop>/` in the `workshops` namespace."""

from django.urls import path

from vogter.workshops import views_paper
from vogter.workshops.exporters import WORKSHOP_EXPORTS

urlpatterns = [
    # One fixed route per format (export/csv/, export/xlsx/, …), named export_<format>.
    *(
        path(f"export/{fmt}/", views_paper.export, {"fmt": fmt}, name=f"export_{fmt}")
        for fmt in WORKSHOP_EXPORTS.formats
    ),
    path("paper.pdf", views_paper.paper_pdf, name="paper_pdf"),
    path("import/", views_paper.import_answers, name="import_answers"),
]
