//! The Gantt chart's geometry: bars, milestones, arrows, axis and today line laid out in SVG
//! coordinates from a schedule. Pure arithmetic; the template only draws what this computes.

use std::collections::HashMap;

use jiff::ToSpan;
use jiff::civil::{Date, DateTime, Weekday};
use tandem_core::people::amounts::working_days_label;

use crate::planning::network;
use crate::planning::schedule::{Parents, ScheduleView, ScheduledItem, day};

/// Height of one row, in pixels.
pub const ROW: i64 = 26;
/// Height of the axis band above the rows.
pub const AXIS: i64 = 34;

/// One row of the chart (and of the table beside it).
#[derive(Debug, Clone)]
pub struct Row {
    pub key: String,
    pub title: String,
    pub start: String,
    pub finish: String,
    pub float_days: f64,
    pub critical: bool,
    pub summary: bool,
    pub milestone: bool,
    /// Bar left, width and vertical centre.
    pub x: i64,
    pub width: i64,
    pub y: i64,
    /// `x,y x,y …` of a milestone's diamond.
    pub diamond: String,
    /// CSS class of the bar.
    pub class: &'static str,
    /// The baseline bar's left and width, when the item is in the compared baseline.
    pub baseline: Option<(i64, i64)>,
    /// Finish slip against the baseline, `+1.5` / `-0.5` / `0` working days; empty without.
    pub variance: String,
    /// True when the item finishes later than in the baseline.
    pub slipped: bool,
    /// True when levelling made it wait for its assignee, and how long (`2h`, `1.5 d`).
    pub delayed_by_levelling: bool,
    pub levelling_delay: String,
    /// The due date it finishes after, and the x of the end of that day on the chart.
    pub missed_due: Option<(String, i64)>,
    /// The day work on it began and, when done, the day it was finished (from its history).
    pub actual_start: Option<String>,
    pub actual_finish: Option<String>,
    /// A split item's part already worked, drawn before the status date.
    pub split: Option<Split>,
    /// A done item drawn at its actual dates (its start and finish are those days).
    pub done: bool,
}

/// The part already worked of an item split at the status date (MS Project style): a
/// solid segment from its actual start to the status date, joined to its remaining bar by
/// a dotted line over the gap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The worked segment's left and width.
    pub x: i64,
    pub width: i64,
    /// Where the dotted join ends: the remaining bar's left (no join is drawn when it
    /// starts right at the status date).
    pub join_to: i64,
}

/// A tick of the time axis.
#[derive(Debug, Clone)]
pub struct Tick {
    pub x: i64,
    pub label: String,
    /// Week starts are drawn stronger than days.
    pub major: bool,
}

/// A dependency arrow as an SVG path.
#[derive(Debug, Clone)]
pub struct Arrow {
    pub path: String,
    pub critical: bool,
}

/// The whole chart.
#[derive(Debug, Clone)]
pub struct Chart {
    pub width: i64,
    pub height: i64,
    pub rows: Vec<Row>,
    pub ticks: Vec<Tick>,
    pub arrows: Vec<Arrow>,
    /// True when some item is split at the status date (the legend then explains it).
    pub split: bool,
    /// True when some done item is drawn at its actual dates (the legend then says so).
    pub done: bool,
    /// X of the today line (the status date's when the remaining work is rescheduled), when
    /// it is inside the chart.
    pub today_x: Option<i64>,
}

