"""{{ filter.form|filter_fields }}: a list filter's fields, each with its label and errors.

Printed here rather than by a template loop: five fields of label, widget and errors were a
tenth of the meeting list's template time. The widgets render as `{{ field }}` does; the
markup is the loop's (tests/council/test_filter_fields.py)."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def filter_fields(form: Any) -> SafeString:
    html = []
    for field in form:
        errors = "".join(
            f'<div class="invalid-feedback d-block">{escape(str(error))}</div>'
            for error in field.errors
        )
        html.append(
            '<div class="col-sm-6 col-md-3 mb-3">'
            f'<label class="form-label" for="{escape(str(field.id_for_label))}">'
            f"{escape(str(field.label))}</label>{field}{errors}</div>"
        )
    # The label, the id and the errors are escaped here; the widget escapes its own values.
    return mark_safe("\n".join(html))  # noqa: S308  # nosec B308 B703
