from __future__ import annotations

from django.urls import path

from example_project.crm import views

app_name = "crm"

urlpatterns = [
    path("", views.ContactListView.as_view(), name="contact-list"),
    path("contacts/<int:pk>/", views.ContactDetailView.as_view(), name="contact-detail"),
]
