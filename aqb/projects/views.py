from django.shortcuts import render

from aqb.accounts.policy import LOGIN, PROJECT_OBJECT, access

from .selectors import project_get, project_list


@access(LOGIN)
def project_index(request):
    return render(request, "projects/index.html", {"projects": project_list(user=request.user)})


@access(PROJECT_OBJECT)
def project_detail(request, pk: int):
    project = project_get(user=request.user, pk=pk)
    entries = project.agreement_entries.select_related(
        "measure__agreement__programme_year").order_by("-measure__agreement__programme_year__year")
    return render(request, "projects/detail.html", {"project": project, "entries": entries})
