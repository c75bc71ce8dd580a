#!/usr/bin/env python3
"""Generate golden CPM fixtures with MPXJ's MicrosoftScheduler.

For each case a small random project is built with MPXJ, written as MSPDI
(``fixtures/mpxj/<case>.xml``), read back, scheduled with
``org.mpxj.cpm.MicrosoftScheduler`` and its results written to
``<case>.expected.json``. ``<case>.input.json`` is the same project (as read
back from the XML) in the serde form of ``tandem_engine::cpm::Project``.

Run from the repository root:  pip install mpxj && python3 tools/mpxj/generate.py
(``--cases N --first-seed S --out DIR`` make other sets, e.g. fresh ones to check the
engine against with ``MPXJ_FIXTURES=DIR cargo test -p tandem-engine --test cpm_mpxj``).
"""

import argparse
import json
import math
import random
from pathlib import Path

import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)
import jpype

OUT = Path(__file__).resolve().parents[2] / "fixtures" / "mpxj"
CASES = 30

if not jpype.isJVMStarted():
    jpype.startJVM()

from java.time import DayOfWeek, LocalDate, LocalDateTime, LocalTime  # noqa: E402
from org.mpxj import (  # noqa: E402
    ConstraintType,
    DayType,
    Duration,
    LocalTimeRange,
    ProjectFile,
    Relation,
    RelationType,
    TimeUnit,
)
from org.mpxj.cpm import MicrosoftScheduler  # noqa: E402
from org.mpxj.mspdi import MSPDIReader, MSPDIWriter  # noqa: E402

DAYS = [
    DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
    DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY,
]
DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
RELATION_TYPES = {
    "FS": RelationType.FINISH_START, "SS": RelationType.START_START,
    "FF": RelationType.FINISH_FINISH, "SF": RelationType.START_FINISH,
}
CONSTRAINTS = {
    "as_late_as_possible": ConstraintType.AS_LATE_AS_POSSIBLE,
    "start_no_earlier_than": ConstraintType.START_NO_EARLIER_THAN,
    "start_no_later_than": ConstraintType.START_NO_LATER_THAN,
    "finish_no_earlier_than": ConstraintType.FINISH_NO_EARLIER_THAN,
    "finish_no_later_than": ConstraintType.FINISH_NO_LATER_THAN,
    "must_start_on": ConstraintType.MUST_START_ON,
    "must_finish_on": ConstraintType.MUST_FINISH_ON,
}
CONSTRAINT_NAMES = {str(v): k for k, v in CONSTRAINTS.items()}


# ---------------------------------------------------------------- building

def time_range(start, end):
    return LocalTimeRange(LocalTime.of(*start), LocalTime.of(*end) if end != (24, 0) else LocalTime.MIDNIGHT)


def add_calendars(project, rng, start):
    """Project calendar (Standard plus holidays and an altered day) and a few
    calendars derived from it, returned as a list [project_calendar, *others]."""
    standard = project.addDefaultBaseCalendar()
    standard.setUniqueID(jpype.JInt(1))
    project.setDefaultCalendar(standard)
    base_day = start.toLocalDate()
    taken = set()

    def free_span(first, length):
        """Exception dates must not overlap (MS Project refuses overlapping ones)."""
        span = {first + offset for offset in range(length + 1)}
        if span & taken:
            return False
        taken.update(span)
        return True

    for _ in range(rng.randint(0, 4)):
        offset, length = rng.randint(-3, 40), rng.choice([0, 0, 0, 1, 4])
        if free_span(offset, length):
            day = base_day.plusDays(offset)
            standard.addCalendarException(day, day.plusDays(length))
    if rng.random() < 0.6:
        offset, length = rng.randint(0, 30), rng.choice([0, 2])
        if free_span(offset, length):
            day = base_day.plusDays(offset)
            altered = standard.addCalendarException(day, day.plusDays(length))
            altered.add(time_range((9, 0), (13, 0)))
            if rng.random() < 0.5:
                altered.add(time_range((14, 0), (16, 30)))
    calendars = [standard]
    if rng.random() < 0.6:
        four_day = project.addCalendar()
        four_day.setUniqueID(jpype.JInt(2))
        four_day.setName("Four day week")
        four_day.setParent(standard)
        for day in DAYS:
            four_day.setCalendarDayType(day, DayType.DEFAULT)
        four_day.setCalendarDayType(DayOfWeek.FRIDAY, DayType.NON_WORKING)
        four_day.setCalendarDayType(DayOfWeek.SATURDAY, DayType.WORKING)
        four_day.addCalendarHours(DayOfWeek.SATURDAY).add(time_range((9, 0), (13, 0)))
        four_day.setCalendarDayType(DayOfWeek.MONDAY, DayType.WORKING)
        four_day.addCalendarHours(DayOfWeek.MONDAY).add(time_range((7, 0), (15, 0)))
        holiday = base_day.plusDays(rng.randint(0, 20))
        four_day.addCalendarException(holiday, holiday)
        calendars.append(four_day)
    if rng.random() < 0.3:
        nights = project.addCalendar()
        nights.setUniqueID(jpype.JInt(3))
        nights.setName("Long days")
        for index, day in enumerate(DAYS):
            if index < 6:
                nights.setCalendarDayType(day, DayType.WORKING)
                nights.addCalendarHours(day).add(time_range((6, 0), (14, 0)))
                nights.getCalendarHours(day).add(time_range((15, 0), (24, 0)))
            else:
                nights.setCalendarDayType(day, DayType.NON_WORKING)
        calendars.append(nights)
    return calendars


