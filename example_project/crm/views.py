from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q, QuerySet
from django.views.generic import DetailView, ListView

from example_project.crm.models import Contact


class ContactListView(LoginRequiredMixin, ListView):
    model = Contact
    paginate_by = 25

    def get_queryset(self) -> QuerySet[Contact]:
        queryset = super().get_queryset()
        query = self.request.GET.get("q", "").strip()
        if query:
            queryset = queryset.filter(
                Q(name__icontains=query) | Q(company__icontains=query) | Q(phone__icontains=query)
            )
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(q=self.request.GET.get("q", ""), **kwargs)


class ContactDetailView(LoginRequiredMixin, DetailView):
    model = Contact
