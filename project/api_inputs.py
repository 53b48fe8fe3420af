"""Inputs every API shares: JSON read with JSON's types and no unknown fields (the taxonomy's,
the corrections', the cycles', the sidebar's)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# The JSON type each kind of field takes, most specific first. DRF turns 0 into "0" for a text
# field and "5" into 5 for a number; a client sending the wrong type has a bug and is told so.
_JSON_TYPES: list[tuple[type[serializers.Field], tuple[type, ...], Any]] = [  # type: ignore[type-arg]
    (serializers.BooleanField, (bool,), _("Нужно true или false.")),
    (serializers.IntegerField, (int,), _("Нужно целое число.")),
    (serializers.PrimaryKeyRelatedField, (int,), _("Нужен числовой id.")),
    (serializers.CharField, (str,), _("Нужна строка.")),
    (serializers.ChoiceField, (str,), _("Нужна строка.")),
    (serializers.SlugRelatedField, (str,), _("Нужна строка (код).")),
]


class JsonInput(serializers.Serializer):
    """An input read from JSON: each value must already have its field's JSON type, and a field
    the input does not have is refused rather than silently dropped (a misspelt «limt» would
    otherwise change nothing and say nothing)."""

    # The schema says so too (additionalProperties: false, project/api_schema.py).
    refuses_unknown_fields = True

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            errors: dict[str, list[str]] = {}
            for name in data:
                if name not in self.fields:
                    errors[str(name)[:100]] = [
                        str(_("Неизвестное поле; допустимы: %(fields)s."))
                        % {"fields": ", ".join(self.fields)}
                    ]
            for name, field in self.fields.items():
                value = data.get(name)
                if name not in data or value is None or field.read_only:
                    continue
                for kind, types, message in _JSON_TYPES:
                    if isinstance(field, kind):
                        # bool is an int in Python; in JSON true is not a number.
                        if not isinstance(value, types) or (
                            isinstance(value, bool) and bool not in types
                        ):
                            errors[name] = [str(message)]
                        break
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)
