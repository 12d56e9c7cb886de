"""A user's deadlines as an iCalendar feed (RFC 5545), built with the icalendar library."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as IcsEvent

from .mail import absolute
from .registry import Event


def ics(events: Iterable[Event], *, name: str = "AQB Hessen – Fristen") -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//AQB Hessen//Fristen//DE")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Berlin")
    stamp = timezone.now()
    for e in events:
        item = IcsEvent()
        item.add("uid", e.uid)
        item.add("dtstamp", stamp)
        item.add("dtstart", e.day)  # a date: an all-day event
        item.add("dtend", e.day + timedelta(days=1))
        item.add("summary", e.summary)
        if e.description:
            item.add("description", e.description)
        if e.url:
            item.add("url", absolute(e.url))
        if e.categories:
            item.add("categories", list(e.categories))
        item.add("transp", "TRANSPARENT")
        cal.add_component(item)
    return cal.to_ical()
