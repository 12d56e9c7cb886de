"""Template tags for audit entries in words (see aqb.audit.words).

`{% entry_title entry %}` says what happened; `{% change_lines entry as lines %}` gives
(key, label, text) per changed field.
"""

from django import template

from aqb.audit import words

register = template.Library()


@register.simple_tag
def entry_title(entry) -> str:
    return words.entry_title(entry)


@register.simple_tag
def change_lines(entry) -> list[tuple[str, str, str]]:
    return words.change_lines(entry)
