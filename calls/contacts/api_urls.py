"""The API of calls/contacts/, under /api/v1/."""

from django.urls import path

from calls.contacts import api

urlpatterns = [
    path("contacts/fcr/", api.FcrApi.as_view(), name="api-contacts-fcr"),
    path("contacts/repeat-reasons/", api.RepeatReasonsApi.as_view(),
         name="api-contacts-repeat-reasons"),
    path("contacts/goals/", api.GoalsApi.as_view(), name="api-contacts-goals"),
]
