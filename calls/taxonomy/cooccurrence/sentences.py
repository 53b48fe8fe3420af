"""Strong pairs in plain Russian, for the page and the e-mail."""

from __future__ import annotations

from django.utils.translation import gettext as _

from calls.taxonomy.cooccurrence.queries import TagPair


def pair_sentence(pair: TagPair) -> str:
    """«В 80% звонков с тегом "Сложность отмены заказа" есть и "Не пришёл промокод"»."""
    given, also, share = pair.strongest
    return _("В %(percent)d%% звонков с тегом «%(given)s» есть и «%(also)s»") % {
        "percent": round(share * 100),
        "given": given.name,
        "also": also.name,
    }
