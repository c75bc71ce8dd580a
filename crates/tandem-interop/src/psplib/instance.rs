//! Reader of single-mode `.sm` instances: job count, renewable resources, precedence
//! relations, durations with requests, and resource availabilities.

use tandem_engine::rcpsp::{Activity, Capacity, Problem, ProblemError, Relation, RelationKind};

use super::PsplibError;
use super::lines::{Line, Lines};

/// Parses the text of a single-mode `.sm` file into a [`Problem`] (job `n` is activity
/// `n - 1`, resources in file order with constant capacity). Errors name jobs and
/// resources by their numbers in the file.
///
/// # Errors
/// [`PsplibError::Syntax`] with the line number for malformed lines, `Missing` for a
/// missing section, `Problem` for a well-formed but impossible instance (cycles,
/// demands above capacity, successors out of range).
pub fn parse_instance(text: &str) -> Result<Problem, PsplibError> {
    let mut lines = Lines::new(text);
    let jobs: usize = lines
        .after("jobs (incl. supersource/sink", "the job count")?
        .value_after_colon()?;
    let renewable: usize = lines
        .after("- renewable", "the renewable resource count")?
        .value_after_colon()?;
    for kind in ["- nonrenewable", "- doubly constrained"] {
        let line = lines.after(kind, "the resource counts")?;
        if line.value_after_colon::<usize>()? != 0 {
            return Err(line.error("only renewable resources are supported"));
        }
    }
    let relations = precedence_relations(&mut lines, jobs)?;
    let activities = requests_and_durations(&mut lines, jobs, renewable)?;
    let resources = availabilities(&mut lines, renewable)?;
    Problem::new(resources, activities, &relations)
        .map_err(|error| PsplibError::Problem(in_file_numbering(error)))
}

/// Renumbers the jobs and resources an engine error names the way the file does (from 1).
fn in_file_numbering(error: ProblemError) -> ProblemError {
    match error {
        ProblemError::Cycle(activities) => {
            ProblemError::Cycle(activities.into_iter().map(|a| a + 1).collect())
        }
        ProblemError::DemandExceedsCapacity {
            activity,
            resource,
            demand,
            capacity,
        } => ProblemError::DemandExceedsCapacity {
            activity: activity + 1,
            resource: resource + 1,
            demand,
            capacity,
        },
        other => other,
    }
}

/// `jobnr. #modes #successors successors…`, one line per job in job order.
fn precedence_relations(lines: &mut Lines<'_>, jobs: usize) -> Result<Vec<Relation>, PsplibError> {
    lines.after("PRECEDENCE RELATIONS", "the PRECEDENCE RELATIONS section")?;
    lines.next_line("the precedence header")?;
    let mut relations = Vec::new();
    for job in 1..=jobs {
        let line = lines.next_line("a precedence line")?;
        let fields: Vec<usize> = line.numbers()?;
        let [number, modes, count, successors @ ..] = fields.as_slice() else {
            return Err(line.error("expected job number, mode count and successor count"));
        };
        expect_job(&line, *number, job)?;
        if *modes != 1 {
            return Err(line.error("only single-mode instances are supported"));
        }
        if successors.len() != *count {
            return Err(line.error(format!(
                "job {job} announces {count} successors but lists {}",
                successors.len()
            )));
        }
        for &successor in successors {
            if successor == 0 || successor > jobs {
                return Err(line.error(format!("successor {successor} is not a job")));
            }
            relations.push(Relation {
                predecessor: job - 1,
                successor: successor - 1,
                kind: RelationKind::FinishToStart,
                lag: 0,
            });
        }
    }
    Ok(relations)
}

/// `jobnr. mode duration R1 … Rk`, after a header and a dashed line.
fn requests_and_durations(
    lines: &mut Lines<'_>,
    jobs: usize,
    renewable: usize,
) -> Result<Vec<Activity>, PsplibError> {
    lines.after("REQUESTS/DURATIONS", "the REQUESTS/DURATIONS section")?;
    lines.next_line("the requests header")?;
    lines.next_line("the requests separator")?;
    (1..=jobs)
        .map(|job| {
            let line = lines.next_line("a request line")?;
            let fields: Vec<u32> = line.numbers()?;
            let [number, _mode, duration, demands @ ..] = fields.as_slice() else {
                return Err(line.error("expected job number, mode and duration"));
            };
            expect_job(&line, *number as usize, job)?;
            if demands.len() != renewable {
                return Err(line.error(format!(
                    "expected {renewable} resource requests, found {}",
                    demands.len()
                )));
            }
            Ok(Activity {
                duration: *duration,
                demands: demands.to_vec(),
                release: 0,
            })
        })
        .collect()
}

/// The line of capacities after the `R 1 R 2 …` header.
fn availabilities(lines: &mut Lines<'_>, renewable: usize) -> Result<Vec<Capacity>, PsplibError> {
    lines.after(
        "RESOURCEAVAILABILITIES",
        "the RESOURCEAVAILABILITIES section",
    )?;
    lines.next_line("the availabilities header")?;
    let line = lines.next_line("the availabilities")?;
    let capacities: Vec<u32> = line.numbers()?;
    if capacities.len() != renewable {
        return Err(line.error(format!(
            "expected {renewable} availabilities, found {}",
            capacities.len()
        )));
    }
    Ok(capacities.into_iter().map(Capacity::Constant).collect())
}

fn expect_job(line: &Line<'_>, found: usize, expected: usize) -> Result<(), PsplibError> {
    if found == expected {
        Ok(())
    } else {
        Err(line.error(format!("expected job {expected}, found {found}")))
    }
}
