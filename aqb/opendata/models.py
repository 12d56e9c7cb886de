"""Which programme years the public may see (docs/opendata.md, "Publication").

A programme year is public only once the ministry has published it: then its allocations,
in-year changes, funded projects, granted and paid amounts and participant aggregates appear
on the public pages, in the files, the public API and the DCAT catalogue. Withdrawing deletes
the row (the audit chain keeps both acts)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedYear(models.Model):
    programme_year = models.OneToOneField(
        "budgets.ProgrammeYear", on_delete=models.CASCADE, related_name="publication",
        verbose_name=_("Programmjahr"))
    published_at = models.DateTimeField(_("veröffentlicht am"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("veröffentlicht von"))

    class Meta:
        ordering = ["programme_year__year"]
        verbose_name = _("veröffentlichtes Programmjahr")
        verbose_name_plural = _("veröffentlichte Programmjahre")

    def __str__(self) -> str:
        return f"Programmjahr {self.programme_year.year} (veröffentlicht)"
