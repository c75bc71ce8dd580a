//! The release timeline's geometry: each dated release as a mark at its target date on a time
//! axis, its label on the first lane where it does not overlap an earlier one, month ticks and
//! the today line, in SVG coordinates. A label never leaves the drawing nor touches its
//! neighbour on the lane. Names are drawn whole: a name longer than [`NAME_LINE_CHARS`] wraps
//! onto further lines (at most [`NAME_MAX_LINES`]), and each lane is as tall as its tallest
//! label; only a name longer than [`NAME_MAX_CHARS`] is cut. When the lanes run out, a label
//! that must give way wraps into the room left before the next one starts, and what still
//! does not fit ends in an ellipsis (the page keeps the whole name in the mark's tooltip).
//! Pure arithmetic; `pages/product_roadmap.html` only draws what this computes.

use jiff::ToSpan;
use jiff::civil::Date;

/// Width of the drawing, in SVG units (the page scales it to the panel).
pub const WIDTH: i64 = 960;
/// Room left of the first and right of the last date, in days.
const MARGIN_DAYS: i64 = 14;
/// Height of a label lane above the axis whose names take one line; each further line of a
/// name adds [`NAME_LINE`].
const LANE: i64 = 44;
/// Between the baselines of two lines of a name (13 px, bold).
const NAME_LINE: i64 = 16;
/// Between the baseline of a name's last line and that of the summary under it.
const SUMMARY_LINE: i64 = 15;
/// Most label lanes; further overlapping labels share the least crowded one.
const MAX_LANES: usize = 4;
/// Roughly how wide one character of a release name (13 px, bold) and of its summary
/// (11 px) is.
const NAME_CHAR: i64 = 8;
const SUMMARY_CHAR: i64 = 7;
/// Most characters on one line of a name: longer names wrap, between words where they can.
pub const NAME_LINE_CHARS: usize = 26;
/// Most lines of a name: enough for [`NAME_MAX_CHARS`] characters in a label's full room.
pub const NAME_MAX_LINES: usize = 5;
/// Fewest characters per line a name wraps to: in a narrower room (a crowded lane) it is
/// cut on one line instead of falling apart into slivers.
const NAME_MIN_WRAP: usize = 8;
/// Most characters of a name drawn, however much room there is: release names are short
/// titles ("2.0 Loyalty and wishlists"), so only a paragraph pasted as a name is cut.
pub const NAME_MAX_CHARS: usize = 80;
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

/// One line of a release name as drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameLine {
    /// Its baseline.
    pub y: i64,
    pub text: String,
}

