//! The log view's state: which pod, container and run, the ring of lines
//! (bounded: `[logs] buffer-lines`), follow or paused at a line, the
//! toggles (timestamps, wrap), the `/` search and its current match, and
//! what the stream said last. Pure: the worker's events come in through
//! `ingest`; the screen's size through `page` and `width`.

use crate::podlogs::choice::Choice;
use crate::podlogs::ring::Ring;
use crate::podlogs::search::Search;
use crate::podlogs::stream::{Event, Params};
use crate::podlogs::text::{sanitize, split_timestamp};
use crate::podlogs::wrap;

use super::action::Mode;

/// `[logs]` in config.toml, as the console uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogSettings {
    /// Lines kept per log (older ones are dropped, and counted).
    pub buffer_lines: usize,
    /// Lines asked for when a log opens (`tailLines`).
    pub tail: i64,
}

impl Default for LogSettings {
    fn default() -> Self {
        Self {
            buffer_lines: 10_000,
            tail: 500,
        }
    }
}

/// What the stream is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamState {
    Connecting,
    Open,
    /// Ended or refused: the text as the API (or kubectl) says it, and
    /// whether kon tries again.
    Stopped {
        text: String,
        retrying: bool,
    },
}

/// What the first lines of a log are: the last N, or those since a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    Tail(i64),
    /// Every line the runtime kept.
    All,
    Since(i64),
}

/// A list to choose from over the log view: a container of the pod, or a
/// pod of the workload the view was asked from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picking {
    pub title: String,
    /// (label, detail) per entry.
    pub items: Vec<(String, String)>,
    pub cursor: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogsView {
    pub namespace: String,
    pub pod: String,
    pub choice: Choice,
    pub start: Start,
    pub timestamps: bool,
    pub wrap: bool,
    /// At the bottom, showing new lines as they come.
    pub follow: bool,
    /// The first line on screen while paused.
    pub top: u64,
    /// The end of the log when the view was paused (new lines since are counted).
    pub paused_at: u64,
    /// Columns scrolled right (no wrap).
    pub col: usize,
    pub ring: Ring,
    /// The `/` line's text, and its search (none: nothing searched).
    pub query: String,
    pub search: Option<Search>,
    /// The match the view jumped to last.
    pub at: Option<u64>,
    pub stream: StreamState,
    /// Times the stream was opened again after it ended or was cut.
    pub reconnects: u32,
    /// The stream's id: events of an older stream are ignored.
    pub session: u64,
    /// Where Esc returns.
    pub back: Mode,
    /// The container list (`c`) is open.
    pub picking: Option<Picking>,
}

impl LogsView {
    pub fn new(namespace: &str, pod: &str, choice: Choice, settings: LogSettings, back: Mode) -> Self {
        Self {
            namespace: namespace.to_string(),
            pod: pod.to_string(),
            choice,
            start: Start::Tail(settings.tail),
            timestamps: false,
            wrap: false,
            follow: true,
            top: 0,
            paused_at: 0,
            col: 0,
            ring: Ring::new(settings.buffer_lines),
            query: String::new(),
            search: None,
            at: None,
            stream: StreamState::Connecting,
            reconnects: 0,
            session: 0,
            back,
            picking: None,
        }
    }

    /// What to ask the API for: the previous run is read to its end, the
    /// current one followed.
    pub fn params(&self) -> Params {
        let (tail, since_seconds) = match self.start {
            Start::Tail(n) => (Some(n), None),
            Start::All => (None, None),
            Start::Since(s) => (None, Some(s)),
        };
        Params {
            pod: self.pod.clone(),
            container: self.choice.current().map(|c| c.name.clone()),
            previous: self.choice.previous,
            follow: !self.choice.previous,
            tail,
            since_seconds,
        }
    }

    /// A new stream (another container, run or start): the lines go, the
    /// settings stay.
    pub fn restart(&mut self, session: u64) {
        self.ring = Ring::new(self.ring.capacity());
        self.session = session;
        self.stream = StreamState::Connecting;
        self.reconnects = 0;
        self.follow = true;
        self.top = 0;
        self.at = None;
        if let Some(s) = &mut self.search {
            s.rescan(&self.ring, |l| l);
        }
    }

