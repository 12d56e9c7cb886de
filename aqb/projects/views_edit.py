"""Changing projects: create, edit, assign a provider. The ministry for every region, a region
for its own projects (policy.can_edit_region_data); everyone else reads only."""

from aqb.accounts.policy import REGION_EDIT, access
from aqb.regions.selectors import REGION
from aqb.ui.forms import form_page

from . import services
from .forms import ProjectCreateForm, ProjectForm, ProviderAssignForm
from .selectors import PROJECT


@access(REGION_EDIT, REGION)  # 404 for a stranger, 403 for a reader
def project_create(request, region):
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


@access(REGION_EDIT, PROJECT)
def project_edit(request, project):
    form = ProjectForm.for_project(project, request.POST or None)
    return form_page(
        request, form=form, title=f"Projekt bearbeiten: {project.label}",
        save=lambda f: services.project_update(actor=request.user, project=project,
                                               **f.cleaned_data),
        success="Die Angaben zum Projekt wurden gespeichert.", target=f"/projekte/{project.pk}/",
        context={"intro": "Zielvereinbarungen behalten den Wortlaut, mit dem das Projekt "
                          "vereinbart wurde."})


@access(REGION_EDIT, PROJECT)
def project_provider(request, project):
    form = ProviderAssignForm(request.POST or None, initial={"provider": project.provider_id})
    return form_page(
        request, form=form, title=f"Träger für {project.label}",
        save=lambda f: services.project_assign_provider(actor=request.user, project=project,
                                                        provider=f.cleaned_data["provider"]),
        success="Der Träger wurde gespeichert.", target=f"/projekte/{project.pk}/",
        context={"submit_label": "Träger speichern"})
