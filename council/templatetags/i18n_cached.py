"""Django's `i18n` tag library, with `{% translate "constant text" %}` looked up once per language.

A constant message can only change with the language (and the escaping), yet Django's node calls
gettext through the thread-local active translation on every render: a body page renders 80 of
them, about 10 µs each. Everything else (variables, filters, `noop`, `context`, `as`) is Django's
own node. A builtin of our template engine: templates use these tags without `{% load i18n %}`,
which would put Django's own tags back (a test keeps it out of our templates).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags import i18n
from django.utils import translation

register = template.Library()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)

# Bumped when tests change the languages or catalogs, so no stale translation survives them.
_generation = 0


@receiver(setting_changed)
def _forget(setting: str, **kwargs: Any) -> None:
    global _generation
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _generation += 1


class ConstantTranslateNode(i18n.TranslateNode):
    by_language: dict[tuple[int, str | None, bool], str]

    def render(self, context: template.Context) -> str:
        key = (_generation, translation.get_language(), context.autoescape)
        value = self.by_language.get(key)
        if value is None:
            value = self.by_language[key] = super().render(context)
        return value


def _is_constant(node: i18n.TranslateNode) -> bool:
    expression = node.filter_expression
    return (
        not node.noop
        and node.asvar is None
        and node.message_context is None
        and not expression.filters
        and getattr(expression.var, "literal", None) is not None
    )


@register.tag("translate")
@register.tag("trans")
def do_translate(parser: template.base.Parser, token: template.base.Token) -> template.Node:
    node = i18n.do_translate(parser, token)
    if _is_constant(node):
        node.__class__ = ConstantTranslateNode
        node.by_language = {}
    return node
