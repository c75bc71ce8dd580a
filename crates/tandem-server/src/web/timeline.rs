//! The release timeline's geometry: each dated release as a mark at its target date on a time
//! axis, its label on the first lane where it does not overlap an earlier one, month ticks and
//! the today line, in SVG coordinates. Pure arithmetic; `pages/product_roadmap.html` only
//! draws what this computes.

use jiff::ToSpan;
use jiff::civil::Date;

/// Width of the drawing, in SVG units (the page scales it to the panel).
pub const WIDTH: i64 = 960;
/// Room left of the first and right of the last date, in days.
const MARGIN_DAYS: i64 = 14;
/// Height of one label lane above the axis.
const LANE: i64 = 44;
/// Most label lanes; further overlapping labels share the least crowded one.
const MAX_LANES: usize = 4;
/// Roughly how wide one character of a release name (13 px, bold) and of its summary
/// (11 px) is.
const NAME_CHAR: i64 = 8;
const SUMMARY_CHAR: i64 = 7;
/// Room above the top lane for the today label.
const TOP: i64 = 34;
/// Fewest SVG units between two labelled month ticks.
const TICK_SPACING: i64 = 64;

/// A release to place: where it links, its date and the two lines of its label.
#[derive(Debug, Clone)]
pub struct Release {
    pub href: String,
    pub date: Date,
    pub name: String,
    /// Date, status, outcome and readiness in words.
    pub summary: String,
    /// CSS class of the mark (its status or outcome).
    pub class: &'static str,
}

/// A release placed on the chart.
#[derive(Debug, Clone)]
pub struct Mark {
    pub release: Release,
    /// The mark's x on the axis.
    pub x: i64,
    /// The baseline y of the label's first line.
    pub label_y: i64,
    /// The label's left edge (labels near the right end run leftwards from the mark).
    pub label_x: i64,
    /// `start` or `end`: which side of `label_x` the text runs to.
    pub anchor: &'static str,
}

/// A month tick of the axis.
#[derive(Debug, Clone)]
pub struct Tick {
    pub x: i64,
    /// Empty for ticks drawn without a label (too close to the previous label).
    pub label: String,
}

/// The whole chart.
#[derive(Debug, Clone)]
pub struct Chart {
    pub height: i64,
    /// The y of the time axis.
    pub axis_y: i64,
    pub marks: Vec<Mark>,
    pub ticks: Vec<Tick>,
    /// X of the today line.
    pub today_x: i64,
}

/// Lays out `releases` (any order) around `today`; `None` when none has a date.
pub fn layout(mut releases: Vec<Release>, today: Date) -> Option<Chart> {
    releases.sort_by_key(|r| r.date);
    let first = releases.first()?.date.min(today);
    let last = releases.last()?.date.max(today);
    let origin = first - MARGIN_DAYS.days();
    let span = (last - origin).get_days() as i64 + MARGIN_DAYS;
    let x_of = |date: Date| (date - origin).get_days() as i64 * WIDTH / span.max(1);

    let mut lane_ends: Vec<i64> = Vec::new();
    let mut placed = Vec::with_capacity(releases.len());
    for release in releases {
        let x = x_of(release.date);
        let width = label_width(&release);
        let runs_left = x + width > WIDTH;
        let (from, to) = if runs_left {
            (x - width, x)
        } else {
            (x, x + width)
        };
        let lane = lane_ends
            .iter()
            .position(|end| *end + 12 < from)
            .unwrap_or_else(|| {
                if lane_ends.len() < MAX_LANES {
                    lane_ends.push(i64::MIN);
                    lane_ends.len() - 1
                } else {
                    least_crowded(&lane_ends)
                }
            });
        lane_ends[lane] = to;
        placed.push((release, x, lane, runs_left));
    }
    let lanes = lane_ends.len().max(1) as i64;
    let axis_y = TOP + lanes * LANE;
    let marks = placed
        .into_iter()
        .map(|(release, x, lane, runs_left)| Mark {
            label_y: axis_y - LANE * (lane as i64 + 1) + 6,
            label_x: if runs_left { x - 6 } else { x + 6 },
            anchor: if runs_left { "end" } else { "start" },
            x,
            release,
        })
        .collect();
    Some(Chart {
        height: axis_y + 30,
        axis_y,
        marks,
        ticks: month_ticks(origin, origin + span.days(), &x_of),
        today_x: x_of(today),
    })
}

/// The wider of a label's two lines, in SVG units.
fn label_width(release: &Release) -> i64 {
    let name = release.name.chars().count() as i64 * NAME_CHAR;
    let summary = release.summary.chars().count() as i64 * SUMMARY_CHAR;
    name.max(summary) + 12
}

/// The lane whose last label ends furthest left.
fn least_crowded(lane_ends: &[i64]) -> usize {
    (0..lane_ends.len())
        .min_by_key(|lane| lane_ends[*lane])
        .unwrap_or(0)
}

/// A tick at every first of a month between `from` and `to`, labelled `Jan 2027` where
/// there is room.
fn month_ticks(from: Date, to: Date, x_of: &impl Fn(Date) -> i64) -> Vec<Tick> {
    let mut ticks = Vec::new();
    let mut month = from.first_of_month();
    let mut last_label: Option<i64> = None;
    while month <= to {
        if month >= from {
            let x = x_of(month);
            let labelled = last_label.is_none_or(|before| x - before >= TICK_SPACING);
            if labelled {
                last_label = Some(x);
            }
            ticks.push(Tick {
                x,
                label: if labelled {
                    month.strftime("%b %Y").to_string()
                } else {
                    String::new()
                },
            });
        }
        match month.last_of_month().tomorrow() {
            Ok(next) => month = next,
            Err(_) => break,
        }
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn release(name: &str, day: Date) -> Release {
        Release {
            href: format!("/r/{name}"),
            date: day,
            name: name.to_owned(),
            summary: "planned".to_owned(),
            class: "planned",
        }
    }

    /// The chart of releases `(name, date)` seen on `today`.
    fn chart_of(releases: &[(&str, Date)], today: Date) -> Chart {
        let releases = releases.iter().map(|(n, d)| release(n, *d)).collect();
        layout(releases, today).expect("dated releases draw a chart")
    }

    #[test]
    fn releases_sit_at_their_dates_in_order_and_today_between() {
        let chart = chart_of(
            &[("B", date(2027, 6, 1)), ("A", date(2027, 4, 1))],
            date(2027, 3, 1),
        );
        let names: Vec<&str> = chart
            .marks
            .iter()
            .map(|m| m.release.name.as_str())
            .collect();
        assert_eq!(names, ["A", "B"]);
        assert!(chart.today_x < chart.marks[0].x);
        assert!(chart.marks[0].x < chart.marks[1].x);
        assert!(chart.marks[1].x <= WIDTH);
        // 1 Mar, 1 Apr, 1 May, 1 Jun (the axis starts two weeks before today).
        let labels: Vec<&str> = chart
            .ticks
            .iter()
            .filter(|t| !t.label.is_empty())
            .map(|t| t.label.as_str())
            .collect();
        assert_eq!(labels, ["Mar 2027", "Apr 2027", "May 2027", "Jun 2027"]);
    }

    #[test]
    fn close_releases_get_separate_lanes() {
        let chart = chart_of(
            &[("One", date(2027, 5, 1)), ("Two", date(2027, 5, 3))],
            date(2027, 1, 1),
        );
        assert_ne!(chart.marks[0].label_y, chart.marks[1].label_y);
    }

    #[test]
    fn nothing_dated_draws_nothing() {
        assert!(layout(Vec::new(), date(2027, 1, 1)).is_none());
    }
}
