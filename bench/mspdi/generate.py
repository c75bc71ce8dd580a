#!/usr/bin/env python3
"""Writes a large MSPDI plan for the `tandem schedule` vs MPXJ benchmark.

    generate.py OUT.xml [--tasks 50000] [--seed 7]

The plan: one Standard calendar (Mon-Fri 08-12, 13-17) with ten holidays a year, summary
tasks of 49 leaves each, ~1.5 predecessors per leaf (mostly FS, some SS/FF/SF, lags
positive and negative, some in elapsed and percent units), a few SNET/FNLT constraints.
Deterministic for a seed. Plain string output: the file is data, not a test of a writer.
"""

import argparse
import random
from xml.sax.saxutils import escape

LEAVES_PER_SUMMARY = 49
HOLIDAYS = ["01-01", "01-06", "04-01", "05-01", "05-08", "07-14", "08-15", "11-01", "11-11", "12-25"]
WORKING_TIMES = (
    "<WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>"
    "<WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes>"
)


def calendar():
    days = []
    for day_type in range(1, 8):
        if day_type in (1, 7):
            days.append(f"<WeekDay><DayType>{day_type}</DayType><DayWorking>0</DayWorking></WeekDay>")
        else:
            days.append(f"<WeekDay><DayType>{day_type}</DayType><DayWorking>1</DayWorking>{WORKING_TIMES}</WeekDay>")
    exceptions = []
    for year in range(2025, 2045):
        for day in HOLIDAYS:
            exceptions.append(
                "<Exception><EnteredByOccurrences>0</EnteredByOccurrences><TimePeriod>"
                f"<FromDate>{year}-{day}T00:00:00</FromDate><ToDate>{year}-{day}T23:59:00</ToDate>"
                f"</TimePeriod><Occurrences>1</Occurrences><Name>Holiday</Name><Type>1</Type>"
                "<DayWorking>0</DayWorking></Exception>"
            )
    return (
        "<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
        f"<BaseCalendarUID>-1</BaseCalendarUID><WeekDays>{''.join(days)}</WeekDays>"
        f"<Exceptions>{''.join(exceptions)}</Exceptions></Calendar></Calendars>"
    )


def link(rng, predecessor_uid):
    kind = rng.choices([1, 3, 0, 2], weights=[80, 10, 8, 2])[0]
    roll = rng.random()
    if roll < 0.70:
        lag, lag_format = 0, 7
    elif roll < 0.85:
        lag, lag_format = rng.choice([-2, -1, 1, 2, 3]) * 4800, 7  # days, tenths of minutes
    elif roll < 0.95:
        lag, lag_format = rng.choice([-12, 6, 24]) * 600, 6  # elapsed hours
    else:
        lag, lag_format = rng.choice([25, 50]), 19  # percent of the predecessor
    return (
        f"<PredecessorLink><PredecessorUID>{predecessor_uid}</PredecessorUID><Type>{kind}</Type>"
        f"<LinkLag>{lag}</LinkLag><LagFormat>{lag_format}</LagFormat></PredecessorLink>"
    )


def task(uid, name, level, outline, summary, duration_days, extra=""):
    minutes = duration_days * 480
    return (
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{escape(name)}</Name><OutlineNumber>{outline}</OutlineNumber>"
        f"<OutlineLevel>{level}</OutlineLevel><Duration>PT{minutes // 60}H0M0S</Duration>"
        f"<DurationFormat>7</DurationFormat><ActualDuration>PT0H0M0S</ActualDuration>"
        f"<RemainingDuration>PT{minutes // 60}H0M0S</RemainingDuration>"
        f"<Milestone>{1 if duration_days == 0 and not summary else 0}</Milestone>"
        f"<Summary>{1 if summary else 0}</Summary>{extra}</Task>"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--tasks", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    parts = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        '<Project xmlns="http://schemas.microsoft.com/project"><SaveVersion>14</SaveVersion>',
        "<Name>benchmark</Name><ScheduleFromStart>1</ScheduleFromStart>",
        "<StartDate>2025-01-06T08:00:00</StartDate><CalendarUID>1</CalendarUID>",
        "<MinutesPerDay>480</MinutesPerDay><MinutesPerWeek>2400</MinutesPerWeek><DaysPerMonth>20</DaysPerMonth>",
        calendar(),
        "<Tasks>",
    ]
    leaves = []
    links = 0
    uid = 0
    summary_number = 0
    while uid < args.tasks:
        uid += 1
        summary_number += 1
        parts.append(task(uid, f"Phase {summary_number}", 1, summary_number, True, 0))
        for child in range(1, LEAVES_PER_SUMMARY + 1):
            if uid >= args.tasks:
                break
            uid += 1
            extra = []
            if leaves:
                window = leaves[-400:]
                count = rng.choices([0, 1, 2, 3], weights=[5, 45, 40, 10])[0]
                for predecessor in rng.sample(window, min(count, len(window))):
                    extra.append(link(rng, predecessor))
                    links += 1
            roll = rng.random()
            if roll < 0.01:
                extra.insert(0, f"<ConstraintType>4</ConstraintType><ConstraintDate>2025-{rng.randint(2, 12):02d}-10T08:00:00</ConstraintDate>")
            duration = 0 if rng.random() < 0.03 else rng.randint(1, 10)
            parts.append(task(uid, f"Task {uid}", 2, f"{summary_number}.{child}", False, duration, "".join(extra)))
            leaves.append(uid)
    parts.append("</Tasks></Project>\n")
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("\n".join(parts))
    print(f"{args.out}: {uid} tasks, {links} relations")


if __name__ == "__main__":
    main()
