"""Pages of cycles, included into the "coaching" namespace."""

from django.urls import path

from coaching.cycles import views

urlpatterns = [
    path("", views.cycle_list, name="cycles"),
    path("start/", views.cycle_start_view, name="cycle-start"),
    path("<int:pk>/", views.cycle_detail, name="cycle"),
    path("<int:pk>/calls/", views.cycle_calls, name="cycle-calls"),
    path("<int:pk>/result/", views.cycle_result_view, name="cycle-result"),
    path("<int:pk>/result/undo/", views.cycle_result_undo_view, name="cycle-result-undo"),
    path("<int:pk>/cancel/", views.cycle_cancel_view, name="cycle-cancel"),
]
