//! An open pane's lines wrapped to the pane's width, so that no text is cut:
//! a long reason (cert-manager's, Velero's) reads whole on the rows below,
//! indented. Pure: the app scrolls and the UI draws the same wrapped rows.

use unicode_width::UnicodeWidthChar;

use super::PaneLine;

/// How far continuation rows are indented.
const INDENT: usize = 4;

/// The columns a pane's text gets on a terminal `cols` wide (border and
/// padding taken off).
pub fn pane_width(cols: u16) -> usize {
    usize::from(cols.saturating_sub(4)).max(1)
}

/// `lines` with every line wider than `width` split into rows, at spaces
/// where there are any.
pub fn wrap(lines: Vec<PaneLine>, width: usize) -> Vec<PaneLine> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let cells: Vec<(char, &'static str)> = line
            .iter()
            .flat_map(|(t, scope)| t.chars().map(move |c| (c, *scope)))
            .collect();
        let total: usize = cells.iter().map(|(c, _)| cw(*c)).sum();
        if total <= width {
            out.push(line);
            continue;
        }
        let indent = if width > INDENT * 3 { INDENT } else { 0 };
        let mut start = 0;
        let mut first = true;
        while start < cells.len() {
            let room = if first { width } else { width - indent };
            let (mut end, mut used) = (start, 0);
            while end < cells.len() && used + cw(cells[end].0) <= room {
                used += cw(cells[end].0);
                end += 1;
            }
            if end == start {
                end += 1; // a character wider than the room: alone on its row
            }
            let brk = if end < cells.len() && cells[end].0 != ' ' {
                // A column gap (two spaces) in the row's second half keeps
                // a table cell whole; else the last space; else a hard cut.
                let gap = (start + (end - start) / 2..end)
                    .rev()
                    .find(|&i| i > start && cells[i].0 == ' ' && cells[i - 1].0 == ' ');
                gap.or_else(|| (start + 1..end).rev().find(|&i| cells[i].0 == ' '))
                    .unwrap_or(end)
            } else {
                end
            };
            let lead = if first { 0 } else { indent };
            let mut row_end = brk;
            while row_end > start + 1 && cells[row_end - 1].0 == ' ' {
                row_end -= 1;
            }
            out.push(spans(&cells[start..row_end], lead));
            start = brk;
            while start < cells.len() && cells[start].0 == ' ' {
                start += 1;
            }
            first = false;
        }
    }
    out
}

fn cw(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Cells back into (text, scope) runs, after `lead` spaces.
fn spans(cells: &[(char, &'static str)], lead: usize) -> PaneLine {
    let mut out: PaneLine = Vec::new();
    if lead > 0 {
        out.push((" ".repeat(lead), "text"));
    }
    for &(c, scope) in cells {
        match out.last_mut() {
            Some((t, s)) if *s == scope => t.push(c),
            _ => out.push((c.to_string(), scope)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[PaneLine]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|(t, _)| t.as_str()).collect())
            .collect()
    }

    #[test]
    fn short_lines_stay_and_long_ones_wrap_at_spaces() {
        let reason = "Failed to wait for the issuer: secret web/ca-key not found in namespace web";
        let lines = vec![
            vec![("  ✖ ".to_string(), "crit"), (reason.to_string(), "muted")],
            vec![("short".to_string(), "text")],
        ];
        let wrapped = wrap(lines.clone(), 30);
        assert_eq!(
            text(&wrapped),
            [
                "  ✖ Failed to wait for the",
                "    issuer: secret web/ca-key",
                "    not found in namespace web",
                "short"
            ]
        );
        // Nothing lost: every word of the reason is on some row.
        let all = text(&wrapped).join(" ");
        for word in reason.split(' ') {
            assert!(all.contains(word), "{word}");
        }
        assert!(text(&wrapped).iter().all(|r| r.chars().count() <= 30));
        // Scopes survive the split.
        assert_eq!(wrapped[0][0], ("  ✖ ".to_string(), "crit"));
        assert_eq!(wrapped[1][1].1, "muted");
        // Wide enough: untouched.
        assert_eq!(wrap(lines.clone(), 200), lines);
    }

    #[test]
    fn a_table_row_breaks_at_a_column_gap() {
        let row = vec![(
            "  ▲ Failed   26h ago  velero/nightly-0043   schedule nightly".to_string(),
            "text",
        )];
        assert_eq!(
            text(&wrap(vec![row], 50)),
            [
                "  ▲ Failed   26h ago  velero/nightly-0043",
                "    schedule nightly"
            ]
        );
    }

    #[test]
    fn words_longer_than_the_row_are_cut_hard() {
        let lines = vec![vec![("abcdefghijklmnopqrstuvwxyz".to_string(), "text")]];
        assert_eq!(text(&wrap(lines, 10)), ["abcdefghij", "klmnopqrst", "uvwxyz"]);
        let wide = vec![vec![("日本語".to_string(), "text")]];
        assert_eq!(text(&wrap(wide, 1)), ["日", "本", "語"]);
    }
}
