//! Small server-rendered SVG charts. Each is an image with a text alternative; the page shows
//! the same numbers in a table beside it.

use leptos::prelude::*;

/// Three series colours with at least 3:1 contrast on white and on slate-900, told apart by dash
/// pattern as well as colour.
const SERIES: [(&str, &str); 3] = [("#6366f1", ""), ("#059669", "6 4"), ("#d97706", "2 3")];

/// Horizontal bars, one per (label, value), longest first in the order given.
#[component]
pub fn BarChart(#[prop(into)] title: String, bars: Vec<(String, i64)>) -> impl IntoView {
    let (width, bar, gap, label_width) = (640.0, 26.0, 10.0, 150.0);
    let max = bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1) as f64;
    let height = bars.len() as f64 * (bar + gap) + gap;
    let summary = format!("{title}: {}", bars.iter().map(|(l, v)| format!("{l} {v}")).collect::<Vec<_>>().join(", "));
    view! {
        <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=summary class="h-auto w-full max-w-2xl text-slate-800 dark:text-slate-200">
            <title>{title}</title>
            {bars.into_iter().enumerate().map(|(i, (label, value))| {
                let y = gap + i as f64 * (bar + gap);
                let length = ((width - label_width - 60.0) * value as f64 / max).max(if value > 0 { 2.0 } else { 0.0 });
                view! {
                    <g>
                        <text x="0" y=y + bar * 0.7 font-size="13" fill="currentColor">{label}</text>
                        <rect x=label_width y=y width=length height=bar rx="3" fill=SERIES[0].0 />
                        <text x=label_width + length + 6.0 y=y + bar * 0.7 font-size="13" fill="currentColor">{value}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}

/// Lines over time: each series (name, values) drawn across the same x positions.
#[component]
/// `summary`, if given, is the chart's text alternative instead of the daily totals.
pub fn LineChart(
    #[prop(into)] title: String,
    #[prop(into)] first: String,
    #[prop(into)] last: String,
    series: Vec<(&'static str, Vec<i64>)>,
    #[prop(into, optional)] summary: Option<String>,
) -> impl IntoView {
    let (width, height, left, bottom, top) = (640.0, 220.0, 36.0, 24.0, 10.0);
    let points = series.first().map_or(0, |(_, v)| v.len()).max(2);
    let max = series.iter().flat_map(|(_, v)| v.iter().copied()).max().unwrap_or(0).max(1) as f64;
    let x = move |i: usize| left + (width - left - 8.0) * i as f64 / (points - 1) as f64;
    let y = move |v: i64| top + (height - top - bottom) * (1.0 - v as f64 / max);
    let summary = summary.unwrap_or_else(|| format!(
        "{title}, {first} to {last}: {}",
        series.iter().map(|(name, values)| format!("{name} {} in all, at most {} a day", values.iter().sum::<i64>(), values.iter().max().unwrap_or(&0))).collect::<Vec<_>>().join("; ")
    ));
    view! {
        <figure class="max-w-2xl">
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=summary class="h-auto w-full text-slate-800 dark:text-slate-200">
                <title>{title}</title>
                <line x1=left y1=y(0) x2=width - 8.0 y2=y(0) stroke="currentColor" stroke-opacity="0.4" />
                <text x="0" y=y(max as i64) + 4.0 font-size="12" fill="currentColor">{max as i64}</text>
                <text x="0" y=y(0) + 4.0 font-size="12" fill="currentColor">"0"</text>
                <text x=left y=height - 4.0 font-size="12" fill="currentColor">{first}</text>
                <text x=width - 8.0 y=height - 4.0 font-size="12" text-anchor="end" fill="currentColor">{last}</text>
                {series.iter().enumerate().map(|(s, (_, values))| {
                    let line = values.iter().enumerate().map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v))).collect::<Vec<_>>().join(" ");
                    let (colour, dash) = SERIES[s % SERIES.len()];
                    view! { <polyline points=line fill="none" stroke=colour stroke-width="2" stroke-dasharray=dash /> }
                }).collect_view()}
            </svg>
            <figcaption class="mt-2 flex flex-wrap gap-4 text-xs text-slate-700 dark:text-slate-300">
                {series.iter().enumerate().filter(|(_, (name, _))| !name.is_empty()).map(|(s, (name, _))| {
                    let (colour, dash) = SERIES[s % SERIES.len()];
                    view! {
                        <span class="inline-flex items-center gap-1">
                            <svg aria-hidden="true" width="24" height="8"><line x1="0" y1="4" x2="24" y2="4" stroke=colour stroke-width="2" stroke-dasharray=dash /></svg>
                            {*name}
                        </span>
                    }
                }).collect_view()}
            </figcaption>
        </figure>
    }
}
