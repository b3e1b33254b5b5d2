//! Listing with selectors and `limit`/`continue` pagination.
//!
//! Items come in etcd key order (`namespace/name` bytewise). A continue token is
//! `"{rv}/{last key}"`: later pages resume after that key and report the first
//! page's resourceVersion, as the real server does; unlike etcd the store keeps no
//! snapshots, so objects written between pages show their current state. A token
//! whose rv is older than the compaction point is 410 Expired.

use std::io::{self, Write};
use std::ops::Bound;
use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::api_error::ApiError;
use super::field_selector::Filter;
use super::store::{ResourceType, Store, key_range};
use super::stored::Stored;

/// Query parameters of a list request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListOptions {
    /// `labelSelector`.
    pub label_selector: Option<String>,
    /// `fieldSelector`.
    pub field_selector: Option<String>,
    /// `limit` (0 or absent: everything).
    pub limit: Option<usize>,
    /// `continue`.
    pub continue_token: Option<String>,
    /// `resourceVersion`: must be a number if given; the list is always served
    /// from the current state.
    pub resource_version: Option<String>,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage {
    /// `v1`, `apps/v1`.
    pub api_version: String,
    /// `PodList`.
    pub kind: String,
    /// The items as stored, shared with the store.
    pub items: Vec<Arc<Stored>>,
    /// The list's resourceVersion (the first page's for continued lists).
    pub resource_version: u64,
    /// Token for the next page, if any.
    pub continue_token: Option<String>,
    /// Items after this page; only without selectors, only when more remain.
    pub remaining_item_count: Option<u64>,
}

impl ListPage {
    fn metadata(&self) -> Value {
        let mut m = Map::new();
        m.insert(
            "resourceVersion".to_string(),
            Value::String(self.resource_version.to_string()),
        );
        if let Some(c) = &self.continue_token {
            m.insert("continue".to_string(), Value::String(c.clone()));
        }
        if let Some(n) = self.remaining_item_count {
            m.insert("remainingItemCount".to_string(), Value::from(n));
        }
        Value::Object(m)
    }

    /// The items decoded.
    pub fn values(&self) -> Vec<Value> {
        self.items.iter().map(|i| i.value()).collect()
    }

    /// The `{"kind":"PodList","apiVersion":"v1","metadata":{..},"items":[..]}` value
    /// (decodes the items; prefer [`ListPage::write_json`] for big lists).
    pub fn to_json(&self) -> Value {
        let items = self.values();
        json!({
            "kind": self.kind,
            "apiVersion": self.api_version,
            "metadata": self.metadata(),
            "items": items,
        })
    }

    /// Streams the same JSON into `w` item by item: the stored JSON of each,
    /// nothing decoded.
    pub fn write_json<W: Write>(&self, mut w: W) -> io::Result<()> {
        let head = json!({"kind": self.kind, "apiVersion": self.api_version, "metadata": self.metadata()});
        let head = serde_json::to_string(&head).map_err(io::Error::other)?;
        // `head` is a JSON object: drop its closing brace and append the items.
        let open = head.strip_suffix('}').unwrap_or(&head);
        w.write_all(open.as_bytes())?;
        w.write_all(b",\"items\":[")?;
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                w.write_all(b",")?;
            }
            w.write_all(item.json().as_bytes())?;
        }
        w.write_all(b"]}")
    }
}

fn parse_continue(token: &str) -> Result<(u64, &str), ApiError> {
    let bad = |why: &str| ApiError::bad_request(format!("continue key is not valid: {why}"));
    let (rv, key) = token
        .split_once('/')
        .ok_or_else(|| bad("expected \"<resourceVersion>/<key>\""))?;
    let rv = rv.parse().map_err(|_| bad("resourceVersion is not a number"))?;
    if key.is_empty() {
        return Err(bad("empty key"));
    }
    Ok((rv, key))
}

impl Store {
    /// Lists a type, in one namespace or all (`namespace` is ignored for
    /// cluster-scoped types), filtered by the selectors, paginated by
    /// `limit`/`continue`.
    pub fn list(
        &self,
        rt: &ResourceType,
        namespace: Option<&str>,
        opts: &ListOptions,
    ) -> Result<ListPage, ApiError> {
        let idx = self.type_index(rt)?;
        let rt = self.entry(idx).map_or(rt, |t| &t.rt);
        let filter = Filter::parse(rt, opts.label_selector.as_deref(), opts.field_selector.as_deref())?;
        if let Some(v) = opts.resource_version.as_deref().filter(|v| !v.is_empty())
            && v.parse::<u64>().is_err()
        {
            return Err(ApiError::bad_request(format!("invalid resource version: {v:?}")));
        }
        let (mut range, list_rv) = (key_range(rt, namespace), self.rv);
        let list_rv = match opts.continue_token.as_deref().filter(|c| !c.is_empty()) {
            None => list_rv,
            Some(token) => {
                let (rv, key) = parse_continue(token)?;
                if rv < self.storage_compacted_rv() {
                    return Err(ApiError::continue_expired());
                }
                let in_scope = match &range.0 {
                    Bound::Included(prefix) => key.starts_with(prefix.as_str()),
                    _ => true,
                };
                if !in_scope {
                    return Err(ApiError::bad_request(
                        "continue key is not valid: the key is outside the listed namespace",
                    ));
                }
                range.0 = Bound::Excluded(key.to_string());
                rv
            }
        };
        let limit = opts.limit.filter(|l| *l > 0).unwrap_or(usize::MAX);
        let mut iter = self
            .entry(idx)
            .into_iter()
            .flat_map(|t| t.objects.range(range.clone()));
        let mut items = Vec::new();
        let mut last_key = None;
        let everything = filter.is_everything();
        for (key, obj) in iter.by_ref() {
            if everything || filter.matches(&obj.value()) {
                items.push(Arc::clone(&obj.stored));
                if items.len() >= limit {
                    last_key = Some(key);
                    break;
                }
            }
        }
        let (continue_token, remaining_item_count) = match last_key {
            Some(key) => {
                let rest = iter.count() as u64;
                if rest == 0 {
                    (None, None)
                } else {
                    let count = filter.is_everything().then_some(rest);
                    (Some(format!("{list_rv}/{key}")), count)
                }
            }
            None => (None, None),
        };
        Ok(ListPage {
            api_version: rt.api_version(),
            kind: rt.list_kind(),
            items,
            resource_version: list_rv,
            continue_token,
            remaining_item_count,
        })
    }
}
