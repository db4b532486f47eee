from __future__ import annotations

from django.urls import include, path

from tests.csp import views

urlpatterns = [
    path("t/plain/", views.plain),
    path("t/embeddable/", views.embeddable_view),
    path("t/embeddable-async/", views.embeddable_async_view),
    path("t/embeddable-404/", views.embeddable_not_found),
    path("t/embeddable-class/", views.EmbeddableView.as_view()),
    path("t/embeddable-connector/", views.embeddable_with_connector),
    path("t/popups/", views.popup_opener),
    path("t/popups-async/", views.popup_opener_async),
    path("t/popups-class/", views.PopupOpenerView.as_view()),
    path("t/marks-popups/", views.marks_popups),
    path("", include("example_project.urls")),
]