    /// The part of a kept line the screen shows (and search looks in).
    pub fn shown<'a>(&self, line: &'a str) -> &'a str {
        if self.timestamps {
            line
        } else {
            split_timestamp(line).1
        }
    }

    /// Takes one event of the stream; true when the screen changes.
    pub fn ingest(&mut self, event: Event) -> bool {
        match event {
            Event::Connected { again } => {
                if again {
                    self.reconnects += 1;
                }
                self.stream = StreamState::Open;
            }
            Event::Lines(batch) => {
                for line in batch.lines() {
                    // The message is made safe apart (its tabs count from its start).
                    match split_timestamp(&line) {
                        (Some(ts), msg) => self.ring.push(&format!("{ts} {}", sanitize(msg))),
                        (None, msg) => self.ring.push(&sanitize(msg)),
                    }
                }
                self.rescan(false);
            }
            Event::Stopped { text, retry_in } => {
                self.stream = StreamState::Stopped {
                    text,
                    retrying: retry_in.is_some(),
                }
            }
        }
        true
    }

    /// Brings the search up to date (`all`: what is searched changed).
    pub fn rescan(&mut self, all: bool) {
        fn whole(l: &str) -> &str {
            l
        }
        fn message(l: &str) -> &str {
            split_timestamp(l).1
        }
        let shown: fn(&str) -> &str = if self.timestamps { whole } else { message };
        if let Some(s) = &mut self.search {
            if all {
                s.rescan(&self.ring, shown);
            } else {
                s.update(&self.ring, shown);
            }
        }
    }

    /// Sets the `/` query and searches every kept line.
    pub fn set_query(&mut self, query: &str) {
        self.query = query.to_string();
        self.search = Search::new(query);
        self.at = None;
        self.rescan(true);
    }

    /// Screen rows line `n` takes at `width` columns.
    fn rows_of(&self, n: u64, width: usize) -> usize {
        match self.ring.get(n) {
            Some(l) if self.wrap => wrap::height(self.shown(l), width),
            _ => 1,
        }
    }

    /// The first line on screen when the last one is at the bottom.
    pub fn bottom_top(&self, page: usize, width: usize) -> u64 {
        let mut used = 0;
        let mut n = self.ring.end();
        while n > self.ring.first() {
            let h = self.rows_of(n - 1, width);
            if used + h > page && used > 0 {
                break;
            }
            used += h;
            n -= 1;
        }
        n
    }

    /// The first line on screen.
    pub fn first_shown(&self, page: usize, width: usize) -> u64 {
        let bottom = self.bottom_top(page, width);
        if self.follow {
            bottom
        } else {
            self.top.clamp(self.ring.first(), bottom.max(self.ring.first()))
        }
    }

    fn pause(&mut self, page: usize, width: usize) {
        if self.follow {
            self.top = self.bottom_top(page, width);
            self.paused_at = self.ring.end();
            self.follow = false;
        }
    }

    /// Scrolls by `delta` lines; reaching the bottom follows again.
    pub fn scroll(&mut self, delta: i64, page: usize, width: usize) {
        let bottom = self.bottom_top(page, width);
        let from = self.first_shown(page, width);
        let to = from
            .saturating_add_signed(delta)
            .clamp(self.ring.first(), bottom.max(self.ring.first()));
        if delta < 0 && to < bottom {
            self.pause(page, width);
        }
        self.top = to;
        if delta > 0 && to >= bottom {
            self.follow = true;
        }
    }

    pub fn to_top(&mut self, page: usize, width: usize) {
        self.pause(page, width);
        self.top = self.ring.first();
    }

    pub fn to_bottom(&mut self) {
        self.follow = true;
        self.col = 0;
    }

    /// Puts line `n` on screen (a third down the page), paused.
    pub fn show_line(&mut self, n: u64, page: usize, width: usize) {
        self.pause(page, width);
        self.top = n.saturating_sub((page / 3) as u64).max(self.ring.first());
        let bottom = self.bottom_top(page, width);
        if self.top >= bottom {
            self.top = bottom;
        }
    }

    /// Jumps to the next (`forward`) or previous match; false when none.
    pub fn jump(&mut self, forward: bool, page: usize, width: usize) -> bool {
        let Some(s) = &self.search else { return false };
        let from = self.at.unwrap_or_else(|| {
            let first = self.first_shown(page, width);
            if forward {
                first.saturating_sub(1)
            } else {
                self.ring.end()
            }
        });
        let next = if forward {
            s.next_after(from)
        } else {
            s.prev_before(from)
        };
        match next {
            Some(n) => {
                self.at = Some(n);
                self.show_line(n, page, width);
                true
            }
            None => false,
        }
    }

    /// Lines that arrived since the view was paused.
    pub fn new_since_pause(&self) -> u64 {
        if self.follow {
            0
        } else {
            self.ring.end().saturating_sub(self.paused_at)
        }
    }
}
