//! Charts drawn as inline SVG: horizontal bars with their labels, sized
//! to the largest value. No script, no external file.

use super::escape;

/// One bar: what it stands for, its length, and the text shown beside it
/// (which differs from the value when a small count is suppressed).
pub struct Bar {
    pub label: String,
    pub value: u64,
    pub shown: String,
}

const WIDTH: u32 = 640;
const LABEL_WIDTH: u32 = 170;
const ROW: u32 = 22;

/// A horizontal bar chart titled `title`; an empty chart says so.
pub fn bars(title: &str, bars: &[Bar]) -> String {
    let title = escape(title);
    if bars.is_empty() {
        return format!("<figure><figcaption>{title}</figcaption><p>Nothing to show.</p></figure>");
    }
    let height = ROW * bars.len() as u32 + 10;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let room = f64::from(WIDTH - LABEL_WIDTH - 60);
    let mut svg = format!(
        "<figure><figcaption>{title}</figcaption>\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" \
         viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{title}\" \
         font-family=\"sans-serif\" font-size=\"12\">"
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = ROW * i as u32 + 5;
        let length = (bar.value as f64 / max as f64 * room).round();
        svg.push_str(&format!(
            "<text x=\"{x}\" y=\"{ty}\" text-anchor=\"end\">{label}</text>\
             <rect x=\"{LABEL_WIDTH}\" y=\"{y}\" width=\"{length}\" height=\"{h}\" fill=\"#2b6cb0\"/>\
             <text x=\"{vx}\" y=\"{ty}\">{shown}</text>",
            x = LABEL_WIDTH - 6,
            ty = y + 13,
            label = escape(&bar.label),
            h = ROW - 6,
            vx = f64::from(LABEL_WIDTH) + length + 4.0,
            shown = escape(&bar.shown),
        ));
    }
    svg.push_str("</svg></figure>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_escape_their_labels() {
        let chart = bars(
            "Cases",
            &[
                Bar {
                    label: "A & B".into(),
                    value: 10,
                    shown: "10".into(),
                },
                Bar {
                    label: "C".into(),
                    value: 5,
                    shown: "<5".into(),
                },
            ],
        );
        assert!(chart.contains("A &amp; B"));
        assert!(chart.contains("&lt;5"));
        assert!(chart.contains("width=\"410\""), "{chart}");
        assert!(chart.contains("width=\"205\""));
        assert!(bars("None", &[]).contains("Nothing to show"));
    }
}
