"""Background tasks of calls/contacts/: plain functions that call a service."""

from __future__ import annotations

from calls.contacts.links import link_unlinked_calls


def link_unlinked_contacts() -> int:
    """The periodic catch-up: calls with a customer key but no ContactLink (a link that failed
    on a transient fault, or a process that died between storing the call and linking it)."""
    return link_unlinked_calls()