def random_duration(rng):
    kind = rng.random()
    if kind < 0.1:
        return Duration.getInstance(0, TimeUnit.DAYS)
    if kind < 0.5:
        return Duration.getInstance(rng.randint(1, 10), TimeUnit.DAYS)
    if kind < 0.8:
        return Duration.getInstance(rng.randint(1, 30), TimeUnit.HOURS)
    if kind < 0.85:
        return Duration.getInstance(rng.choice([0.5, 1.5, 2.25]), TimeUnit.DAYS)
    if kind < 0.88:
        return Duration.getInstance(rng.choice([1, 2]), TimeUnit.WEEKS)
    if kind < 0.91:
        return Duration.getInstance(rng.choice([30, 90, 135]), TimeUnit.MINUTES)
    if kind < 0.96:
        return Duration.getInstance(rng.randint(1, 4), TimeUnit.ELAPSED_DAYS)
    return Duration.getInstance(rng.choice([6, 30]), TimeUnit.ELAPSED_HOURS)


def random_lag(rng):
    kind = rng.random()
    if kind < 0.45:
        return Duration.getInstance(0, TimeUnit.DAYS)
    if kind < 0.65:
        return Duration.getInstance(rng.choice([-3, -2, -1, 1, 2, 4]), TimeUnit.DAYS)
    if kind < 0.77:
        return Duration.getInstance(rng.choice([-6, -2, 3, 5, 12]), TimeUnit.HOURS)
    if kind < 0.88:
        return Duration.getInstance(rng.choice([-50, -25, 25, 50, 100]), TimeUnit.PERCENT)
    if kind < 0.9:
        return Duration.getInstance(rng.choice([-1, 1]), TimeUnit.WEEKS)
    if kind < 0.97:
        return Duration.getInstance(rng.choice([-1, 1, 2]), TimeUnit.ELAPSED_DAYS)
    return Duration.getInstance(rng.choice([-12, 5, 30]), TimeUnit.ELAPSED_HOURS)


def random_instant(rng, start):
    """A date near the project start; times include non-working ones to test snapping."""
    day = start.toLocalDate().plusDays(rng.randint(-2, 25))
    hour, minute = rng.choice([(8, 0), (8, 0), (17, 0), (13, 0), (12, 0), (10, 30), (12, 30), (0, 0), (19, 0)])
    return LocalDateTime.of(day, LocalTime.of(hour, minute))


def build_outline(rng, project, task_count):
    """Tasks in outline order; some are summaries with 1-5 children. Returns the list of
    (task, parent) in creation order."""
    tasks = []
    created = 0

    def add(parent, depth):
        nonlocal created
        task = (parent.addTask() if parent is not None else project.addTask())
        created += 1
        task.setName(f"Task {created}")
        tasks.append((task, parent))
        if depth < 2 and created < task_count - 2 and rng.random() < 0.25:
            task.setSummary(True)
            for _ in range(rng.randint(1, 5)):
                if created >= task_count:
                    break
                add(task, depth + 1)
        return task

    while created < task_count:
        add(None, 0)
    return tasks


def leaves_of(task):
    children = list(task.getChildTasks())
    if not children:
        return [task]
    return [leaf for child in children for leaf in leaves_of(child)]


