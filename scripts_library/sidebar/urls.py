"""/sidebar/: the page a CRM frames, with its own login (mounted in project/urls.py)."""

from django.urls import path

from scripts_library.sidebar.pages import SidebarLoginView, SidebarLogoutView, sidebar_page

app_name = "sidebar"

urlpatterns = [
    path("", sidebar_page, name="page"),
    path("login/", SidebarLoginView.as_view(), name="login"),
    path("logout/", SidebarLogoutView.as_view(), name="logout"),
]