/// Lays out `schedule`; the today line is drawn at `line` (midday today, or the start of the
/// status date the remaining work is rescheduled from).
pub fn layout(schedule: &ScheduleView, line: DateTime) -> Chart {
    let today = line.date();
    let spans = drawn_spans(schedule);
    let first = schedule
        .items
        .iter()
        .zip(&spans)
        .flat_map(|(i, span)| {
            [
                span.map(|(start, _)| start),
                i.baseline_start.as_deref().and_then(parse),
                i.actual_segment
                    .as_ref()
                    .and_then(|worked| parse(&worked.start)),
            ]
        })
        .flatten()
        .map(|d| d.date())
        .min()
        .unwrap_or(today);
    let last = schedule
        .items
        .iter()
        .zip(&spans)
        .flat_map(|(i, span)| {
            [
                span.map(|(_, finish)| finish),
                i.baseline_finish.as_deref().and_then(parse),
            ]
        })
        .flatten()
        .map(|d| d.date())
        .max()
        .unwrap_or(today);
    // Start on the Monday of the first week, end a couple of days after the finish.
    let origin = first - i64::from(first.weekday().to_monday_zero_offset()).days();
    let span_days = (last - origin).get_days().max(0) as i64 + 3;
    let day = if span_days > 150 { 6 } else { 22 };
    let x_of = |at: DateTime| -> i64 {
        let days = (at.date() - origin).get_days() as i64;
        let minutes = i64::from(at.hour()) * 60 + i64::from(at.minute());
        // Working hours 08:00–17:00 fill the day's column.
        let share = ((minutes - 480).clamp(0, 540) * day) / 540;
        days * day + share
    };
    let width = span_days * day + 40;
    let mut rows = Vec::with_capacity(schedule.items.len());
    let mut place: HashMap<i64, (i64, i64, i64)> = HashMap::new();
    for (index, (item, span)) in schedule.items.iter().zip(&spans).enumerate() {
        let y = AXIS + index as i64 * ROW + ROW / 2;
        let (start, finish) = span.map_or((0, 0), |(start, finish)| (x_of(start), x_of(finish)));
        place.insert(item.id, (start, finish, y));
        let baseline = item
            .baseline_start
            .as_deref()
            .zip(item.baseline_finish.as_deref())
            .and_then(|(from, to)| Some((x_of(parse(from)?), x_of(parse(to)?))))
            .map(|(from, to)| (from, (to - from).max(2)));
        let missed_due = item
            .due_date
            .as_deref()
            .filter(|_| item.misses_due_date)
            .and_then(|due| {
                Some((
                    due.to_owned(),
                    x_of(network::parse_date(due)?.at(17, 0, 0, 0)),
                ))
            });
        let split = item.actual_segment.as_ref().and_then(|worked| {
            let from = x_of(parse(&worked.start)?);
            let to = x_of(parse(&worked.finish)?);
            Some(Split {
                x: from,
                width: (to - from).max(2),
                join_to: start,
            })
        });
        let drawn = row(item, start, finish, y, baseline);
        rows.push(match span.filter(|_| item.at_actual_dates()) {
            Some((started, finished)) => Row {
                start: started.date().to_string(),
                finish: finished.date().to_string(),
                class: if item.milestone {
                    "gantt-milestone gantt-done"
                } else {
                    "gantt-bar gantt-done"
                },
                done: true,
                ..drawn
            },
            None if item.summary => match span {
                Some((started, finished)) => Row {
                    start: started.date().to_string(),
                    finish: finished.date().to_string(),
                    ..drawn
                },
                None => drawn,
            },
            None => Row {
                missed_due,
                split,
                ..drawn
            },
        });
    }
    let arrows = schedule
        .links
        .iter()
        .filter_map(|link| {
            let &(p_start, p_finish, p_y) = place.get(&link.predecessor_id)?;
            let &(s_start, s_finish, s_y) = place.get(&link.successor_id)?;
            let from = if matches!(link.kind.as_str(), "SS" | "SF") {
                p_start
            } else {
                p_finish
            };
            let to = if matches!(link.kind.as_str(), "FF" | "SF") {
                s_finish
            } else {
                s_start
            };
            let bend = from + 6;
            let path = if to >= bend + 4 {
                format!("M{from},{p_y} H{bend} V{s_y} H{}", to - 1)
            } else {
                let mid = s_y - (ROW / 2) * (s_y - p_y).signum();
                format!(
                    "M{from},{p_y} H{bend} V{mid} H{} V{s_y} H{}",
                    to - 8,
                    to - 1
                )
            };
            Some(Arrow {
                path,
                critical: link.critical,
            })
        })
        .collect();
    let mut ticks = Vec::new();
    let mut date = origin;
    while (date - origin).get_days() as i64 <= span_days {
        let major = date.weekday() == Weekday::Monday;
        if major || day >= 20 {
            ticks.push(Tick {
                x: (date - origin).get_days() as i64 * day,
                label: if major {
                    date.strftime("%-d %b").to_string()
                } else {
                    date.strftime("%-d").to_string()
                },
                major,
            });
        }
        date = date.tomorrow().unwrap_or(date);
        if date == Date::MAX {
            break;
        }
    }
    let today_x =
        (today >= origin && (today - origin).get_days() as i64 <= span_days).then(|| x_of(line));
    Chart {
        split: rows.iter().any(|row| row.split.is_some()),
        done: rows.iter().any(|row| row.done),
        width,
        height: AXIS + schedule.items.len() as i64 * ROW + 8,
        rows,
        ticks,
        arrows,
        today_x,
    }
}

