from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q, QuerySet
from django.views.generic import CreateView, DetailView, ListView

from crm_connect.connector.interaction_logs import logs_for_record, visible_logs
from crm_connect.framing import EmbeddableMixin, OpensPopupsMixin
from crm_connect.models import InteractionLog
from example_project.crm.models import Contact


class ContactListView(EmbeddableMixin, OpensPopupsMixin, LoginRequiredMixin, ListView):
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
        context = super().get_context_data(q=self.request.GET.get("q", ""), **kwargs)
        context["ucp_host_url"] = self.ucp_host_url(context["object_list"][:3])
        return context

    def ucp_host_url(self, contacts: Any) -> str:
        """The sandbox UCP host, with a tab for each of ``contacts`` (demo only)."""
        request = self.request
        query = [("crm", f"{request.scheme}://{request.get_host()}")]
        query += [("tab", contact.get_absolute_url()) for contact in contacts]
        return f"{settings.SANDBOX_ORIGIN}/sandbox/ucp/?{urlencode(query)}"


class ContactDetailView(EmbeddableMixin, OpensPopupsMixin, LoginRequiredMixin, DetailView):
    """A contact: UCP may show it in a tab, with "Close tab" and "Call" (docs/ucp.md)."""

    model = Contact

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        logs = logs_for_record(self.request.user, self.object)[:20]
        return super().get_context_data(interaction_logs=logs, **kwargs)


class ContactCreateView(OpensPopupsMixin, LoginRequiredMixin, CreateView):
    """Where a screen pop with no match sends the agent: ``?phone=`` fills the number."""

    model = Contact
    fields = ["name", "phone", "email", "company", "notes"]

    def get_initial(self) -> dict[str, Any]:
        return {**super().get_initial(), "phone": self.request.GET.get("phone", "")[:40]}


class InteractionLogListView(OpensPopupsMixin, LoginRequiredMixin, ListView):
    """The agent's interaction logs: the connector's "reports" (``REPORTS_URL``)."""

    model = InteractionLog
    paginate_by = 25
    template_name = "crm/interaction_log_list.html"

    def get_queryset(self) -> QuerySet[InteractionLog]:
        return visible_logs(self.request.user).order_by("-created")
