//! Random kubeconfigs for the differential tests: many layouts of the
//! subset the fast reader takes (indentation, quoting, comments, unknown
//! fields, block and wrapped scalars, nested lists, empty values, CRLF),
//! now and then with something it leaves to serde-saphyr; and small random
//! changes to any text.

/// xorshift64*: deterministic, no dependency.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub(super) fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// A YAML node for the generator; scalars are already written out.
enum Node {
    Scalar(String),
    Null,
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
    /// A block scalar: header and content lines (relative indentation).
    Block(String, Vec<String>),
    /// A plain scalar wrapped over several lines.
    Folded(Vec<String>),
}

const NAMES: &[&str] = &[
    "prod",
    "dev-1",
    "arn:aws:eks:eu-west-1:123456789012:cluster/x",
    "gke_p_europe-west1_c",
    "'dev''s'",
    "\"a b\"",
    "\"q\\\"q\"",
    "'#x'",
    "\"\"",
    "123",
    "true",
    "dev's",
    "a#b",
    "é-日本",
    "user@host",
    "\"t\\tt\"",
    "x:y",
    "a,b",
    "a]",
    "--x",
    "0x1F",
];
const VALUES: &[&str] = &[
    "v1",
    "https://10.0.0.1:6443",
    "https://[::1]:6443",
    "1.5",
    "-1",
    "~",
    "null",
    "NULL",
    "yes",
    "False",
    "'it''s'",
    "\"l\\nl\"",
    "\"null\"",
    "'~'",
    "a{b}c",
    "C:\\path",
    "some text, with commas",
    "1e3",
    "LS0tLS1CRUdJTg==",
    "\"é\"",
    "1_000",
];
const KEYS: &[&str] = &[
    "a",
    "key",
    "x-tool",
    "kubernetes.io/foo",
    "_private",
    "k8s.io.v1",
    "true",
    "y",
    "Data",
];

struct Gen {
    rng: Rng,
    step: usize,
    indentless: bool,
    compact: bool,
    out: Vec<String>,
}

impl Gen {
    fn scalar(&mut self, pool: &[&str]) -> Node {
        Node::Scalar(self.rng.pick(pool).to_owned())
    }

    /// A value nobody reads, `depth` levels deep at most.
    fn ignored(&mut self, depth: usize) -> Node {
        match self.rng.below(if depth == 0 { 4 } else { 7 }) {
            0 => self.scalar(VALUES),
            1 => Node::Null,
            2 => Node::Block(
                self.rng.pick(&["|", ">-", "|+", "|2", "> # c"]).into(),
                vec!["line one".into(), String::new(), "  indented: x # y".into()],
            ),
            3 => Node::Folded(vec![
                "Install the plugin by following".into(),
                "https://x.example/a#b".into(),
            ]),
            4 | 5 => {
                let mut keys: Vec<&str> = KEYS.to_vec();
                let n = self.rng.below(4);
                Node::Map(
                    (0..n)
                        .map(|_| {
                            let k = keys.remove(self.rng.below(keys.len()));
                            (k.to_owned(), self.ignored(depth - 1))
                        })
                        .collect(),
                )
            }
            _ => Node::Seq((0..self.rng.below(4)).map(|_| self.ignored(depth - 1)).collect()),
        }
    }

    fn opt(&mut self, pool: &[&str]) -> Option<Node> {
        match self.rng.below(8) {
            0 => None,
            1 => Some(Node::Null),
            _ => Some(self.scalar(pool)),
        }
    }

    fn entry(&mut self, kind: &str, fields: &[&str]) -> Node {
        let mut spec = Vec::new();
        for f in fields {
            if let Some(v) = self.opt(if *f == "server" { VALUES } else { NAMES }) {
                spec.push((f.to_string(), v));
            }
        }
        if self.rng.chance(30) {
            spec.push(("extensions".into(), self.ignored(2)));
        }
        let spec = match self.rng.below(10) {
            0 => Node::Null,
            1 => Node::Map(Vec::new()),
            _ => Node::Map(spec),
        };
        let mut entry = vec![("name".to_owned(), self.scalar(NAMES)), (kind.to_owned(), spec)];
        if self.rng.chance(20) {
            entry.push(("x-extra".into(), self.ignored(2)));
        }
        if self.rng.chance(50) {
            entry.reverse();
        }
        Node::Map(entry)
    }

    fn document(&mut self) -> Node {
        let list = |g: &mut Self, kind: &str, fields: &[&str]| {
            let n = g.rng.below(4);
            Node::Seq((0..n).map(|_| g.entry(kind, fields)).collect())
        };
        let mut top = vec![
            ("apiVersion".to_owned(), Node::Scalar("v1".into())),
            (
                "clusters".into(),
                list(self, "cluster", &["server", "certificate-authority-data"]),
            ),
            (
                "contexts".into(),
                list(self, "context", &["cluster", "user", "namespace"]),
            ),
            ("users".into(), list(self, "user", &["token"])),
            ("preferences".into(), self.ignored(2)),
        ];
        if let Some(cur) = self.opt(NAMES) {
            top.insert(self.rng.below(top.len()), ("current-context".into(), cur));
        }
        Node::Map(top)
    }

    fn line(&mut self, line: String) {
        self.out.push(line);
        if self.rng.chance(8) {
            let col = self.rng.below(6);
            self.out.push(format!("{}# comment: - [x]", " ".repeat(col)));
        }
        if self.rng.chance(5) {
            self.out.push(String::new());
        }
    }

