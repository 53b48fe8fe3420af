"""A call's recording served to a person the caller has already allowed to hear it.

The call page and the annotation page reach the same file by different rights (who may see the
call; who is assigned to annotate it); what is served, and when it is withheld, is the same.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from calls.audio_streaming import ranged_file_response
from calls.models import Call
from calls.redaction.storage import audio_withheld


def recording_response(request: HttpRequest, call: Call) -> HttpResponseBase:
    """The recording, whole or by range; 404 with the reason in Russian when it cannot be heard."""
    if not call.audio:
        raise Http404(_("У звонка нет записи."))
    if audio_withheld(call):
        # Its redacted seconds are not silenced yet (docs/redaction.md): nobody hears them.
        raise Http404(_("Запись недоступна, пока в ней не заглушены персональные данные."))
    storage, name = call.audio.storage, str(call.audio.name)
    try:
        size = storage.size(name)
        file = storage.open(name, "rb")
    except FileNotFoundError as error:
        raise Http404(_("Файл записи не найден.")) from error
    return ranged_file_response(request, file=file, size=size, filename=name)
