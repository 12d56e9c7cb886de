"""Master data: regions, the ministry's names over time, the granting authority, signatories."""

from django.shortcuts import get_object_or_404, render

from aqb.accounts import policy
from aqb.accounts.policy import MINISTRY, STATE, access
from aqb.audit.selectors import history_for
from aqb.ui.forms import form_page

from . import services
from .forms import GrantingAuthorityForm, MinistryNameForm, RegionForm, SignatoryForm
from .models import GrantingAuthority, MinistryName, Region
from .selectors import granting_authority


@access(STATE)
def master_data(request):
    authority = granting_authority()
    return render(request, "regions/master_data.html", {
        "ministry_names": MinistryName.objects.all(),
        "authority": authority,
        "authority_history": history_for(authority)[:20] if authority else [],
        "can_edit": policy.can_edit_master_data(request.user),
    })


@access(MINISTRY)
def region_edit(request, ags: str):
    region = get_object_or_404(Region, ags=ags)
    form = RegionForm(request.POST or None, instance=Region.objects.get(pk=region.pk))
    return form_page(
        request, form=form, title=f"Stammdaten {region.forms.genitive}",
        save=lambda f: services.region_update(actor=request.user, region=region,
                                              **f.cleaned_data),
        success=f"Die Stammdaten {region.forms.genitive} wurden gespeichert.",
        target=f"/regionen/{region.ags}/",
    )


@access(MINISTRY)
def ministry_name_edit(request, pk: int | None = None):
    row = get_object_or_404(MinistryName, pk=pk) if pk else None
    form = MinistryNameForm(request.POST or None,
                            instance=MinistryName.objects.get(pk=pk) if pk else None)
    return form_page(
        request, form=form, title="Name des Ministeriums",
        save=lambda f: services.ministry_name_save(actor=request.user, row=row,
                                                   **f.cleaned_data),
        success="Der Name des Ministeriums wurde gespeichert.",
        target="regions:master_data",
    )


@access(MINISTRY)
def authority_edit(request):
    """Nothing is written on GET: without an authority row (the data migration creates one)
    the form starts empty and the service creates it, audited, on POST."""
    authority = granting_authority()
    form = GrantingAuthorityForm(
        request.POST or None,
        instance=GrantingAuthority.objects.get(pk=authority.pk) if authority else None,
        initial=None if authority else {"name": "Regierungspräsidium Kassel"})
    return form_page(
        request, form=form, title="Bewilligungsbehörde",
        save=lambda f: services.granting_authority_update(
            actor=request.user, authority=authority, **f.cleaned_data),
        success="Die Angaben zur Bewilligungsbehörde wurden gespeichert.",
        target="regions:master_data",
    )


@access(MINISTRY)
def signatory_edit(request, ags: str, pk: int | None = None):
    region = get_object_or_404(Region, ags=ags)
    sig = get_object_or_404(region.signatories, pk=pk) if pk else None
    form = SignatoryForm(request.POST or None,
                         instance=region.signatories.get(pk=pk) if pk else None)
    return form_page(
        request, form=form, title=f"Unterzeichnende Person für {region.name}",
        save=lambda f: services.signatory_save(actor=request.user, region=region,
                                               signatory=sig, **f.cleaned_data),
        success="Die unterzeichnende Person wurde gespeichert.",
        target=f"/regionen/{region.ags}/",
    )
