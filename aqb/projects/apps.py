from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "aqb.projects"
    default_auto_field = "django.db.models.BigAutoField"
