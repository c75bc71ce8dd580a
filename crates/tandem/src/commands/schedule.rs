//! `tandem schedule`: read an MSPDI file, schedule it with the critical path method, and
//! write it back as MSPDI, or as a per-task table in JSON or CSV.
//!
//! JSON output is `{"tasks": [...], "warnings": [...]}`; each task has `uid`, `name`,
//! `start`, `finish`, `early_start`, `early_finish`, `late_start`, `late_finish`
//! (`YYYY-MM-DDTHH:MM:SS`), `total_slack`, `free_slack` (working minutes) and `critical`.
//! The project summary task (outline level 0, MS Project's UID 0) has a row too, its
//! dates rolled up from every task, marked in JSON by `"project_summary": true`. CSV has
//! the same columns without the mark; warnings then go to standard error.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use serde::Serialize;
use tandem_interop::mspdi::{self, Project, Task, format_date_time};

/// Arguments of `tandem schedule`.
#[derive(Debug, clap::Args)]
pub struct ScheduleArgs {
    /// The MS Project XML (MSPDI) file to schedule.
    input: PathBuf,
    /// Where to write the result; standard output if absent.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// What to write: the scheduled MSPDI file, or a table of the results.
    #[arg(long, value_enum, default_value_t = OutputFormat::Mspdi)]
    format: OutputFormat,
}

/// The output formats of `tandem schedule`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum OutputFormat {
    /// MS Project XML with scheduled dates, slack and critical flags.
    Mspdi,
    /// `{"tasks": [...], "warnings": [...]}`.
    Json,
    /// One row per task, with a header.
    Csv,
}

/// Runs `tandem schedule`.
pub fn run(args: ScheduleArgs) -> anyhow::Result<()> {
    let input = args.input.display();
    let xml =
        std::fs::read_to_string(&args.input).with_context(|| format!("cannot read {input}"))?;
    let mut project = mspdi::read(&xml).with_context(|| format!("{input}"))?;
    let warnings =
        mspdi::schedule(&mut project).with_context(|| format!("cannot schedule {input}"))?;

    let mut out: BufWriter<Box<dyn Write>> = BufWriter::new(match &args.output {
        Some(path) => Box::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Box::new(io::stdout().lock()),
    });
    if !matches!(args.format, OutputFormat::Json) {
        for warning in &warnings {
            eprintln!("warning: {warning}");
        }
    }
    match args.format {
        OutputFormat::Mspdi => mspdi::write(&project, &mut out)?,
        OutputFormat::Json => write_json(&project, &warnings, &mut out)?,
        OutputFormat::Csv => write_csv(&project, &mut out)?,
    }
    out.flush().context("cannot write the output")
}

/// One task's scheduling results, as the JSON and CSV outputs show them.
#[derive(Debug, Serialize)]
struct TaskRow<'p> {
    uid: i32,
    name: &'p str,
    start: String,
    finish: String,
    early_start: String,
    early_finish: String,
    late_start: String,
    late_finish: String,
    total_slack: i64,
    free_slack: i64,
    critical: bool,
}

impl<'p> TaskRow<'p> {
    /// The row of a scheduled task; `None` for a task the scheduler left without results.
    fn of(task: &'p Task) -> Option<Self> {
        let analysis = task.analysis?;
        Some(Self {
            uid: task.uid,
            name: task.name.as_deref().unwrap_or_default(),
            start: format_date_time(task.start?),
            finish: format_date_time(task.finish?),
            early_start: format_date_time(analysis.early_start),
            early_finish: format_date_time(analysis.early_finish),
            late_start: format_date_time(analysis.late_start),
            late_finish: format_date_time(analysis.late_finish),
            total_slack: analysis.total_slack_minutes,
            free_slack: analysis.free_slack_minutes,
            critical: analysis.critical,
        })
    }
}

/// A JSON row: the task's results, and the mark of the project summary task, written
/// only where it is true so that every other row is just its results.
#[derive(Debug, Serialize)]
struct JsonRow<'p> {
    #[serde(flatten)]
    results: TaskRow<'p>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    project_summary: bool,
}

fn write_json(project: &Project, warnings: &[String], out: &mut impl Write) -> anyhow::Result<()> {
    #[derive(Serialize)]
    struct Report<'p> {
        tasks: Vec<JsonRow<'p>>,
        warnings: &'p [String],
    }
    let tasks = project.tasks.iter().filter_map(|task| {
        Some(JsonRow {
            results: TaskRow::of(task)?,
            project_summary: task.outline_level == 0,
        })
    });
    let report = Report {
        tasks: tasks.collect(),
        warnings,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)?;
    Ok(())
}

fn write_csv(project: &Project, out: &mut impl Write) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    for row in project.tasks.iter().filter_map(TaskRow::of) {
        writer.serialize(row)?;
    }
    writer.flush()?;
    Ok(())
}
