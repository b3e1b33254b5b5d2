//! Colour depth of the terminal and mapping colours down to it.

use ratatui::style::Color;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ColorDepth {
    /// No colour at all (NO_COLOR, TERM=dumb): state by symbols and text only.
    Mono,
    /// The 16 ANSI colours.
    Ansi16,
    /// The xterm 256-colour palette.
    Ansi256,
    /// 24-bit colour.
    TrueColor,
}

impl ColorDepth {
    /// Detects the depth from the environment (`NO_COLOR`, `COLORTERM`, `TERM`).
    pub fn detect(env: impl Fn(&str) -> Option<String>) -> Self {
        // https://no-color.org: set and non-empty disables colour.
        if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return ColorDepth::Mono;
        }
        let term = env("TERM").unwrap_or_default().to_ascii_lowercase();
        if term.is_empty() || term == "dumb" {
            return ColorDepth::Mono;
        }
        let colorterm = env("COLORTERM").unwrap_or_default().to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" || term.contains("direct") {
            ColorDepth::TrueColor
        } else if term.contains("256") {
            ColorDepth::Ansi256
        } else if term.ends_with("-m") || term.contains("-mono") {
            ColorDepth::Mono
        } else {
            ColorDepth::Ansi16
        }
    }

    pub fn from_name(s: &str) -> Option<Self> {
        Some(match s {
            "mono" | "none" | "0" => ColorDepth::Mono,
            "16" | "ansi" => ColorDepth::Ansi16,
            "256" => ColorDepth::Ansi256,
            "truecolor" | "24bit" => ColorDepth::TrueColor,
            _ => return None,
        })
    }
}

/// The 16 ANSI colours with the RGB values xterm uses for them.
const ANSI16: [(Color, (u8, u8, u8)); 16] = [
    (Color::Black, (0, 0, 0)),
    (Color::Red, (205, 0, 0)),
    (Color::Green, (0, 205, 0)),
    (Color::Yellow, (205, 205, 0)),
    (Color::Blue, (0, 0, 238)),
    (Color::Magenta, (205, 0, 205)),
    (Color::Cyan, (0, 205, 205)),
    (Color::Gray, (229, 229, 229)),
    (Color::DarkGray, (127, 127, 127)),
    (Color::LightRed, (255, 0, 0)),
    (Color::LightGreen, (0, 255, 0)),
    (Color::LightYellow, (255, 255, 0)),
    (Color::LightBlue, (92, 92, 255)),
    (Color::LightMagenta, (255, 0, 255)),
    (Color::LightCyan, (0, 255, 255)),
    (Color::White, (255, 255, 255)),
];

/// The RGB value of an xterm 256-palette index.
pub fn indexed_rgb(i: u8) -> (u8, u8, u8) {
    match i {
        0..=15 => ANSI16[i as usize].1,
        16..=231 => {
            let i = i - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            (level(i / 36), level((i / 6) % 6), level(i % 6))
        }
        232..=255 => {
            let v = 8 + (i - 232) * 10;
            (v, v, v)
        }
    }
}

fn distance(a: (u8, u8, u8), b: (u8, u8, u8)) -> u32 {
    // Weighted Euclidean ("redmean"-like weights), good enough for picking a palette slot.
    let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).pow(2) as u32;
    2 * d(a.0, b.0) + 4 * d(a.1, b.1) + 3 * d(a.2, b.2)
}

/// The nearest of the 16 ANSI colours.
pub fn nearest_ansi16(rgb: (u8, u8, u8)) -> Color {
    ANSI16
        .iter()
        .min_by_key(|(_, v)| distance(rgb, *v))
        .map_or(Color::Reset, |(c, _)| *c)
}

/// The nearest xterm-256 index (cube or grey ramp, never the 16 user-set slots).
pub fn nearest_ansi256(rgb: (u8, u8, u8)) -> Color {
    (16..=255u8)
        .min_by_key(|i| distance(rgb, indexed_rgb(*i)))
        .map_or(Color::Reset, Color::Indexed)
}

/// Maps a colour to what a terminal of `depth` can show.
pub fn adapt(color: Color, depth: ColorDepth) -> Color {
    match (depth, color) {
        (ColorDepth::Mono, _) => Color::Reset,
        (ColorDepth::Ansi16, Color::Rgb(r, g, b)) => nearest_ansi16((r, g, b)),
        (ColorDepth::Ansi16, Color::Indexed(i)) if i >= 16 => nearest_ansi16(indexed_rgb(i)),
        (ColorDepth::Ansi16, Color::Indexed(i)) => ANSI16[i as usize].0,
        (ColorDepth::Ansi256, Color::Rgb(r, g, b)) => nearest_ansi256((r, g, b)),
        (_, c) => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
    }

    #[test]
    fn detects_depth() {
        assert_eq!(
            ColorDepth::detect(env(&[("TERM", "xterm-256color"), ("NO_COLOR", "1")])),
            ColorDepth::Mono
        );
        assert_eq!(
            ColorDepth::detect(env(&[("TERM", "xterm-256color"), ("NO_COLOR", "")])),
            ColorDepth::Ansi256
        );
        assert_eq!(ColorDepth::detect(env(&[("TERM", "dumb")])), ColorDepth::Mono);
        assert_eq!(ColorDepth::detect(env(&[])), ColorDepth::Mono);
        assert_eq!(ColorDepth::detect(env(&[("TERM", "xterm")])), ColorDepth::Ansi16);
        assert_eq!(ColorDepth::detect(env(&[("TERM", "vt100-m")])), ColorDepth::Mono);
        assert_eq!(
            ColorDepth::detect(env(&[("TERM", "screen"), ("COLORTERM", "truecolor")])),
            ColorDepth::TrueColor
        );
    }

    #[test]
    fn maps_to_sixteen() {
        assert_eq!(adapt(Color::Rgb(220, 40, 40), ColorDepth::Ansi16), Color::Red);
        assert_eq!(adapt(Color::Rgb(250, 250, 250), ColorDepth::Ansi16), Color::White);
        assert_eq!(
            adapt(Color::Rgb(100, 100, 110), ColorDepth::Ansi16),
            Color::DarkGray
        );
        assert_eq!(adapt(Color::Indexed(196), ColorDepth::Ansi16), Color::LightRed);
        assert_eq!(adapt(Color::Indexed(2), ColorDepth::Ansi16), Color::Green);
        assert_eq!(adapt(Color::Yellow, ColorDepth::Ansi16), Color::Yellow);
        assert_eq!(adapt(Color::Yellow, ColorDepth::Mono), Color::Reset);
    }

    #[test]
    fn maps_to_256() {
        assert_eq!(
            adapt(Color::Rgb(255, 0, 0), ColorDepth::Ansi256),
            Color::Indexed(196)
        );
        assert_eq!(
            adapt(Color::Rgb(128, 128, 128), ColorDepth::Ansi256),
            Color::Indexed(244)
        );
        assert_eq!(indexed_rgb(231), (255, 255, 255));
        assert_eq!(
            adapt(Color::Rgb(1, 2, 3), ColorDepth::TrueColor),
            Color::Rgb(1, 2, 3)
        );
    }
}
