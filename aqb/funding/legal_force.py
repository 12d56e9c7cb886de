"""When a notice becomes final (Bestandskraft): pure date arithmetic, no database.

- § 41 (2) HVwVfG: a written notice sent by post is deemed notified on the third day after it
  was posted (the notice's date counts as the day of posting unless another is given).
- § 70 (1) VwGO: the objection (Widerspruch) is due within one month of notification.
- § 31 (1) HVwVfG with § 187 (1), § 188 (2), (3) BGB: the day of notification does not count;
  the month ends with the day of the next month that has the same number, or with that
  month's last day when it has no such day (31 January → 28/29 February).
- § 31 (3) HVwVfG: a period ending on a Saturday, Sunday or public holiday (Hessen) ends on
  the next working day.
The notice is final on the day after the period has ended.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

__all__ = ["deemed_notified", "easter_sunday", "hessian_holidays", "legal_force_date",
           "objection_period_end"]


def easter_sunday(year: int) -> date:
    """Easter Sunday (Gregorian calendar, anonymous Gauss/Meeus algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month, day = divmod(h + ll - 7 * m + 114, 31)
    return date(year, month, day + 1)


def hessian_holidays(year: int) -> frozenset[date]:
    """The statutory public holidays in Hessen (Hessisches Feiertagsgesetz, § 1)."""
    easter = easter_sunday(year)
    return frozenset({
        date(year, 1, 1),                  # Neujahr
        easter - timedelta(days=2),        # Karfreitag
        easter + timedelta(days=1),        # Ostermontag
        date(year, 5, 1),                  # Tag der Arbeit
        easter + timedelta(days=39),       # Christi Himmelfahrt
        easter + timedelta(days=50),       # Pfingstmontag
        easter + timedelta(days=60),       # Fronleichnam
        date(year, 10, 3),                 # Tag der Deutschen Einheit
        date(year, 12, 25), date(year, 12, 26),
    })


def _is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in hessian_holidays(day.year)


def deemed_notified(posted_on: date) -> date:
    """§ 41 (2) HVwVfG: the third day after posting."""
    return posted_on + timedelta(days=3)


def _add_month(day: date) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def objection_period_end(notified_on: date) -> date:
    """The last day of the one-month objection period after notification on `notified_on`."""
    end = _add_month(notified_on)
    while not _is_working_day(end):
        end += timedelta(days=1)
    return end


def legal_force_date(posted_on: date) -> date:
    """The first day on which the notice posted on `posted_on` can no longer be challenged."""
    return objection_period_end(deemed_notified(posted_on)) + timedelta(days=1)
