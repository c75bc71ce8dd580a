//! Small SVG charts drawn on the server from report series (burndown, burn-up, velocity,
//! cumulative flow): the geometry lives here, `templates/macros/charts.html` draws it, so the
//! charts work without JavaScript and every page draws them the same way.

/// Plot area width in SVG units.
pub const WIDTH: i64 = 640;
/// Plot area height in SVG units.
pub const HEIGHT: i64 = 200;
/// Room kept above the highest value for its label.
const HEADROOM: i64 = 16;

/// One named line or filled area of a chart, as SVG `points`.
#[derive(Debug, Clone)]
pub struct Shape {
    /// Shown in the legend.
    pub name: String,
    /// CSS class giving the colour (`chart-ideal`, `chart-actual`, …).
    pub class: &'static str,
    /// `x,y x,y …`.
    pub points: String,
    /// Dots on a line's known values (a one-day line is a dot, not nothing).
    pub dots: Vec<(i64, i64)>,
}

/// A labelled x position under the chart.
#[derive(Debug, Clone)]
pub struct Tick {
    pub x: i64,
    pub label: String,
}

/// One bar of a bar chart.
#[derive(Debug, Clone)]
pub struct Bar {
    pub x: i64,
    pub y: i64,
    pub width: i64,
    pub height: i64,
    pub class: &'static str,
    /// The bar's value in words (tooltip and screen readers).
    pub label: String,
}

/// A whole chart: lines or areas, bars, x labels and the value of the top line.
#[derive(Debug, Clone, Default)]
pub struct Chart {
    pub shapes: Vec<Shape>,
    pub bars: Vec<Bar>,
    pub ticks: Vec<Tick>,
    /// The value the top grid line stands for.
    pub top_label: String,
    /// Legend entries (name, class) in drawing order.
    pub legend: Vec<(String, &'static str)>,
}

impl Chart {
    /// True when there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty() && self.bars.is_empty()
    }
}