    fn trail(&mut self) -> &'static str {
        if self.rng.chance(15) { "  # note" } else { "" }
    }

    /// `node` after `head` (`key:` or `-`, with its indentation), in a
    /// collection at column `col`.
    fn emit(&mut self, head: String, node: &Node, col: usize, in_seq: bool) {
        let deeper = col + if in_seq { 2 } else { self.step };
        match node {
            Node::Scalar(s) => {
                let t = self.trail();
                self.line(format!("{head} {s}{t}"));
            }
            Node::Null => {
                let null = self.rng.pick(&["", " ~", " null"]);
                self.line(format!("{head}{null}"));
            }
            Node::Map(m) if m.is_empty() => self.line(format!("{head} {{}}")),
            Node::Seq(s) if s.is_empty() => self.line(format!("{head} []")),
            Node::Map(m) if in_seq && self.compact => self.map(m, deeper, Some(format!("{head} "))),
            Node::Map(m) => {
                self.line(head);
                self.map(m, deeper, None);
            }
            Node::Seq(s) => {
                self.line(head);
                let at = if self.indentless && !in_seq { col } else { deeper };
                for item in s {
                    self.emit(format!("{}-", " ".repeat(at)), item, at, true);
                }
            }
            Node::Block(header, lines) => {
                // An indentation indicator in a list entry is left to serde-saphyr.
                let header = if in_seq { "|" } else { header.as_str() };
                self.out.push(format!("{head} {header}"));
                let pad = " ".repeat(if header.contains('2') { col + 2 } else { deeper });
                self.out.extend(lines.iter().map(|l| {
                    if l.is_empty() {
                        String::new()
                    } else {
                        format!("{pad}{l}")
                    }
                }));
            }
            Node::Folded(lines) => {
                self.out.push(format!("{head} {}", lines[0]));
                let pad = " ".repeat(deeper);
                self.out.extend(lines[1..].iter().map(|l| format!("{pad}{l}")));
            }
        }
    }

    fn map(&mut self, entries: &[(String, Node)], col: usize, mut first: Option<String>) {
        for (k, v) in entries {
            let lead = first.take().unwrap_or_else(|| " ".repeat(col));
            self.emit(format!("{lead}{k}:"), v, col, false);
        }
    }
}

/// A kubeconfig in a random layout; whether it stays in the fast subset.
pub(super) fn generate(seed: u64) -> (String, bool) {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let (step, indentless, compact) = (2 + 2 * rng.below(2), rng.chance(50), !rng.chance(15));
    let mut g = Gen {
        rng,
        step,
        indentless,
        compact,
        out: Vec::new(),
    };
    if g.rng.chance(20) {
        g.out.push("---".into());
    }
    let Node::Map(top) = g.document() else {
        unreachable!()
    };
    g.map(&top, 0, None);
    let mut lines = g.out;
    // Now and then something the fast reader leaves to serde-saphyr.
    let mut fast = true;
    if g.rng.chance(25) && lines.len() > 2 {
        let at = 1 + g.rng.below(lines.len() - 1);
        let odd = g.rng.pick(&[
            "x-anchor: &a v",
            "x-alias: *a",
            "x-tag: !!str v",
            "x-flow: {a: 1}",
            "x-flow: [a]",
            "x-tab:\tv",
            "\"quoted\": v",
            "? complex",
            "<<: {}",
            "x-dq: \"a\n  b\"",
            "apiVersion: dup",
            "x-inf: .inf",
            "x-esc: \"\\u0041\"",
            "...",
            "%YAML 1.2",
            "x-next:\n  scalar",
            "x-sq: 'open",
        ]);
        lines.insert(at, odd.to_owned());
        fast = false;
    }
    let crlf = g.rng.chance(10);
    let text = lines.join(if crlf { "\r\n" } else { "\n" }) + if crlf { "\r\n" } else { "\n" };
    (text, fast)
}

/// `text` with one small random change.
pub(super) fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
    if lines.is_empty() {
        return "a: b\n".into();
    }
    let i = rng.below(lines.len());
    match rng.below(7) {
        0 | 1 => {
            let ins = rng.pick(&[
                " ", ":", ": ", " #", "-", "- ", "'", "\"", "{", "}", "[", "]", "|", ">", "&", "*", "!",
                "\t", "\n", "\\", "?", "%", "~", ",", "é", "\r", "  ", "\n  ", "\n- ",
            ]);
            let at = (0..=lines[i].len())
                .filter(|&b| lines[i].is_char_boundary(b))
                .collect::<Vec<_>>();
            let at = at[rng.below(at.len())];
            lines[i].insert_str(at, ins);
        }
        2 => {
            let keep: String = lines[i]
                .chars()
                .enumerate()
                .filter(|(n, _)| n % 7 != 3)
                .map(|(_, c)| c)
                .collect();
            lines[i] = keep;
        }
        3 => {
            let dup = lines[i].clone();
            lines.insert(i, dup);
        }
        4 => {
            lines[i] = match rng.below(3) {
                0 => format!(" {}", lines[i]),
                1 => lines[i].strip_prefix("  ").unwrap_or(&lines[i]).to_owned(),
                _ => format!("{}\n", lines[i].trim_end()).replacen(": ", ":\n  ", 1),
            }
        }
        5 => {
            let j = rng.below(lines.len());
            lines.swap(i, j);
        }
        _ => {
            let v = rng.pick(&[
                ".inf", "-.NaN", "1e400", "null", "~", "", "a: b", "[a]", "{}", "|", "'a", "\"a", "\"\\x\"",
                "&x y", "*x", "!t x", "- a", "#", "a #b", "?",
            ]);
            if let Some((k, _)) = lines[i].split_once(": ") {
                lines[i] = format!("{k}: {v}\n");
            }
        }
    }
    lines.concat()
}
