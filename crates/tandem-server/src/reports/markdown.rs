//! A report as Markdown: for e-mail, a wiki, or the `.md` download. Written from the same
//! body the HTML page shows, so both always agree.

use super::content::{Line, ReportBody};
use std::fmt::Write;

/// The report as Markdown.
pub fn render(report: &ReportBody) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Status report: {} ({})\n\nPeriod {} to {}, measured on {}.{}\n",
        report.project_name,
        report.project_key,
        report.period_start,
        report.period_end,
        report.measured_on,
        if report.client_version {
            " Client version."
        } else {
            ""
        }
    );
    diagnosis(&mut md, report);
    product(&mut md, report);
    delivery(&mut md, report);
    md
}

fn diagnosis(md: &mut String, report: &ReportBody) {
    let d = &report.diagnosis;
    let _ = writeln!(md, "## Diagnosis\n\n{}\n", d.sentence);
    let _ = writeln!(
        md,
        "- Product side: {} — {}",
        d.product.label(),
        d.product.summary
    );
    let _ = writeln!(
        md,
        "- Delivery side: {} — {}",
        d.delivery.label(),
        d.delivery.summary
    );
    for s in &d.top_signals {
        let _ = writeln!(md, "- {} ({}): {}", s.severity, s.side, s.explanation);
    }
    md.push('\n');
}

fn list(md: &mut String, heading: &str, lines: &[Line], empty: &str) {
    let _ = writeln!(md, "### {heading}\n");
    if lines.is_empty() {
        let _ = writeln!(md, "{empty}");
    }
    for line in lines {
        if line.detail.is_empty() {
            let _ = writeln!(md, "- {}", line.title);
        } else {
            let _ = writeln!(md, "- {} ({})", line.title, line.detail);
        }
    }
    md.push('\n');
}

fn product(md: &mut String, report: &ReportBody) {
    let p = &report.product;
    md.push_str("## Product\n\n");
    list(md, "Decisions made", &p.decisions, "None in this period.");
    list(
        md,
        "Hypotheses validated or invalidated",
        &p.hypotheses,
        "None in this period.",
    );
    list(md, "Features added", &p.features_added, "None.");
    list(md, "Features removed", &p.features_removed, "None.");
    let _ = writeln!(
        md,
        "MVP: {} features, {} changed in this period.\n",
        p.mvp_features, p.mvp_changes
    );
    list(md, "Release readiness", &p.releases, "No upcoming release.");
}

fn delivery(md: &mut String, report: &ReportBody) {
    let d = &report.delivery;
    md.push_str("## Delivery\n\n### Schedule\n\n");
    let _ = writeln!(
        md,
        "- Scheduled finish: {}\n- Target launch: {}",
        d.scheduled_finish.as_deref().unwrap_or("not scheduled"),
        d.target_launch_date.as_deref().unwrap_or("none")
    );
    if let Some(f) = &d.forecast {
        let _ = write!(md, "- Forecast: P50 {}, P85 {}", f.p50, f.p85);
        if let Some(p) = f.target_probability {
            let _ = write!(md, " ({:.0} % chance of the target)", p * 100.0);
        }
        md.push('\n');
    }
    if !d.critical_items.is_empty() {
        let _ = writeln!(md, "- Critical items: {}", d.critical_items.join("; "));
    }
    for note in &d.notes {
        let _ = writeln!(md, "- {note}");
    }
    md.push('\n');
    if let Some(b) = &d.budget {
        md.push_str("### Budget and earned value\n\n");
        let _ = writeln!(
            md,
            "- Budget at completion: {:.0} {u}\n- Planned value: {:.0} {u}\n- Earned value: {:.0} {u}\n- Actual cost: {:.0} {u}",
            b.budget_at_completion,
            b.planned_value,
            b.earned_value,
            b.actual_cost,
            u = b.unit
        );
        let ratio = |name: &str, v: Option<f64>| v.map(|v| format!("- {name}: {v:.2}\n"));
        md.push_str(&ratio("SPI", b.spi).unwrap_or_default());
        md.push_str(&ratio("CPI", b.cpi).unwrap_or_default());
        if let Some(burn) = d.budget_burn {
            let _ = writeln!(md, "- Budget burn: {:.0} %", burn * 100.0);
        }
        md.push('\n');
    }
    md.push_str("### Top risks\n\n");
    if d.risks.is_empty() {
        md.push_str("No active risk.\n");
    }
    for r in &d.risks {
        let _ = writeln!(
            md,
            "- {} (exposure {}, {})",
            r.title, r.exposure, r.severity
        );
    }
    md.push_str("\n### Blocked items\n\n");
    if d.blocked.is_empty() {
        md.push_str("Nothing blocked.\n");
    }
    for b in &d.blocked {
        let _ = writeln!(md, "- {} {} ({} days)", b.key, b.title, b.days_blocked);
    }
}
