//! Tab completion for the `:` command line: command names first, then
//! context names after `:ctx `, namespace names after `:ns `. [`complete`]
//! is pure (the caller hands in the names it knows); the state's side puts
//! its answer into the line and lists the candidates in the notice line.

use ratatui_textarea::{CursorMove, TextArea};

use super::{About, AppState, NoticeLevel, Updated};

impl AppState {
    /// Tab in the command line.
    pub(super) fn complete_command(&mut self) -> Updated {
        let line = self.nav.cmdline.lines().join(" ");
        let contexts: Vec<&str> = self.features.contexts.iter().map(|i| i.name.as_str()).collect();
        let namespaces: Vec<&str> = self.live.store.namespaces.items.keys().map(|k| &**k).collect();
        let done = complete(&line, &contexts, &namespaces);
        let changed = done.line != line;
        if changed {
            let mut ta = TextArea::from([done.line]);
            ta.move_cursor(CursorMove::End);
            self.nav.cmdline = ta;
        }
        if done.candidates.is_empty() {
            self.clear_notice(About::Command);
        } else {
            let text = done.candidates.join("  ");
            self.set_notice(NoticeLevel::Info, About::Command, text);
        }
        Updated::changed()
    }
}

/// The command names offered (aliases still parse, but are not offered).
const NAMES: &[&str] = &[
    "ctx",
    "ctx!",
    "events",
    "fleet",
    "help",
    "nodes",
    "ns",
    "quit",
    "readonly",
    "redraw",
    "workloads",
];

/// What Tab does to a command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The new line (unchanged when nothing matches or nothing is common).
    pub line: String,
    /// Every candidate when more than one matches, to show the user.
    pub candidates: Vec<String>,
}

/// Completes the last word of `line`. One candidate: the word is replaced
/// and a space follows; several: the word grows to their longest common
/// prefix and they are listed; none: the line stays and the list is empty.
pub fn complete(line: &str, contexts: &[&str], namespaces: &[&str]) -> Completion {
    let trailing_space = line.ends_with(char::is_whitespace);
    let words: Vec<&str> = line.split_whitespace().collect();
    let (done, word) = match (words.as_slice(), trailing_space) {
        ([], _) => (&[][..], ""),
        (all, true) => (all, ""),
        ([head @ .., last], false) => (head, *last),
    };
    let pool: Vec<&str> = match done {
        [] => NAMES.to_vec(),
        ["ctx" | "context" | "ctx!" | "context!"] => contexts.to_vec(),
        ["ns" | "namespace"] => std::iter::once("all").chain(namespaces.iter().copied()).collect(),
        _ => vec![],
    };
    let mut found: Vec<&str> = pool.into_iter().filter(|c| c.starts_with(word)).collect();
    found.sort_unstable();
    found.dedup();
    let prefix: String = done.iter().map(|w| format!("{w} ")).collect();
    match found.as_slice() {
        [] => Completion {
            line: line.to_owned(),
            candidates: vec![],
        },
        [one] => Completion {
            line: format!("{prefix}{one} "),
            candidates: vec![],
        },
        many => {
            let common = common_prefix(many);
            let line = if common.len() > word.len() {
                format!("{prefix}{common}")
            } else {
                line.to_owned()
            };
            Completion {
                line,
                candidates: many.iter().map(|s| s.to_string()).collect(),
            }
        }
    }
}

/// The longest prefix every string shares (on character boundaries).
fn common_prefix(all: &[&str]) -> String {
    let Some((first, rest)) = all.split_first() else {
        return String::new();
    };
    let mut end = first.len();
    for s in rest {
        end = first
            .char_indices()
            .zip(s.chars())
            .find(|((_, a), b)| a != b)
            .map_or(end.min(s.len()), |((i, _), _)| i.min(end));
    }
    first[..end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CTX: &[&str] = &["prod-eu", "prod-us", "staging"];
    const NS: &[&str] = &["default", "kube-system", "shop", "shop-staging"];

    fn tab(line: &str) -> (String, Vec<String>) {
        let c = complete(line, CTX, NS);
        (c.line, c.candidates)
    }

    #[test]
    fn completes_command_names() {
        assert_eq!(tab("he"), ("help ".into(), vec![]));
        assert_eq!(tab("  no"), ("nodes ".into(), vec![]));
        let (line, all) = tab("re");
        assert_eq!(
            (line.as_str(), all),
            ("re", vec!["readonly".into(), "redraw".into()])
        );
        let (line, all) = tab("");
        assert_eq!(line, "");
        assert_eq!(all.len(), NAMES.len());
        assert_eq!(tab("zz"), ("zz".into(), vec![]));
    }

    #[test]
    fn completes_contexts_after_ctx() {
        let (line, all) = tab("ctx p");
        assert_eq!(line, "ctx prod-");
        assert_eq!(all, ["prod-eu", "prod-us"]);
        assert_eq!(tab("ctx prod-u"), ("ctx prod-us ".into(), vec![]));
        assert_eq!(tab("ctx! st"), ("ctx! staging ".into(), vec![]));
        assert_eq!(tab("ctx ").1.len(), 3);
        // A command that takes no argument completes nothing.
        assert_eq!(tab("nodes x"), ("nodes x".into(), vec![]));
    }

    #[test]
    fn completes_namespaces_after_ns() {
        assert_eq!(tab("ns k"), ("ns kube-system ".into(), vec![]));
        assert_eq!(tab("ns a"), ("ns all ".into(), vec![]));
        let (line, all) = tab("ns sh");
        assert_eq!(line, "ns shop");
        assert_eq!(all, ["shop", "shop-staging"]);
        // Already at the common prefix: the line stays, the list is shown.
        assert_eq!(tab("ns shop").0, "ns shop");
    }

    #[test]
    fn common_prefix_respects_characters() {
        assert_eq!(common_prefix(&["é1", "é2"]), "é");
        assert_eq!(common_prefix(&["ab", "a"]), "a");
        assert_eq!(common_prefix(&["x"]), "x");
    }
}
