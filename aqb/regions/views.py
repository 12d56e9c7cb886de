"""Master data: regions, the ministry's names over time, the granting authority, signatories."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from aqb.accounts import policy
from aqb.accounts.policy import MINISTRY, STATE, access
from aqb.audit.selectors import history_for
from aqb.portal.forms_util import apply_service_errors

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


def _edit(request, *, form, template, context, save, success, redirect_to):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(redirect_to)
    context.setdefault("cancel_url", redirect_to if redirect_to.startswith("/") else "/stammdaten/")
    return render(request, template, {"form": form, **context},
                  status=400 if request.method == "POST" else 200)


@access(MINISTRY)
def region_edit(request, ags: str):
    region = get_object_or_404(Region, ags=ags)
    form = RegionForm(request.POST or None, instance=Region.objects.get(pk=region.pk))
    return _edit(
        request, form=form, template="regions/region_form.html",
        context={"region": region},
        save=lambda data: services.region_update(actor=request.user, region=region, **data),
        success=f"Die Stammdaten {region.forms.genitive} wurden gespeichert.",
        redirect_to=f"/regionen/{region.ags}/",
    )


@access(MINISTRY)
def ministry_name_edit(request, pk: int | None = None):
    row = get_object_or_404(MinistryName, pk=pk) if pk else None
    form = MinistryNameForm(request.POST or None,
                            instance=MinistryName.objects.get(pk=pk) if pk else None)
    return _edit(
        request, form=form, template="regions/ministry_name_form.html",
        context={"row": row},
        save=lambda data: services.ministry_name_save(actor=request.user, row=row, **data),
        success="Der Name des Ministeriums wurde gespeichert.",
        redirect_to="regions:master_data",
    )


@access(MINISTRY)
def authority_edit(request):
    authority = granting_authority() or GrantingAuthority.objects.create(
        name="Regierungspräsidium Kassel")
    form = GrantingAuthorityForm(request.POST or None,
                                 instance=GrantingAuthority.objects.get(pk=authority.pk))
    return _edit(
        request, form=form, template="regions/authority_form.html", context={},
        save=lambda data: services.granting_authority_update(
            actor=request.user, authority=authority, **data),
        success="Die Angaben zur Bewilligungsbehörde wurden gespeichert.",
        redirect_to="regions:master_data",
    )


@access(MINISTRY)
def signatory_edit(request, ags: str, pk: int | None = None):
    region = get_object_or_404(Region, ags=ags)
    sig = get_object_or_404(region.signatories, pk=pk) if pk else None
    form = SignatoryForm(request.POST or None,
                         instance=region.signatories.get(pk=pk) if pk else None)
    return _edit(
        request, form=form, template="regions/signatory_form.html",
        context={"region": region, "signatory": sig},
        save=lambda data: services.signatory_save(actor=request.user, region=region,
                                                  signatory=sig, **data),
        success="Die unterzeichnende Person wurde gespeichert.",
        redirect_to=f"/regionen/{region.ags}/",
    )
