#!/usr/bin/env python3
"""Write the MSPDI fixture of the MS Project import/export round trip, scheduled by MPXJ.

A plan Tandem can hold without loss: a three-level outline, every relation type, lags and
leads in whole working days, milestones, a holiday and a two-day break on the Standard
calendar, durations in days and hours, ASAP tasks only, and two resources (one of them a
project member in the test, one not). MPXJ's ``MicrosoftScheduler`` fills in the dates the
round-trip test compares Tandem's export with.

Run from the repository root:  pip install mpxj && python3 tools/mpxj/round_trip_fixture.py
"""

from pathlib import Path

import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)
import jpype

OUT = Path(__file__).resolve().parents[2] / "crates/tandem-server/tests/fixtures/msproject_round_trip.xml"

if not jpype.isJVMStarted():
    jpype.startJVM()

from java.time import LocalDate, LocalDateTime, LocalTime  # noqa: E402
from org.mpxj import Duration, ProjectFile, Relation, RelationType, TimeUnit  # noqa: E402
from org.mpxj.cpm import MicrosoftScheduler  # noqa: E402
from org.mpxj.mspdi import MSPDIReader, MSPDIWriter  # noqa: E402

from generate import fill_progress_fields, minify_xml  # noqa: E402  (same folder)

START = LocalDateTime.of(LocalDate.of(2025, 3, 3), LocalTime.of(8, 0))


def build():
    project = ProjectFile()
    project.getProjectProperties().setStartDate(START)
    project.getProjectProperties().setName("Website relaunch")
    standard = project.addDefaultBaseCalendar()
    standard.setUniqueID(jpype.JInt(1))
    project.setDefaultCalendar(standard)
    standard.addCalendarException(LocalDate.of(2025, 3, 12), LocalDate.of(2025, 3, 12)).setName("Founders' day")
    standard.addCalendarException(LocalDate.of(2025, 3, 20), LocalDate.of(2025, 3, 21)).setName("Offsite")

    tasks = {}

    def task(name, parent=None, days=None, hours=None):
        t = parent.addTask() if parent is not None else project.addTask()
        t.setName(name)
        if days is not None or hours is not None:
            duration = Duration.getInstance(days, TimeUnit.DAYS) if days is not None else Duration.getInstance(hours, TimeUnit.HOURS)
            t.setDuration(duration)
            t.setActualDuration(Duration.getInstance(0, duration.getUnits()))
            t.setRemainingDuration(duration)
            t.setMilestone(duration.getDuration() == 0)
        else:
            t.setSummary(True)
        tasks[name] = t
        return t

    design = task("Design")
    task("Requirements", design, days=3)
    task("Architecture", design, days=2)
    task("Design approved", design, days=0)
    build_ = task("Build")
    services = task("Services", build_)
    task("API", services, days=4)
    task("Storage", services, hours=12)
    task("Frontend", build_, days=3)
    task("Integration", build_, days=2)
    task("Launch", days=0)

    def link(pred, succ, kind, lag_days=0):
        builder = (Relation.Builder().predecessorTask(tasks[pred]).type(kind)
                   .lag(Duration.getInstance(lag_days, TimeUnit.DAYS)))
        tasks[succ].addPredecessor(builder)

    link("Requirements", "Architecture", RelationType.FINISH_START)
    link("Architecture", "Design approved", RelationType.FINISH_START)
    link("Architecture", "API", RelationType.START_START, 1)
    link("API", "Storage", RelationType.FINISH_FINISH, 1)
    link("Design approved", "Frontend", RelationType.FINISH_START, -1)
    link("Frontend", "Integration", RelationType.START_FINISH, 2)
    link("Storage", "Integration", RelationType.FINISH_START, 2)
    link("Integration", "Launch", RelationType.FINISH_START)

    ann = project.addResource()
    ann.setName("Ann Example")
    contractor = project.addResource()
    contractor.setName("Contractor")
    tasks["Requirements"].addResourceAssignment(ann)
    tasks["API"].addResourceAssignment(contractor)
    return project


def main():
    OUT.parent.mkdir(parents=True, exist_ok=True)
    MSPDIWriter().write(build(), str(OUT))
    project = MSPDIReader().read(str(OUT))
    fill_progress_fields(project)
    MicrosoftScheduler().schedule(project, START)
    MSPDIWriter().write(project, str(OUT))
    minify_xml(OUT)
    for t in project.getTasks():
        print(t.getUniqueID(), t.getName(), t.getStart(), t.getFinish())


if __name__ == "__main__":
    main()
