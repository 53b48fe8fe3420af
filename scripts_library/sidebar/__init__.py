"""The operator's CRM sidebar: suggestions for what the customer just said, the library to
browse, the events (shown / inserted / copied / dismissed) and the embeddable page.

* `ranking.py` — how blocks of one kind are ordered (measured effectiveness, fair to new blocks);
* `suggest.py` — the per-process library snapshot and the suggest service;
* `events.py` — recording what operators do with the hints, linking events to calls;
* `api.py` / `pages.py` — the API under /api/v1/sidebar/ and the page /sidebar/.
* `tokens.py` — one API token per operator (`manage.py sidebar_token`).

docs/sidebar.md is the reference.
"""