def build_case(seed):
    rng = random.Random(seed)
    project = ProjectFile()
    start_day = LocalDate.of(2025, 1, 6).plusDays(rng.randint(0, 300))
    start_time = rng.choice([(8, 0), (8, 0), (8, 0), (0, 0), (12, 0), (17, 0), (10, 15), (13, 0), (22, 0)])
    start = LocalDateTime.of(start_day, LocalTime.of(*start_time))
    project.getProjectProperties().setStartDate(start)
    calendars = add_calendars(project, rng, start)

    outline = build_outline(rng, project, rng.randint(5, 25))
    tasks = [task for task, _ in outline]
    summary_logic = rng.random() < 0.5
    for task in tasks:
        if task.getSummary():
            if rng.random() < 0.15:
                name = rng.choice(list(CONSTRAINTS))
                task.setConstraintType(CONSTRAINTS[name])
                if name != "as_late_as_possible":
                    task.setConstraintDate(random_instant(rng, start))
            continue
        duration = random_duration(rng)
        task.setDuration(duration)
        task.setActualDuration(Duration.getInstance(0, duration.getUnits()))
        task.setRemainingDuration(duration)
        flag_flip = rng.random() < 0.05
        task.setMilestone((duration.getDuration() == 0) != flag_flip)
        if rng.random() < 0.08:
            task.setDeadline(random_instant(rng, start))
        if len(calendars) > 1 and rng.random() < 0.2:
            task.setCalendar(rng.choice(calendars[1:]))
        if rng.random() < 0.25:
            name = rng.choice(list(CONSTRAINTS))
            task.setConstraintType(CONSTRAINTS[name])
            if name != "as_late_as_possible":
                task.setConstraintDate(random_instant(rng, start))

    # Relations only from earlier to later leaf ranks, so expansion never cycles.
    rank = {}
    leaf_tasks = [t for t in tasks if not t.getSummary()]
    order = leaf_tasks[:]
    rng.shuffle(order)
    for position, task in enumerate(order):
        rank[task.getUniqueID().intValue()] = position

    def span(task):
        ranks = [rank[leaf.getUniqueID().intValue()] for leaf in leaves_of(task)]
        return min(ranks), max(ranks)

    candidates = [t for t in tasks if summary_logic or not t.getSummary()]
    linked = set()
    for _ in range(int(len(leaf_tasks) * rng.uniform(1.0, 1.8))):
        pred, succ = rng.sample(candidates, 2)
        if span(pred)[1] >= span(succ)[0]:
            pred, succ = succ, pred
        if span(pred)[1] >= span(succ)[0]:
            continue
        key = (pred.getUniqueID().intValue(), succ.getUniqueID().intValue())
        if key in linked:
            continue
        linked.add(key)
        kind = rng.choice(list(RELATION_TYPES))
        builder = Relation.Builder().predecessorTask(pred).type(RELATION_TYPES[kind]).lag(random_lag(rng))
        succ.addPredecessor(builder)
    return project, start


# ---------------------------------------------------------------- exporting

def fmt(value):
    text = str(value.toString())
    if len(text) == 16:
        text += ":00"
    return text[:19]


def minutes(duration, properties):
    """Whole minutes, halves rounded up (slack can hold seconds from percentage lags).
    MPXJ converts through days in floating point, so noise is removed first."""
    if duration is None:
        return 0
    unit = TimeUnit.ELAPSED_MINUTES if duration.getUnits().isElapsed() else TimeUnit.MINUTES
    return math.floor(round(duration.convertUnits(unit, properties).getDuration(), 6) + 0.5)


def duration_json(duration, properties):
    kind = "elapsed" if duration.getUnits().isElapsed() else "working"
    return {kind: minutes(duration, properties)}


def lag_json(lag, properties):
    if lag.getUnits() == TimeUnit.PERCENT:
        return {"percent": float(lag.getDuration())}
    return duration_json(lag, properties)


def hours_json(hours):
    def time_text(value):
        return "00:00:00" if value == LocalTime.MIDNIGHT else fmt_time(value)
    return [{"start": fmt_time(r.getStart()), "end": time_text(r.getEnd())} for r in hours]


def fmt_time(value):
    text = str(value.toString())
    return text + ":00" if len(text) == 5 else text


def calendar_json(calendar):
    week = {}
    for day, name in zip(DAYS, DAY_NAMES):
        day_type = calendar.getCalendarDayType(day)
        if day_type == DayType.DEFAULT and calendar.getParent() is not None:
            continue
        if day_type == DayType.WORKING:
            week[name] = hours_json(calendar.getCalendarHours(day))
        else:
            week[name] = []
    exceptions = [
        {"from": str(e.getFromDate().toString()), "to": str(e.getToDate().toString()), "hours": hours_json(e)}
        for e in calendar.getCalendarExceptions()
    ]
    result = {"uid": int(calendar.getUniqueID()), "name": str(calendar.getName() or ""), "week": week}
    if calendar.getParent() is not None:
        result["base"] = int(calendar.getParent().getUniqueID())
    if exceptions:
        result["exceptions"] = exceptions
    return result


