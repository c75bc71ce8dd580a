#!/usr/bin/env python3
"""The MPXJ side of the benchmark: read an MSPDI file, schedule it with MPXJ's
MicrosoftScheduler and write it back, all in one JVM process.

    mpxj_schedule.py IN.xml OUT.xml
"""

import sys

import jpype
import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)

jpype.startJVM()

from org.mpxj.cpm import MicrosoftScheduler  # noqa: E402
from org.mpxj.reader import UniversalProjectReader  # noqa: E402
from org.mpxj.writer import FileFormat, UniversalProjectWriter  # noqa: E402

project = UniversalProjectReader().read(sys.argv[1])
MicrosoftScheduler().schedule(project, project.getProjectProperties().getStartDate())
UniversalProjectWriter(FileFormat.MSPDI).write(project, sys.argv[2])