fn row(item: &ScheduledItem, start: i64, finish: i64, y: i64, baseline: Option<(i64, i64)>) -> Row {
    let class = match (item.summary, item.milestone, item.critical) {
        (true, _, _) => "gantt-summary",
        (_, true, true) => "gantt-milestone gantt-critical",
        (_, true, false) => "gantt-milestone",
        (_, _, true) => "gantt-bar gantt-critical",
        _ => "gantt-bar",
    };
    Row {
        key: item.key.clone(),
        title: item.title.clone(),
        start: day(&item.start).to_owned(),
        finish: day(&item.finish).to_owned(),
        float_days: item.total_float_days,
        critical: item.critical,
        summary: item.summary,
        milestone: item.milestone,
        x: start,
        width: (finish - start).max(2),
        y,
        diamond: format!(
            "{},{} {},{} {},{} {},{}",
            finish,
            y - 7,
            finish + 7,
            y,
            finish,
            y + 7,
            finish - 7,
            y
        ),
        class,
        baseline,
        variance: item
            .finish_variance_days
            .map(|days| {
                if days > 0.0 {
                    format!("+{days}")
                } else {
                    days.to_string()
                }
            })
            .unwrap_or_default(),
        slipped: item.finish_variance_days.is_some_and(|days| days > 0.0),
        delayed_by_levelling: item.delayed_by_levelling,
        levelling_delay: working_days_label(item.levelling_delay_days),
        missed_due: None,
        actual_start: item.actual_start.as_deref().map(|at| day(at).to_owned()),
        actual_finish: item.actual_finish.as_deref().map(|at| day(at).to_owned()),
        split: None,
        done: false,
    }
}

/// Each item's drawn start and finish: its [effective dates](ScheduledItem::effective_dates)
/// (a done item's actual ones), a summary's scheduled dates widened to cover its children as
/// drawn, everyone else's scheduled dates. `None` when the schedule's stamps do not parse.
fn drawn_spans(schedule: &ScheduleView) -> Vec<Option<(DateTime, DateTime)>> {
    let mut spans: Vec<Option<(DateTime, DateTime)>> = schedule
        .items
        .iter()
        .map(|item| {
            let (start, finish) = item.effective_dates();
            Some((parse(start)?, parse(finish)?))
        })
        .collect();
    let parents = Parents::of(&schedule.items);
    for (index, item) in schedule.items.iter().enumerate() {
        let Some((start, finish)) = spans[index].filter(|_| item.at_actual_dates()) else {
            continue;
        };
        for up in parents.ancestors(index) {
            if let Some((from, to)) = &mut spans[up] {
                *from = (*from).min(start);
                *to = (*to).max(finish);
            }
        }
    }
    spans
}

fn parse(stamp: &str) -> Option<DateTime> {
    stamp.parse().ok()
}