def scheduled_tasks(project):
    return [t for t in project.getTasks() if t.getUniqueID().intValue() != 0]


def input_json(project, start):
    properties = project.getProjectProperties()
    tasks = []
    relations = []
    for task in scheduled_tasks(project):
        entry = {
            "uid": int(task.getUniqueID()),
            "name": str(task.getName()),
            "duration": duration_json(task.getDuration(), properties) if not task.getSummary() and task.getDuration() is not None else {"working": 0},
            "milestone": bool(task.getMilestone()),
        }
        if task.getDeadline() is not None:
            entry["deadline"] = fmt(task.getDeadline())
        if task.getCalendar() is not None:
            entry["calendar"] = int(task.getCalendar().getUniqueID())
        constraint = task.getConstraintType()
        if constraint is not None and str(constraint) in CONSTRAINT_NAMES:
            name = CONSTRAINT_NAMES[str(constraint)]
            entry["constraint"] = name if name == "as_late_as_possible" else {name: fmt(task.getConstraintDate())}
        parent = task.getParentTask()
        if parent is not None and parent.getUniqueID().intValue() != 0:
            entry["parent"] = int(parent.getUniqueID())
        tasks.append(entry)
        for relation in task.getPredecessors():
            relations.append({
                "predecessor": int(relation.getPredecessorTask().getUniqueID()),
                "successor": int(task.getUniqueID()),
                "type": {v.name(): k for k, v in RELATION_TYPES.items()}[relation.getType().name()],
                "lag": lag_json(relation.getLag(), properties),
            })
    return {
        "start": fmt(start),
        "calendar": int(project.getDefaultCalendar().getUniqueID()),
        "calendars": [calendar_json(c) for c in project.getCalendars()],
        "units": {
            "minutes_per_day": int(properties.getMinutesPerDay()),
            "minutes_per_week": int(properties.getMinutesPerWeek()),
        },
        "tasks": tasks,
        "relations": relations,
    }


def expected_json(project):
    properties = project.getProjectProperties()
    return {
        "start": fmt(properties.getStartDate()),
        "finish": fmt(properties.getFinishDate()),
        "tasks": [
            {
                "uid": int(task.getUniqueID()),
                "name": str(task.getName()),
                "start": fmt(task.getStart()),
                "finish": fmt(task.getFinish()),
                "early_start": fmt(task.getEarlyStart()),
                "early_finish": fmt(task.getEarlyFinish()),
                "late_start": fmt(task.getLateStart()),
                "late_finish": fmt(task.getLateFinish()),
                "total_slack": minutes(task.getTotalSlack(), properties),
                "free_slack": minutes(task.getFreeSlack(), properties),
                "critical": bool(task.getCritical()),
            }
            for task in scheduled_tasks(project)
        ],
    }


def compact_json(document):
    """One line per top-level field and per list item: small, yet diffable."""
    lines = ["{"]
    fields = list(document.items())
    for position, (key, value) in enumerate(fields):
        comma = "," if position + 1 < len(fields) else ""
        if isinstance(value, list):
            items = [json.dumps(item, separators=(",", ":")) for item in value]
            body = ",\n  ".join(items)
            lines.append(f' "{key}": [\n  {body}\n ]{comma}' if items else f' "{key}": []{comma}')
        else:
            lines.append(f' "{key}": {json.dumps(value)}{comma}')
    lines.append("}")
    return "\n".join(lines) + "\n"


def minify_xml(path):
    """Drop the writer's indentation (MSPDI has no mixed content, so this is lossless)."""
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(line.strip() for line in text.splitlines()) + "\n", encoding="utf-8")


def fill_progress_fields(project):
    """MSPDI omits zero actual durations; the scheduler wants them present."""
    for task in scheduled_tasks(project):
        duration = task.getDuration()
        if duration is None or task.getSummary():
            continue
        if task.getActualDuration() is None:
            task.setActualDuration(Duration.getInstance(0, duration.getUnits()))
        if task.getRemainingDuration() is None:
            task.setRemainingDuration(duration)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=CASES)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    for seed in range(args.first_seed, args.first_seed + args.cases):
        name = f"case{seed:02d}"
        project, start = build_case(seed)
        xml = out / f"{name}.xml"
        MSPDIWriter().write(project, str(xml))
        reread = MSPDIReader().read(str(xml))
        fill_progress_fields(reread)
        MicrosoftScheduler().schedule(reread, start)
        minify_xml(xml)
        (out / f"{name}.input.json").write_text(compact_json(input_json(reread, start)))
        (out / f"{name}.expected.json").write_text(compact_json(expected_json(reread)))
        print(name, len(scheduled_tasks(reread)), "tasks")


if __name__ == "__main__":
    main()
