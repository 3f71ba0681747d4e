"""`{% constant_fragment %}…{% endconstant_fragment %}`: markup rendered once per language.

The site's frame prints the same menu, stylesheet links and labels on every page: eleven URLs,
four static files and fifteen translations, 1.6 M instructions of every request (the no-op
view costs 3.9 M). Inside the block only constant text, `{% url %}` without variables,
`{% static %}` and `{% translate %}` make sense: it is rendered in an empty context (no user,
no request, no page variables), so nothing of one request can reach another. A builtin of our
template engine, as i18n_cached.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.safestring import SafeString

register = template.Library()

# Bumped when tests change what a fragment may print, so no stale one survives them.
_generation = 0
SETTINGS = {
    "INSTALLED_APPS",
    "LANGUAGE_CODE",
    "LANGUAGES",
    "LOCALE_PATHS",
    "ROOT_URLCONF",
    "STATIC_URL",
    "STORAGES",
}


@receiver(setting_changed)
def _forget(setting: str, **kwargs: Any) -> None:
    global _generation
    if setting in SETTINGS:
        _generation += 1


class ConstantFragmentNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist
        self.rendered: dict[tuple[Any, ...], SafeString] = {}

    def render(self, context: template.Context) -> SafeString:
        key = (
            _generation,
            translation.get_language(),
            get_script_prefix(),
            get_urlconf(),  # a request's own URLconf, if it has one
            context.autoescape,
        )
        html = self.rendered.get(key)
        if html is None:
            # Only what the block itself holds: the context's variables are left out.
            html = self.rendered[key] = self.nodelist.render(context.new())
        return html


@register.tag
def constant_fragment(parser: template.base.Parser, token: template.base.Token) -> template.Node:
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("constant_fragment takes no arguments")
    nodelist = parser.parse(("endconstant_fragment",))
    parser.delete_first_token()
    return ConstantFragmentNode(nodelist)
