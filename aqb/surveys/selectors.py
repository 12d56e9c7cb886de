"""Reads of surveys, scoped: the ministry sees every survey and every response; a region sees
the surveys sent to it and only its own response; others see nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from aqb.accounts import policy
from aqb.accounts.policy import Resolver
from aqb.regions.models import Region

from .models import Response, Survey, SurveyStatus
from .services import is_recipient, sent_version


def surveys_for(*, user) -> QuerySet:
    """The ministry: all surveys; a region: the sent ones addressed to it; others: none."""
    p = policy.principal(user)
    if p.ministry:
        return Survey.objects.all()
    if not p.region_ids:
        return Survey.objects.none()
    return Survey.objects.exclude(status=SurveyStatus.DRAFT).filter(
        Q(all_regions=True) | Q(regions__in=p.region_ids)).distinct()


def survey_get(*, user, pk: int) -> Survey:
    survey = surveys_for(user=user).filter(pk=pk).first()
    if survey is None:
        raise Http404("Diese Umfrage gibt es nicht.")
    return survey


def responses_for(*, user, survey: Survey) -> QuerySet:
    """Responses to `survey` the user may see: all for the ministry, the own for a region."""
    qs = Response.objects.filter(survey=survey).select_related("region")
    p = policy.principal(user)
    if p.ministry:
        return qs
    return qs.filter(region__in=p.region_ids)


@dataclass
class Slot:
    """A region's place in a sent survey, with its response once it has one."""

    survey: Survey
    region: Region
    response: Response | None

    @property
    def pk(self):
        return f"{self.survey.pk}-{self.region.ags}"


def _slot(pk: int, ags: str) -> Slot | None:
    survey = Survey.objects.exclude(status=SurveyStatus.DRAFT).filter(pk=pk).first()
    region = Region.objects.filter(ags=ags).first()
    if survey is None or region is None or not is_recipient(survey, region) \
            or sent_version(survey) is None:
        return None
    return Slot(survey, region, Response.objects.filter(survey=survey, region=region).first())


# A region's response to a survey by survey pk and AGS: the ministry and the authority read
# it, the region itself reads and fills it in.
SLOT = Resolver(name="slot", params={"pk": int, "ags": str}, load=_slot,
                region_of=lambda s: s.region.pk,
                not_found="Diese Umfrage ist nicht an diese Gebietskörperschaft gerichtet.")
