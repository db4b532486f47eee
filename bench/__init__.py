"""Benchmarks of django-crm-connect: ``make bench`` (``python -m bench``).

Every figure is a ratio against a baseline measured in the same run, interleaved with
it, or a count: both hold on a small, noisy machine. See docs/performance.md.
"""

from __future__ import annotations