/// A release placed on the chart.
#[derive(Debug, Clone)]
pub struct Mark {
    /// The release, its name and summary whole (for the tooltip).
    pub release: Release,
    /// The name as drawn, wrapped to the room the label has (a line cut short ends in an
    /// ellipsis).
    pub name: Vec<NameLine>,
    /// The summary as drawn, on one line, cut to the room the label has.
    pub summary: String,
    /// The baseline of the summary, under the name's last line.
    pub summary_y: i64,
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
    let names: Vec<Vec<String>> = releases
        .iter()
        .zip(&slots)
        .map(|(release, slot)| {
            name_lines(&release.name, chars_in(slot.end - slot.start, NAME_CHAR))
        })
        .collect();
    // Each lane is as tall as its label with the most name lines; lane 0 is on the axis.
    let mut heights = vec![LANE; slots.iter().map(|s| s.lane + 1).max().unwrap_or(1)];
    for (slot, name) in slots.iter().zip(&names) {
        let extra = name.len().saturating_sub(1) as i64 * NAME_LINE;
        heights[slot.lane] = heights[slot.lane].max(LANE + extra);
    }
    let axis_y = TOP + heights.iter().sum::<i64>();
    let marks = releases
        .into_iter()
        .zip(xs)
        .zip(slots)
        .zip(names)
        .map(|(((release, x), slot), name)| {
            let room = slot.end - slot.start;
            let label_y = axis_y - heights[..=slot.lane].iter().sum::<i64>() + 6;
            let name: Vec<NameLine> = name
                .into_iter()
                .zip((0..).map(|line| label_y + line * NAME_LINE))
                .map(|(text, y)| NameLine { y, text })
                .collect();
            Mark {
                summary: cut(&release.summary, chars_in(room, SUMMARY_CHAR)),
                summary_y: label_y + (name.len().max(1) as i64 - 1) * NAME_LINE + SUMMARY_LINE,
                name,
                label_y,
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

/// The room a label wants: its widest line (the name wrapped at [`NAME_LINE_CHARS`]), in
/// SVG units.
fn label_width(release: &Release) -> i64 {
    let name = name_lines(&release.name, NAME_LINE_CHARS)
        .iter()
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0) as i64
        * NAME_CHAR;
    let summary = release.summary.chars().count() as i64 * SUMMARY_CHAR;
    name.max(summary)
}

/// `name` as drawn in a room `room_chars` characters wide: cut to [`NAME_MAX_CHARS`], wrapped
/// at [`NAME_LINE_CHARS`] or the room, whichever is narrower, in at most [`NAME_MAX_LINES`]
/// lines (the last cut with an ellipsis when more would be needed). A room narrower than
/// [`NAME_MIN_WRAP`] gets one cut line; no room, no lines.
fn name_lines(name: &str, room_chars: usize) -> Vec<String> {
    let width = room_chars.min(NAME_LINE_CHARS);
    if width == 0 {
        return Vec::new();
    }
    if width < NAME_MIN_WRAP {
        return vec![cut(name, width)];
    }
    let mut lines = wrap(&cut(name, NAME_MAX_CHARS), width);
    if lines.len() > NAME_MAX_LINES {
        // Two lines or more wrapped greedily are longer than one: `cut` ends them in an
        // ellipsis.
        let rest = lines.split_off(NAME_MAX_LINES - 1).join(" ");
        lines.push(cut(&rest, width));
    }
    lines
}

/// `text` in lines of at most `width` characters (`width` > 0), broken between words, and
/// within a word only when the word alone is wider than a line.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_chars = 0;
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        if line_chars > 0 && line_chars + 1 + word.len() <= width {
            line.push(' ');
            line.extend(&word);
            line_chars += 1 + word.len();
            continue;
        }
        if line_chars > 0 {
            lines.push(std::mem::take(&mut line));
        }
        while word.len() > width {
            let rest = word.split_off(width);
            lines.push(word.into_iter().collect());
            word = rest;
        }
        line_chars = word.len();
        line = word.into_iter().collect();
    }
    if line_chars > 0 {
        lines.push(line);
    }
    lines
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

    /// The name of `mark` as drawn, its lines joined by a space.
    fn drawn(mark: &Mark) -> String {
        mark.name
            .iter()
            .map(|line| line.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Where a drawn label's text lies: (lane's y, start, end), from its anchor and the
    /// width of its widest line; `None` when nothing is drawn.
    fn extent(mark: &Mark) -> Option<(i64, i64, i64)> {
        let width = |text: &str, per_char: i64| text.chars().count() as i64 * per_char;
        let wide = mark
            .name
            .iter()
            .map(|line| width(&line.text, NAME_CHAR))
            .fold(width(&mark.summary, SUMMARY_CHAR), i64::max);
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

    /// Fails when a label's lines or those of the lane above come closer than a line apart,
    /// or a label rises into the room of the today label.
    fn assert_lines_fit(chart: &Chart) {
        for mark in &chart.marks {
            let lines: Vec<i64> = mark.name.iter().map(|line| line.y).collect();
            assert_eq!(lines.first().copied().unwrap_or(mark.label_y), mark.label_y);
            assert!(lines.windows(2).all(|pair| pair[1] - pair[0] == NAME_LINE));
            let last = lines.last().copied().unwrap_or(mark.label_y);
            assert_eq!(mark.summary_y, last + SUMMARY_LINE);
            assert!(mark.label_y >= TOP + 6, "{mark:?} rises above the lanes");
            // The label ends above the lane under it (or the axis).
            let under = chart
                .marks
                .iter()
                .map(|other| other.label_y)
                .filter(|&y| y > mark.label_y)
                .min()
                .unwrap_or(chart.axis_y);
            assert!(
                mark.summary_y + NAME_LINE <= under,
                "{mark:?} runs into {under}"
            );
        }
    }

    #[test]
    fn long_names_wrap_whole_onto_more_lines_and_their_lane_grows() {
        let long = "2.0 The big spring release with loyalty, wishlists and a new checkout";
        let chart = chart_of(
            &[(long, date(2027, 4, 1)), ("1.0 Beta", date(2027, 2, 1))],
            date(2027, 1, 1),
        );
        let (beta, spring) = (&chart.marks[0], &chart.marks[1]);
        assert_eq!(drawn(beta), "1.0 Beta", "short names take one line");
        assert_eq!(beta.name.len(), 1);
        assert_eq!(drawn(spring), long, "the whole name, wrapped between words");
        assert_eq!(
            spring
                .name
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>(),
            [
                "2.0 The big spring release",
                "with loyalty, wishlists",
                "and a new checkout"
            ]
        );
        assert!(
            spring
                .name
                .iter()
                .all(|l| l.text.chars().count() <= NAME_LINE_CHARS)
        );
        assert_eq!(spring.release.name, long);
        // Both labels share lane 0, which grew by two name lines.
        assert_eq!(beta.label_y, spring.label_y);
        assert_eq!(chart.axis_y, TOP + LANE + 2 * NAME_LINE);
        assert_apart(&chart);
        assert_lines_fit(&chart);
    }

    #[test]
    fn only_names_beyond_the_generous_limit_are_cut() {
        let exactly = "x".repeat(NAME_MAX_CHARS);
        let chart = chart_of(&[(exactly.as_str(), date(2027, 4, 1))], date(2027, 1, 1));
        assert_eq!(drawn(&chart.marks[0]).replace(' ', ""), exactly);
        let pasted = "word ".repeat(40);
        let chart = chart_of(&[(pasted.as_str(), date(2027, 4, 1))], date(2027, 1, 1));
        let name = drawn(&chart.marks[0]);
        assert!(name.ends_with('…'), "{name}");
        assert!(name.chars().count() <= NAME_MAX_CHARS, "{name}");
        assert!(chart.marks[0].name.len() <= NAME_MAX_LINES);
        assert_lines_fit(&chart);
    }

    #[test]
    fn wrapping_breaks_between_words_and_inside_words_too_long_for_a_line() {
        assert_eq!(wrap("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap("abcdefghij k", 4), ["abcd", "efgh", "ij k"]);
        assert_eq!(wrap("  spaced   out  ", 20), ["spaced out"]);
        assert!(wrap("", 5).is_empty());
        assert!(name_lines("anything", 0).is_empty());
        let lines = name_lines(&"abc ".repeat(30), NAME_MIN_WRAP);
        assert_eq!(lines.len(), NAME_MAX_LINES);
        assert_eq!(lines.last().map(String::as_str), Some("abc abc…"));
        assert_eq!(name_lines("A long name", NAME_MIN_WRAP - 1), ["A long…"]);
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
            let mut lanes: Vec<i64> = chart.marks.iter().map(|m| m.label_y).collect();
            lanes.sort_unstable();
            lanes.dedup();
            assert_eq!(lanes.len(), MAX_LANES);
            assert!(chart.axis_y >= TOP + MAX_LANES as i64 * LANE);
            assert_eq!(chart.marks[0].anchor, anchor);
            // Labels giving way wrap into the narrower room they are left.
            assert!(
                chart.marks.iter().any(|m| {
                    let lines: Vec<&str> = m.name.iter().map(|l| l.text.as_str()).collect();
                    lines != name_lines(&m.release.name, NAME_LINE_CHARS)
                }),
                "some labels had to give way"
            );
            assert_apart(&chart);
            assert_lines_fit(&chart);
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
        assert_eq!(drawn(late), "Late and long named release");
        assert_apart(&chart);
        assert_lines_fit(&chart);
    }
}
