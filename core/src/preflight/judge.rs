//! Measurements against a profile's limits: outside the lenient reading is a violation,
//! outside only the strict one a warning.

use super::profile::{Limits, Reading};
use super::Finding;

/// Which side of a limit a value must stay on.
#[derive(Clone, Copy)]
enum Bound {
    AtLeast,
    AtMost,
}

/// Collects what a profile says about one file.
pub(crate) struct Judge<'a> {
    /// `image`, `video` or `audio`: the first part of each limit's name.
    pub kind: &'static str,
    pub limits: &'a Limits,
    pub violations: &'a mut Vec<Finding>,
    pub warnings: &'a mut Vec<Finding>,
}

impl Judge<'_> {
    /// A format outside the profile's list is a violation.
    pub fn format(&mut self, format: &str) {
        if !self.limits.formats.iter().any(|f| f.eq_ignore_ascii_case(format)) {
            self.violations.push(Finding::new(
                format!("{}.formats", self.kind),
                format!("one of {}", self.limits.formats.join(", ")),
                format.to_string(),
            ));
        }
    }

    /// Every numeric limit that has a measurement.
    pub fn numbers(
        &mut self,
        size: Option<u64>,
        width: Option<u64>,
        height: Option<u64>,
        duration: Option<f64>,
        fps: Option<f64>,
    ) {
        let l = self.limits;
        let size = size.map(|s| s as f64);
        let sides = width.zip(height).map(|(w, h)| (w as f64, h as f64));
        self.check("max_bytes", l.max_bytes, Bound::AtMost, size, "bytes");
        self.check(
            "min_side",
            l.min_side,
            Bound::AtLeast,
            sides.map(|(w, h)| w.min(h)),
            "px",
        );
        self.check(
            "max_side",
            l.max_side,
            Bound::AtMost,
            sides.map(|(w, h)| w.max(h)),
            "px",
        );
        let ratio = sides.filter(|(_, h)| *h > 0.0).map(|(w, h)| w / h);
        self.check("min_ratio", l.min_ratio, Bound::AtLeast, ratio, "");
        self.check("max_ratio", l.max_ratio, Bound::AtMost, ratio, "");
        let pixels = sides.map(|(w, h)| w * h);
        self.check("min_pixels", l.min_pixels, Bound::AtLeast, pixels, "px");
        self.check("max_pixels", l.max_pixels, Bound::AtMost, pixels, "px");
        self.check("min_duration", l.min_duration, Bound::AtLeast, duration, "s");
        self.check("max_duration", l.max_duration, Bound::AtMost, duration, "s");
        self.check("min_fps", l.min_fps, Bound::AtLeast, fps, "fps");
        self.check("max_fps", l.max_fps, Bound::AtMost, fps, "fps");
    }

    fn check(&mut self, name: &str, reading: Option<Reading>, bound: Bound, value: Option<f64>, unit: &str) {
        let (Some(reading), Some(value)) = (reading, value) else {
            return;
        };
        let outside = |limit: f64| match bound {
            Bound::AtLeast => value < limit,
            Bound::AtMost => value > limit,
        };
        let word = match bound {
            Bound::AtLeast => "at least",
            Bound::AtMost => "at most",
        };
        let limit = format!("{}.{name}", self.kind);
        let actual = with_unit(value, unit);
        if outside(reading.lenient()) {
            let expected = format!("{word} {}", with_unit(reading.lenient(), unit));
            self.violations.push(Finding::new(limit, expected, actual));
        } else if outside(reading.strict()) {
            let expected = format!(
                "{word} {} (the strict reading; {} by the lenient one)",
                with_unit(reading.strict(), unit),
                number(reading.lenient())
            );
            self.warnings.push(Finding::new(limit, expected, actual));
        }
    }
}

fn with_unit(value: f64, unit: &str) -> String {
    if unit.is_empty() {
        number(value)
    } else {
        format!("{} {unit}", number(value))
    }
}

/// A number as people write it: `24`, `23.976`, `0.4`.
pub(crate) fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let text = format!("{value:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}
