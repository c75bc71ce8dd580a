//! The release timeline's geometry: each dated release as a mark at its target date on a time
//! axis, its label on the first lane where it does not overlap an earlier one, month ticks and
//! the today line, in SVG coordinates. A label never leaves the drawing nor touches its
//! neighbour on the lane: long names are cut to [`NAME_MAX_CHARS`], and when the lanes run
//! out a label is cut short where the next one starts, ending in an ellipsis (the page keeps
//! the whole name in the mark's tooltip). Pure arithmetic; `pages/product_roadmap.html` only
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
/// Most characters of a name drawn, however much room there is.
pub const NAME_MAX_CHARS: usize = 28;
/// Between a mark and its label.
const PAD: i64 = 6;
/// Fewest SVG units between two labels on one lane.
pub const GAP: i64 = 12;
/// Room above the top lane for the today label.
const TOP: i64 = 34;
/// Fewest SVG units between two labelled month ticks.
const TICK_SPACING: i64 = 64;
/// What ends a cut label.
const ELLIPSIS: char = '…';

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
    /// The release the roadmap is filtered to: drawn highlighted.
    pub chosen: bool,
}

/// A release placed on the chart.
#[derive(Debug, Clone)]
pub struct Mark {
    /// The release, its name and summary whole (for the tooltip).
    pub release: Release,
    /// The label's lines as drawn: cut to the room the label has, ending in an ellipsis.
    pub name: String,
    pub summary: String,
    /// The mark's x on the axis.
    pub x: i64,
    /// The baseline y of the label's first line.
    pub label_y: i64,
    /// Where the label's text is anchored (labels near the right end run leftwards from the
    /// mark).
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

/// Where a label's text lies on its lane, in SVG units.
#[derive(Debug, Clone, Copy)]
struct Slot {
    lane: usize,
    runs_left: bool,
    start: i64,
    end: i64,
}

/// Lays out `releases` (any order) around `today`; `None` when none has a date.
pub fn layout(mut releases: Vec<Release>, today: Date) -> Option<Chart> {
    releases.sort_by_key(|r| r.date);
    let first = releases.first()?.date.min(today);
    let last = releases.last()?.date.max(today);
    let origin = first - MARGIN_DAYS.days();
    let span = (last - origin).get_days() as i64 + MARGIN_DAYS;
    let x_of = |date: Date| (date - origin).get_days() as i64 * WIDTH / span.max(1);

    let xs: Vec<i64> = releases.iter().map(|r| x_of(r.date)).collect();
    let slots = slots(&releases, &xs);
    let lanes = slots.iter().map(|s| s.lane + 1).max().unwrap_or(1) as i64;
    let axis_y = TOP + lanes * LANE;
    let marks = releases
        .into_iter()
        .zip(xs)
        .zip(slots)
        .map(|((release, x), slot)| {
            let room = slot.end - slot.start;
            Mark {
                name: cut(&release.name, chars_in(room, NAME_CHAR).min(NAME_MAX_CHARS)),
                summary: cut(&release.summary, chars_in(room, SUMMARY_CHAR)),
                label_y: axis_y - LANE * (slot.lane as i64 + 1) + 6,
                label_x: if slot.runs_left { slot.end } else { slot.start },
                anchor: if slot.runs_left { "end" } else { "start" },
                x,
                release,
            }
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

/// Puts the label of each release (by date, at `xs`) on a lane. A label runs right of its
/// mark unless that would leave the drawing; from the first one that runs left, all run
/// left, so a label never starts before the one placed before it on its lane ends. When
/// every lane is taken, the label shares the least crowded lane and whichever of the two
/// labels can give way is cut: the earlier one ends `GAP` before a right-running label
/// starts, a left-running label starts `GAP` after the earlier one ends.
fn slots(releases: &[Release], xs: &[i64]) -> Vec<Slot> {
    let mut slots: Vec<Slot> = Vec::with_capacity(releases.len());
    // The index in `slots` of the last label on each lane.
    let mut lanes: Vec<usize> = Vec::new();
    let mut leftwards = false;
    for (release, &x) in releases.iter().zip(xs) {
        let width = label_width(release);
        leftwards = leftwards || x + PAD + width > WIDTH;
        let (start, end) = if leftwards {
            ((x - PAD - width).max(0), x - PAD)
        } else {
            (x + PAD, x + PAD + width)
        };
        let mut slot = Slot {
            lane: 0,
            runs_left: leftwards,
            start,
            end,
        };
        let free = lanes.iter().position(|&at| slots[at].end + GAP <= start);
        match free {
            Some(lane) => slot.lane = lane,
            None if lanes.len() < MAX_LANES => slot.lane = lanes.len(),
            None => {
                slot.lane = least_crowded(&lanes, &slots);
                let before = &mut slots[lanes[slot.lane]];
                if slot.runs_left {
                    slot.start = (before.end + GAP).min(slot.end);
                } else {
                    before.end = (slot.start - GAP).max(before.start);
                }
            }
        }
        if slot.lane == lanes.len() {
            lanes.push(slots.len());
        } else {
            lanes[slot.lane] = slots.len();
        }
        slots.push(slot);
    }
    slots
}

/// The room a label wants: the wider of its two lines (the name cut to
/// [`NAME_MAX_CHARS`]), in SVG units.
fn label_width(release: &Release) -> i64 {
    let name = release.name.chars().count().min(NAME_MAX_CHARS) as i64 * NAME_CHAR;
    let summary = release.summary.chars().count() as i64 * SUMMARY_CHAR;
    name.max(summary)
}

/// How many characters `per_char` units wide fit in `room`.
fn chars_in(room: i64, per_char: i64) -> usize {
    usize::try_from(room / per_char).unwrap_or(0)
}

/// `text` in at most `max` characters: whole when it fits, else cut with an ellipsis as its
/// last character.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    match max.checked_sub(1) {
        Some(kept) => text.chars().take(kept).chain([ELLIPSIS]).collect(),
        None => String::new(),
    }
}

/// The lane whose last label ends furthest left.
fn least_crowded(lanes: &[usize], slots: &[Slot]) -> usize {
    (0..lanes.len())
        .min_by_key(|lane| slots[lanes[*lane]].end)
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
            chosen: false,
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

    /// Where a drawn label's text lies: (lane's y, start, end), from its anchor and the
    /// width of its longer line; `None` when nothing is drawn.
    fn extent(mark: &Mark) -> Option<(i64, i64, i64)> {
        let width = |text: &str, per_char: i64| text.chars().count() as i64 * per_char;
        let wide = width(&mark.name, NAME_CHAR).max(width(&mark.summary, SUMMARY_CHAR));
        (wide > 0).then(|| match mark.anchor {
            "end" => (mark.label_y, mark.label_x - wide, mark.label_x),
            _ => (mark.label_y, mark.label_x, mark.label_x + wide),
        })
    }

    /// Fails when a label leaves the drawing or comes closer than `GAP` to another on its lane.
    fn assert_apart(chart: &Chart) {
        let mut extents: Vec<(i64, i64, i64)> = chart.marks.iter().filter_map(extent).collect();
        extents.sort_unstable();
        for (_, start, end) in &extents {
            assert!(
                0 <= *start && *end <= WIDTH,
                "{start}..{end} leaves the drawing"
            );
        }
        for pair in extents.windows(2) {
            let [(lane, _, end), (next_lane, start, _)] = pair else {
                unreachable!()
            };
            if lane == next_lane {
                assert!(start - end >= GAP, "labels touch: {pair:?}");
            }
        }
    }

    #[test]
    fn long_names_end_in_an_ellipsis_and_stay_whole_for_the_tooltip() {
        let long = "2.0 The big spring release with loyalty, wishlists and a new checkout";
        let chart = chart_of(
            &[(long, date(2027, 4, 1)), ("1.0 Beta", date(2027, 2, 1))],
            date(2027, 1, 1),
        );
        let (beta, spring) = (&chart.marks[0], &chart.marks[1]);
        assert_eq!(beta.name, "1.0 Beta", "short names are drawn whole");
        assert_eq!(spring.name.chars().count(), NAME_MAX_CHARS);
        assert!(spring.name.ends_with('…'), "{}", spring.name);
        assert!(long.starts_with(spring.name.trim_end_matches('…')));
        assert_eq!(spring.release.name, long);
        assert_apart(&chart);
    }

    #[test]
    fn crowded_labels_are_cut_before_they_touch_and_never_leave_the_drawing() {
        let names: Vec<String> = (1..=12)
            .map(|n| format!("Release {n} with a rather long name"))
            .collect();
        // Twelve releases two days apart: more than the lanes hold side by side. Seen from
        // their first day they run rightwards; seen from nine months before, they sit at the
        // right end and run leftwards.
        let releases: Vec<(&str, Date)> = names
            .iter()
            .zip(0_i64..)
            .map(|(name, at)| (name.as_str(), date(2027, 3, 1) + (2 * at).days()))
            .collect();
        for (today, anchor) in [(date(2027, 3, 1), "start"), (date(2026, 6, 1), "end")] {
            let chart = chart_of(&releases, today);
            assert_eq!(chart.axis_y, TOP + MAX_LANES as i64 * LANE);
            assert_eq!(chart.marks[0].anchor, anchor);
            assert!(
                chart.marks.iter().any(|m| m.name.ends_with('…')),
                "some labels had to be cut"
            );
            assert_apart(&chart);
        }
    }

    #[test]
    fn a_label_at_the_right_end_runs_leftwards_inside_the_drawing() {
        let chart = chart_of(
            &[
                ("Early", date(2027, 1, 10)),
                ("Late and long named release", date(2027, 12, 1)),
            ],
            date(2027, 1, 1),
        );
        let late = &chart.marks[1];
        assert_eq!(late.anchor, "end");
        assert_eq!(late.name, "Late and long named release");
        assert_apart(&chart);
    }
}
