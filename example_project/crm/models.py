from __future__ import annotations

from django.db import models
from django.urls import reverse

from crm_connect.phones import PhoneKey


class Contact(models.Model):
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    company = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            # Screen pop: one indexed equality per call (docs/providers.md). The
            # database computes the key on every write, COPY and raw SQL included.
            models.Index(PhoneKey("phone", digits=7), name="crm_contact_phone_key"),
            # Directory: the first rows in ModelProvider's order (name, then pk).
            models.Index(fields=["name", "id"], name="crm_contact_directory"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("crm:contact-detail", args=[self.pk])
