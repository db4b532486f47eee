from __future__ import annotations

from django.contrib import admin

from example_project.crm.models import Contact


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "company", "phone", "email"]
    search_fields = ["name", "company", "phone", "email"]
