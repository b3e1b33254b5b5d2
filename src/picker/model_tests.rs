use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::*;

fn item(name: &str, current: bool) -> PickItem {
    PickItem {
        name: name.into(),
        detail: format!("detail of {name}"),
        current,
    }
}

fn items(names: &[&str]) -> Vec<PickItem> {
    names.iter().map(|n| item(n, false)).collect()
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn type_str(p: &mut Picker, s: &str) {
    for c in s.chars() {
        assert_eq!(p.handle_key(key(KeyCode::Char(c))), PickerOutcome::Continue);
    }
}

fn shown(p: &Picker) -> Vec<String> {
    let names = p.matches().iter().filter_map(|m| p.item(m.index));
    names.map(|i| i.name.clone()).collect()
}

fn selected(p: &Picker) -> Option<&str> {
    p.selected().map(|i| i.name.as_str())
}

const CONTEXTS: &[&str] = &["prod-eu", "prod-us", "staging", "kind-kon", "dev"];

#[test]
fn empty_query_shows_everything_in_order() {
    let p = Picker::new("context", items(CONTEXTS));
    assert_eq!(shown(&p), CONTEXTS);
    assert_eq!((p.matched(), p.total()), (5, 5));
    assert_eq!(p.title(), "context");
    assert_eq!(p.query(), "");
    assert_eq!(selected(&p), Some("prod-eu"));
}

#[test]
fn cursor_starts_on_current() {
    let mut list = items(CONTEXTS);
    list[3].current = true;
    let p = Picker::new("context", list);
    assert_eq!(selected(&p), Some("kind-kon"));
}

#[test]
fn typing_narrows_and_puts_cursor_on_best() {
    let mut list = items(CONTEXTS);
    list[4].current = true;
    let mut p = Picker::new("context", list);
    assert_eq!(selected(&p), Some("dev"));
    type_str(&mut p, "pro");
    assert_eq!(p.query(), "pro");
    assert_eq!(shown(&p), ["prod-eu", "prod-us"]);
    assert_eq!(selected(&p), Some("prod-eu"));
    type_str(&mut p, "dus");
    assert_eq!(shown(&p), ["prod-us"]);
    // Backspace widens again.
    for _ in 0..3 {
        p.handle_key(key(KeyCode::Backspace));
    }
    assert_eq!(p.matched(), 2);
}

#[test]
fn fzf_syntax_exact_negation_prefix_suffix() {
    let list = items(&["prod-eu", "prod-us", "pre-prod", "staging-eu", "dev"]);
    let mut p = Picker::new("context", list);
    type_str(&mut p, "prod !us");
    assert_eq!(shown(&p), ["prod-eu", "pre-prod"]);
    p.handle_key(ctrl('u'));
    assert_eq!(p.query(), "");
    type_str(&mut p, "^prod");
    assert_eq!(shown(&p), ["prod-eu", "prod-us"]);
    p.handle_key(ctrl('u'));
    type_str(&mut p, "eu$");
    assert_eq!(shown(&p), ["prod-eu", "staging-eu"]);
    p.handle_key(ctrl('u'));
    // `'` asks for the exact substring.
    type_str(&mut p, "odu");
    assert_eq!(shown(&p), ["prod-us", "prod-eu"]);
    p.handle_key(ctrl('u'));
    type_str(&mut p, "'odu");
    assert!(shown(&p).is_empty());
    p.handle_key(ctrl('u'));
    type_str(&mut p, "'od-u");
    assert_eq!(shown(&p), ["prod-us"]);
    // Terms are AND-ed.
    p.handle_key(ctrl('u'));
    type_str(&mut p, "pro eu");
    assert_eq!(shown(&p), ["prod-eu"]);
}

#[test]
fn smart_case() {
    let mut p = Picker::new("ns", items(&["Web", "web-2"]));
    type_str(&mut p, "web");
    assert_eq!(p.matched(), 2);
    p.handle_key(ctrl('u'));
    type_str(&mut p, "We");
    assert_eq!(shown(&p), ["Web"]);
}

#[test]
fn order_by_score_with_stable_ties() {
    // "kube" scores higher as a contiguous prefix than spread out; equal
    // scores keep the given order.
    let list = items(&["kxuxbxe", "kube-b", "xkube", "kube-a"]);
    let mut p = Picker::new("ns", list);
    type_str(&mut p, "kube");
    assert_eq!(shown(&p), ["kube-b", "kube-a", "xkube", "kxuxbxe"]);
    let scores: Vec<u32> = p.matches().iter().map(|m| m.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let kb = &p.matches()[0];
    assert_eq!(kb.positions, [0, 1, 2, 3]);
}

#[test]
fn cursor_moves_and_clamps() {
    let mut p = Picker::new("context", items(CONTEXTS));
    p.handle_key(key(KeyCode::Up));
    assert_eq!(selected(&p), Some("prod-eu"));
    p.handle_key(key(KeyCode::Down));
    p.handle_key(ctrl('n'));
    assert_eq!(selected(&p), Some("staging"));
    p.handle_key(ctrl('j'));
    p.handle_key(ctrl('j'));
    p.handle_key(ctrl('j'));
    assert_eq!(selected(&p), Some("dev"));
    p.handle_key(ctrl('p'));
    p.handle_key(ctrl('k'));
    assert_eq!(selected(&p), Some("staging"));
    // ctrl-k/ctrl-j move the cursor, they never edit the query.
    assert_eq!(p.query(), "");
    // The page is the last rendered list height (1 before any render).
    p.handle_key(key(KeyCode::PageDown));
    assert_eq!(selected(&p), Some("kind-kon"));
    p.scroll_to_cursor(3);
    p.handle_key(key(KeyCode::PageDown));
    assert_eq!(selected(&p), Some("dev"));
    p.handle_key(key(KeyCode::PageUp));
    assert_eq!(selected(&p), Some("prod-us"));
    p.handle_key(key(KeyCode::PageUp));
    assert_eq!(selected(&p), Some("prod-eu"));
}

#[test]
fn enter_chooses_selected() {
    let mut p = Picker::new("context", items(CONTEXTS));
    type_str(&mut p, "sta");
    assert_eq!(
        p.handle_key(key(KeyCode::Enter)),
        PickerOutcome::Chosen("staging".into())
    );
    assert_eq!(p.handle_key(ctrl('m')), PickerOutcome::Chosen("staging".into()));
    // Enter never puts a newline into the query, whatever the modifiers.
    let alt_enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT);
    assert_eq!(p.handle_key(alt_enter), PickerOutcome::Chosen("staging".into()));
    assert_eq!(p.query(), "sta");
}

#[test]
fn enter_with_no_match_continues() {
    let mut p = Picker::new("context", items(CONTEXTS));
    type_str(&mut p, "zzz");
    assert_eq!(p.matched(), 0);
    assert_eq!(p.selected(), None);
    assert_eq!(p.handle_key(key(KeyCode::Enter)), PickerOutcome::Continue);
    p.handle_key(key(KeyCode::Down));
    p.handle_key(key(KeyCode::PageUp));
    assert_eq!(p.selected(), None);
    let mut empty = Picker::new("ns", vec![]);
    assert_eq!(empty.handle_key(key(KeyCode::Enter)), PickerOutcome::Continue);
    assert_eq!(empty.handle_key(key(KeyCode::Down)), PickerOutcome::Continue);
}

#[test]
fn esc_and_ctrl_c_g_q_cancel() {
    let mut p = Picker::new("context", items(CONTEXTS));
    assert_eq!(p.handle_key(key(KeyCode::Esc)), PickerOutcome::Cancelled);
    for c in ['c', 'g', 'q'] {
        assert_eq!(p.handle_key(ctrl(c)), PickerOutcome::Cancelled, "ctrl-{c}");
    }
}

#[test]
fn harmless_keys_and_releases() {
    let mut p = Picker::new("context", items(CONTEXTS));
    type_str(&mut p, "pr");
    for k in [
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::F(2),
        KeyCode::Insert,
        KeyCode::Char('\n'),
    ] {
        assert_eq!(p.handle_key(key(k)), PickerOutcome::Continue);
    }
    assert_eq!(p.handle_key(ctrl('v')), PickerOutcome::Continue);
    let mut release = key(KeyCode::Char('x'));
    release.kind = KeyEventKind::Release;
    assert_eq!(p.handle_key(release), PickerOutcome::Continue);
    assert_eq!(p.query(), "pr");
    assert_eq!(p.input().lines().len(), 1);
}

#[test]
fn textarea_editing_keys() {
    let mut p = Picker::new("context", items(CONTEXTS));
    type_str(&mut p, "prod us");
    p.handle_key(ctrl('w'));
    assert_eq!(p.query(), "prod ");
    p.handle_key(key(KeyCode::Home));
    p.handle_key(key(KeyCode::Char('^')));
    assert_eq!(p.query(), "^prod ");
    p.handle_key(key(KeyCode::End));
    p.handle_key(key(KeyCode::Left));
    p.handle_key(key(KeyCode::Backspace));
    assert_eq!(p.query(), "^pro ");
    p.handle_key(ctrl('u'));
    assert_eq!(p.query(), " ");
    assert_eq!(p.matched(), 5);
}

#[test]
fn paste_inserts_one_line() {
    let mut p = Picker::new("context", items(CONTEXTS));
    p.handle_paste("stag\r\ning\n");
    assert_eq!(p.query(), "staging");
    assert_eq!(shown(&p), ["staging"]);
    p.handle_paste("\t\x1b");
    assert_eq!(p.query(), "staging ");
    p.handle_paste("");
    assert_eq!(p.input().lines().len(), 1);
}

#[test]
fn set_items_keeps_query_and_cursor_name() {
    let mut p = Picker::new("ns", vec![]);
    assert_eq!(p.selected(), None);
    // Namespaces arrive: the cursor goes to the current one.
    let mut list = items(&["default", "kube-system", "web"]);
    list[2].current = true;
    p.set_items(list);
    assert_eq!(selected(&p), Some("web"));
    type_str(&mut p, "e");
    p.handle_key(key(KeyCode::Down));
    let before = selected(&p).map(String::from);
    assert!(before.is_some());
    let mut more = items(&["a-ns", "default", "kube-system", "shop", "web"]);
    more.reverse();
    p.set_items(more);
    assert_eq!(p.query(), "e");
    assert_eq!(selected(&p).map(String::from), before);
    assert_eq!(p.total(), 5);
    // The selected name gone: the best match.
    p.set_items(items(&["zed", "beta"]));
    assert_eq!(p.cursor(), 0);
    assert_eq!(selected(&p), Some("zed"));
}

#[test]
fn five_thousand_items() {
    let list: Vec<PickItem> = (0..5000)
        .map(|i| item(&format!("ns-{i:04}-team"), i == 4321))
        .collect();
    let mut p = Picker::new("ns", list);
    assert_eq!(selected(&p), Some("ns-4321-team"));
    type_str(&mut p, "432");
    assert!(p.matched() >= 1);
    assert!(
        selected(&p).is_some_and(|n| n.contains("432")),
        "{:?}",
        selected(&p)
    );
    type_str(&mut p, "1$");
    assert!(shown(&p).iter().all(|n| n.contains('4')));
    p.handle_key(ctrl('u'));
    assert_eq!(p.matched(), 5000);
    for _ in 0..6000 {
        p.handle_key(key(KeyCode::Down));
    }
    assert_eq!(selected(&p), Some("ns-4999-team"));
    assert_eq!(p.scroll_to_cursor(10), 4990);
}

#[test]
fn odd_names_do_not_break_matching() {
    let list = items(&["", "é-ünïcode", "名前空間", "tab\there", "e\u{301}x"]);
    let mut p = Picker::new("ns", list);
    type_str(&mut p, "eu");
    assert_eq!(shown(&p), ["é-ünïcode"]);
    let m = &p.matches()[0];
    assert_eq!(m.positions, [0, 2]);
    p.handle_key(ctrl('u'));
    type_str(&mut p, "空");
    assert_eq!(shown(&p), ["名前空間"]);
    assert_eq!(p.matches()[0].positions, [2]);
}
