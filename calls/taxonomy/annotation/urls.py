"""Annotation pages under /taxonomy/annotation/ (namespace taxonomy:annotation)."""

from django.urls import path

from calls.taxonomy.annotation import views

app_name = "annotation"

urlpatterns = [
    # Admins: campaigns.
    path("", views.campaign_list, name="campaigns"),
    path("new/", views.campaign_create_view, name="campaign-create"),
    path("<int:pk>/", views.campaign_detail, name="campaign"),
    path("<int:pk>/close/", views.campaign_close_view, name="campaign-close"),
    path("<int:pk>/apply/", views.labels_apply_view, name="campaign-apply"),
    path("<int:pk>/calls/<int:call_pk>/tie/", views.tie_resolve_view, name="tie-resolve"),
    # Annotators (and trainers or admins assigned to a campaign): their calls.
    path("mine/", views.annotation_queue, name="queue"),
    path("<int:pk>/calls/<int:call_pk>/", views.annotate, name="annotate"),
    path("<int:pk>/calls/<int:call_pk>/audio/", views.annotation_audio, name="audio"),
]
