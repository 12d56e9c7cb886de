"""Render form widgets with KERN classes and the accessible attributes they need."""

from django import forms, template

register = template.Library()


@register.simple_tag
def kern_widget(field):
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "kern-form-check__checkbox"
    elif isinstance(widget, forms.Select):
        css = "kern-form-input__select"
    else:
        css = "kern-form-input__input"
    if field.errors:
        css += f" {css}--error"
    described = []
    if field.help_text:
        described.append(f"{field.id_for_label}-hint")
    if field.errors:
        described.append(f"{field.id_for_label}-error")
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
