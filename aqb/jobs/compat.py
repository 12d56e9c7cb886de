"""The tasks framework: Django 6's `django.tasks` where it exists, else the backport
`django_tasks` (same API). Code of the project imports `task` from here, so moving to Django 6
changes this file only."""

try:  # Django 6
    from django.tasks import TaskResultStatus, default_task_backend, task
except ImportError:  # Django 5.2: the backport
    from django_tasks import TaskResultStatus, default_task_backend, task

__all__ = ["TaskResultStatus", "default_task_backend", "task"]
