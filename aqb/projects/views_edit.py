"""Changing projects: create, edit, assign a provider. The ministry for every region, a region
for its own projects (policy.can_edit_region_data); everyone else reads only."""

from aqb.accounts import policy
from aqb.accounts.policy import REGION_EDIT, access
from aqb.regions.selectors import region_get
from aqb.ui.forms import form_page

from . import services
from .forms import ProjectCreateForm, ProjectForm, ProviderAssignForm
from .selectors import project_get


def _editable_project(request, pk: int):
    project = project_get(user=request.user, pk=pk)
    policy.require(policy.can_edit_region_data(request.user, project.region_id))
    return project


@access(REGION_EDIT)
def project_create(request, ags: str):
    region = region_get(user=request.user, ags=ags)  # 404 for a stranger
    policy.require(policy.can_edit_region_data(request.user, region.pk))
    form = ProjectCreateForm(request.POST or None)
    created = {}

    def save(f):
        created["project"] = services.project_create(actor=request.user, region=region,
                                                     **f.cleaned_data)

    response = form_page(
        request, form=form, title=f"Neues Projekt für {region.name}", save=save,
        success="Das Projekt wurde angelegt.", target="projects:index")
    if "project" in created:
        response["Location"] = f"/projekte/{created['project'].pk}/"
    return response


@access(REGION_EDIT)
def project_edit(request, pk: int):
    project = _editable_project(request, pk)
    form = ProjectForm.for_project(project, request.POST or None)
    return form_page(
        request, form=form, title=f"Projekt bearbeiten: {project.label}",
        save=lambda f: services.project_update(actor=request.user, project=project,
                                               **f.cleaned_data),
        success="Die Angaben zum Projekt wurden gespeichert.", target=f"/projekte/{project.pk}/",
        context={"intro": "Zielvereinbarungen behalten den Wortlaut, mit dem das Projekt "
                          "vereinbart wurde."})


@access(REGION_EDIT)
def project_provider(request, pk: int):
    project = _editable_project(request, pk)
    form = ProviderAssignForm(request.POST or None, initial={"provider": project.provider_id})
    return form_page(
        request, form=form, title=f"Träger für {project.label}",
        save=lambda f: services.project_assign_provider(actor=request.user, project=project,
                                                        provider=f.cleaned_data["provider"]),
        success="Der Träger wurde gespeichert.", target=f"/projekte/{project.pk}/",
        context={"submit_label": "Träger speichern"})
