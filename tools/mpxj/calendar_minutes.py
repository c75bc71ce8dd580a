#!/usr/bin/env python3
"""Print the working minutes MPXJ gives each calendar of an MSPDI file on each day.

One line per calendar and day, `UID DATE MINUTES`, for the days FROM..TO (inclusive).
The interop tests compare the engine's calendars with such a listing.

    pip install mpxj && python3 tools/mpxj/calendar_minutes.py FILE.xml FROM TO > FILE.mpxj.txt
"""

import sys

import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)
import jpype

if not jpype.isJVMStarted():
    jpype.startJVM()

from java.time import LocalDate  # noqa: E402
from org.mpxj.mspdi import MSPDIReader  # noqa: E402


def minutes(calendar, day):
    hours = calendar.getHours(day)
    total = 0
    for span in hours:
        start, end = span.getStart(), span.getEnd()
        end_minute = 24 * 60 if end.toSecondOfDay() == 0 else end.toSecondOfDay() // 60
        total += end_minute - start.toSecondOfDay() // 60
    return total


def main(path, first, last):
    project = MSPDIReader().read(path)
    first, last = LocalDate.parse(first), LocalDate.parse(last)
    for calendar in sorted(project.getCalendars(), key=lambda c: int(c.getUniqueID())):
        day = first
        while not day.isAfter(last):
            print(f"{int(calendar.getUniqueID())} {day} {minutes(calendar, day)}")
            day = day.plusDays(1)


if __name__ == "__main__":
    main(*sys.argv[1:4])
