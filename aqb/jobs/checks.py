from django.core import checks

from . import schedule


@checks.register()
def schedule_is_valid(app_configs, **kwargs):
    return [checks.Error(p, id="aqb.jobs.E001") for p in schedule.check()]