/// A series to draw: name, CSS class, one value per x label (`None` = not known yet).
pub type Series = (String, &'static str, Vec<Option<f64>>);

/// The x of point `index` of `count` spread over the width.
fn x_at(index: usize, count: usize) -> i64 {
    if count < 2 {
        0
    } else {
        index as i64 * WIDTH / (count as i64 - 1)
    }
}

/// The y of `value` when `top` is at the top grid line.
fn y_of(value: f64, top: f64) -> i64 {
    HEIGHT - (value / top * (HEIGHT - HEADROOM) as f64).round() as i64
}

/// A readable top value: whole numbers, one decimal below ten.
fn number(value: f64) -> String {
    if value >= 10.0 || value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// At most about eight labels under the chart.
fn ticks(labels: &[String], x: impl Fn(usize) -> i64) -> Vec<Tick> {
    let every = labels.len().div_ceil(8).max(1);
    labels
        .iter()
        .enumerate()
        .filter(|(index, _)| index % every == 0)
        .map(|(index, label)| Tick {
            x: x(index).min(WIDTH - 40),
            label: label.clone(),
        })
        .collect()
}

fn legend(series: &[Series]) -> Vec<(String, &'static str)> {
    series
        .iter()
        .map(|(name, class, _)| (name.clone(), *class))
        .collect()
}

/// Lines over shared x labels (burndown, burn-up); unknown values break nothing, they are
/// simply left out of the line.
pub fn lines(labels: &[String], series: &[Series]) -> Chart {
    let count = labels.len();
    let top = series
        .iter()
        .flat_map(|(_, _, values)| values.iter().flatten())
        .fold(0.0_f64, |top, value| top.max(*value))
        .max(1.0);
    let shapes = series
        .iter()
        .map(|(name, class, values)| {
            let dots: Vec<(i64, i64)> = values
                .iter()
                .enumerate()
                .filter_map(|(index, value)| Some((x_at(index, count), y_of((*value)?, top))))
                .collect();
            Shape {
                name: name.clone(),
                class,
                points: dots
                    .iter()
                    .map(|(x, y)| format!("{x},{y}"))
                    .collect::<Vec<_>>()
                    .join(" "),
                dots,
            }
        })
        .filter(|shape| !shape.points.is_empty())
        .collect();
    Chart {
        shapes,
        bars: Vec::new(),
        ticks: ticks(labels, |index| x_at(index, count)),
        top_label: number(top),
        legend: legend(series),
    }
}

/// Areas stacked bottom-up in series order (cumulative flow): each area is the band between
/// the running total below it and the total including it.
pub fn stacked(labels: &[String], series: &[Series]) -> Chart {
    let count = labels.len();
    let mut below = vec![0.0_f64; count];
    let mut bands = Vec::with_capacity(series.len());
    for (_, _, values) in series {
        let above: Vec<f64> = below
            .iter()
            .enumerate()
            .map(|(index, base)| base + values.get(index).copied().flatten().unwrap_or(0.0))
            .collect();
        bands.push((below.clone(), above.clone()));
        below = above;
    }
    let top = below.iter().fold(0.0_f64, |top, v| top.max(*v)).max(1.0);
    let shapes = series
        .iter()
        .zip(bands)
        .map(|((name, class, _), (lower, upper))| {
            let upper_points = upper
                .iter()
                .enumerate()
                .map(|(index, value)| format!("{},{}", x_at(index, count), y_of(*value, top)));
            let lower_points = lower
                .iter()
                .enumerate()
                .rev()
                .map(|(index, value)| format!("{},{}", x_at(index, count), y_of(*value, top)));
            Shape {
                name: name.clone(),
                class,
                points: upper_points
                    .chain(lower_points)
                    .collect::<Vec<_>>()
                    .join(" "),
                dots: Vec::new(),
            }
        })
        .collect();
    Chart {
        shapes,
        bars: Vec::new(),
        ticks: ticks(labels, |index| x_at(index, count)),
        top_label: number(top),
        legend: legend(series),
    }
}

/// Bars side by side per label (velocity: committed vs completed per sprint).
pub fn grouped_bars(labels: &[String], series: &[Series]) -> Chart {
    let groups = labels.len().max(1) as i64;
    let slot = WIDTH / groups;
    let per_series = series.len().max(1) as i64;
    let bar_width = ((slot - 12) / per_series).max(2);
    let top = series
        .iter()
        .flat_map(|(_, _, values)| values.iter().flatten())
        .fold(0.0_f64, |top, value| top.max(*value))
        .max(1.0);
    let mut bars = Vec::new();
    for (group, label) in labels.iter().enumerate() {
        for (index, (name, class, values)) in series.iter().enumerate() {
            let value = values.get(group).copied().flatten().unwrap_or(0.0);
            let y = y_of(value, top);
            bars.push(Bar {
                x: group as i64 * slot + 6 + index as i64 * bar_width,
                y,
                width: bar_width - 2,
                height: HEIGHT - y,
                class,
                label: format!("{label}: {name} {}", number(value)),
            });
        }
    }
    Chart {
        shapes: Vec::new(),
        bars,
        ticks: ticks(labels, |index| index as i64 * slot + 6),
        top_label: number(top),
        legend: legend(series),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("d{i}")).collect()
    }

    #[test]
    fn lines_span_the_width_and_skip_unknown_days() {
        let chart = lines(
            &labels(3),
            &[(
                "Remaining".into(),
                "chart-actual",
                vec![Some(10.0), Some(5.0), None],
            )],
        );
        assert_eq!(chart.shapes[0].points, "0,16 320,108");
        assert_eq!(chart.shapes[0].dots.len(), 2);
        assert_eq!(chart.top_label, "10");
    }

    #[test]
    fn stacked_areas_close_on_the_band_below() {
        let chart = stacked(
            &labels(2),
            &[
                ("Done".into(), "chart-done", vec![Some(1.0), Some(2.0)]),
                ("To do".into(), "chart-todo", vec![Some(1.0), Some(0.0)]),
            ],
        );
        assert_eq!(chart.shapes[0].points, "0,108 640,16 640,200 0,200");
        assert_eq!(chart.shapes[1].points, "0,16 640,16 640,16 0,108");
    }

    #[test]
    fn bars_stand_on_the_axis() {
        let chart = grouped_bars(
            &labels(2),
            &[
                (
                    "Committed".into(),
                    "chart-ideal",
                    vec![Some(8.0), Some(4.0)],
                ),
                ("Done".into(), "chart-actual", vec![Some(4.0), None]),
            ],
        );
        assert_eq!(chart.bars.len(), 4);
        assert!(chart.bars.iter().all(|bar| bar.y + bar.height == HEIGHT));
        assert_eq!(chart.bars[3].height, 0);
    }
}
