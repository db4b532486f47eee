from __future__ import annotations

from django.urls import path

from example_project.crm import views

app_name = "crm"

urlpatterns = [
    path("", views.ContactListView.as_view(), name="contact-list"),
    path("contacts/new/", views.ContactCreateView.as_view(), name="contact-create"),
    path("contacts/<int:pk>/", views.ContactDetailView.as_view(), name="contact-detail"),
    path("interaction-logs/", views.InteractionLogListView.as_view(), name="interaction-log-list"),
]
