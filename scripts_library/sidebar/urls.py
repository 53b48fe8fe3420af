"""/sidebar/: the page a CRM frames, with its own login (mounted in project/urls.py)."""

from django.urls import path

from project.access import role_not_required
from scripts_library.sidebar.pages import SidebarLoginView, SidebarLogoutView, sidebar_page

app_name = "sidebar"

urlpatterns = [
    # Framed by the CRM: a user with no role is told so here, in the sidebar's own framable
    # layout, not by the site's page (which no CRM may frame); see project/access.py.
    path("", role_not_required(sidebar_page), name="page"),
    path("login/", role_not_required(SidebarLoginView.as_view()), name="login"),
    path("logout/", role_not_required(SidebarLogoutView.as_view()), name="logout"),
]
