"""The scripts library's pages under /library/."""

from django.urls import path  # noqa: F401  (the features add their pages below)

app_name = "library"

urlpatterns: list = []

# The library editor, exemplar dialogs and the read-only library (scripts_library/editor/).
from django.urls import include  # noqa: E402

urlpatterns += [path("", include("scripts_library.editor.urls"))]
