//! The plot of `BENCHMARKS.md`: client CPU per operation and throughput as ratios
//! to raw, per operation, one panel per concurrency, median with min–max bars on
//! a log scale (raw = 1).

use std::path::Path;

use plotters::prelude::*;

use crate::libs::BoxError;
use crate::op::Op;
use crate::summary::{Figures, Row, Spread};

const COLORS: [RGBColor; 3] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
];
/// One panel's figure: a ratio to raw, from a row's ratios.
type Metric = fn(&Figures<Option<Spread>>) -> Option<Spread>;

const LIBS: [&str; 3] = ["coodie", "charybdis", "python-coodie"];

/// Draws the PNG at `path`.
pub fn draw(rows: &[Row], path: &Path) -> Result<(), BoxError> {
    let mut ops: Vec<Op> = rows.iter().map(|r| r.op).collect();
    ops.sort();
    ops.dedup();
    let mut concs: Vec<usize> = rows.iter().map(|r| r.concurrency).collect();
    concs.sort();
    concs.dedup();
    if ops.is_empty() || concs.is_empty() {
        return Err("nothing to plot".into());
    }
    let metrics: [(&str, Metric); 2] = [
        ("client CPU per operation / raw (lower is better)", |f| {
            f.cpu_us_per_op
        }),
        ("raw ops/s / library ops/s (lower is better)", |f| {
            f.ops_per_s.map(|s| Spread {
                median: 1.0 / s.median,
                min: 1.0 / s.max,
                max: 1.0 / s.min,
                ci: s.ci.map(|(lo, hi)| (1.0 / hi, 1.0 / lo)),
            })
        }),
    ];
    let (mut lo, mut hi) = (0.8f64, 1.25f64);
    for r in rows {
        if let Some(t) = &r.to_raw {
            for (_, metric) in &metrics {
                if let Some(s) = metric(t) {
                    lo = lo.min(s.min);
                    hi = hi.max(s.max);
                }
            }
        }
    }
    let (lo, hi) = (lo * 0.8, hi * 1.25);

    let root = BitMapBackend::new(path, (1500, 1000)).into_drawing_area();
    root.fill(&WHITE)?;
    let (title_area, body) = root.split_vertically(50);
    title_area.titled(
        "coodie, charybdis and Python coodie against the raw scylla driver (= 1)",
        ("sans-serif", 26),
    )?;
    let panels = body.split_evenly((metrics.len(), concs.len()));
    for (index, panel) in panels.iter().enumerate() {
        let (metric_name, metric) = metrics[index / concs.len()];
        let c = concs[index % concs.len()];
        let n = ops.len() as f64;
        let mut chart = ChartBuilder::on(panel)
            .caption(
                format!("{metric_name}, concurrency {c}"),
                ("sans-serif", 18),
            )
            .margin(12)
            .x_label_area_size(60)
            .y_label_area_size(60)
            .build_cartesian_2d(-0.5f64..n - 0.5, (lo..hi).log_scale())?;
        let names: Vec<&str> = ops.iter().map(|o| o.name()).collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(ops.len() * 2 + 1)
            .x_label_formatter(&|x| {
                let r = x.round();
                if (x - r).abs() < 1e-6 && r >= 0.0 && (r as usize) < names.len() {
                    names[r as usize].to_string()
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|y| format!("{y:.2}×"))
            .x_label_style(("sans-serif", 13))
            .draw()?;
        chart.draw_series(LineSeries::new(
            [(-0.5, 1.0), (n - 0.5, 1.0)],
            BLACK.stroke_width(1),
        ))?;
        chart.draw_series(LineSeries::new(
            [(-0.5, 1.05), (n - 0.5, 1.05)],
            RGBColor(150, 150, 150).stroke_width(1),
        ))?;
        for (k, lib) in LIBS.iter().enumerate() {
            let color = COLORS[k];
            let offset = (k as f64 - 1.0) * 0.22;
            let points: Vec<(f64, Spread)> = ops
                .iter()
                .enumerate()
                .filter_map(|(i, op)| {
                    rows.iter()
                        .find(|r| r.lib == *lib && r.op == *op && r.concurrency == c)
                        .and_then(|r| r.to_raw.as_ref().and_then(metric))
                        .map(|s| (i as f64 + offset, s))
                })
                .collect();
            chart.draw_series(points.iter().map(|(x, s)| {
                PathElement::new([(*x, s.min), (*x, s.max)], color.stroke_width(2))
            }))?;
            let series = chart.draw_series(
                points
                    .iter()
                    .map(|(x, s)| Circle::new((*x, s.median), 5, color.filled())),
            )?;
            if index == 0 {
                series
                    .label(*lib)
                    .legend(move |(x, y)| Circle::new((x + 10, y), 5, color.filled()));
            }
        }
        if index == 0 {
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .label_font(("sans-serif", 15))
                .draw()?;
        }
    }
    root.present()?;
    Ok(())
}
