//! Turning a parsed scenario into a running world: the PKI with the
//! scenario's certificate lifetimes, TLS Secrets issued by the sim's CA,
//! every object in the store, controllers primed.

use std::collections::HashMap;

use anyhow::{Context as _, Result, anyhow};
use base64::Engine as _;
use serde_json::Value;

use super::controllers::Controllers;
use super::faults::Dice;
use super::objects::resource_type::ResourceType;
use super::objects::store::Store;
use super::scenarios::scenario::Scenario;
use super::state::World;
use super::tls::{Pki, Windows, issue_leaf};

/// Builds the PKI and the world of `scenario` (consumed: large scenarios
/// are big, and nothing keeps a second copy).
pub fn load(mut scenario: Scenario) -> Result<(World, Pki)> {
    let now = scenario.now;
    let certs = &scenario.cluster.certificates;
    let windows = Windows {
        ca: certs
            .ca_window(now)
            .map_err(|e| anyhow!("certificates.ca: {e}"))?,
        serving: certs
            .serving_window(now)
            .map_err(|e| anyhow!("certificates.serving: {e}"))?,
        client: certs
            .client_window(now)
            .map_err(|e| anyhow!("certificates.client: {e}"))?,
    };
    let pki = Pki::generate(&windows).context("generating the simulated cluster's certificates")?;

    let b64 = |s: &str| Value::String(base64::engine::general_purpose::STANDARD.encode(s));
    for spec in scenario.cluster.certificates.secrets.clone() {
        let win = spec
            .window(now)
            .map_err(|e| anyhow!("certificates.secrets {}: {e}", spec.name))?;
        let (cert, key) =
            issue_leaf(&pki.issuer, spec.subject(), &spec.dns_names, win).with_context(|| {
                format!(
                    "issuing the certificate of Secret {}/{}",
                    spec.namespace, spec.name
                )
            })?;
        if let Some(secret) = scenario.object_mut("", "Secret", Some(&spec.namespace), &spec.name) {
            secret["data"]["tls.crt"] = b64(&cert);
            secret["data"]["tls.key"] = b64(&key);
        }
    }

    let mut store = Store::new();
    store.set_now(now);
    for info in scenario.kinds.resources() {
        if store.find_resource(&info.group, &info.plural).is_none() {
            store.register(ResourceType::new(
                &info.group,
                &info.version,
                &info.kind,
                &info.plural,
                info.namespaced,
            ));
        }
    }
    // The written objects by type, loaded type by type (namespaces first);
    // then the generated ones, stored one by one as they are generated, so
    // that a large scenario is never held whole as values (the store keeps
    // each compact, and the allocator's peak stays near what it keeps).
    let mut buckets: HashMap<ResourceType, Vec<Value>> = HashMap::new();
    let mut unknown = 0usize;
    let written = std::mem::take(&mut scenario.objects);
    for obj in written {
        match typed(&store, &scenario.kinds, obj) {
            Some((rt, obj)) => buckets.entry(rt).or_default().push(obj),
            None => unknown += 1,
        }
    }
    let mut buckets: Vec<_> = buckets.into_iter().collect();
    buckets.sort_by_key(|(rt, _)| (rt.plural != "namespaces", rt.group.clone(), rt.plural.clone()));
    for (rt, objs) in buckets {
        insert(&mut store, &rt, objs)?;
    }
    let mut failed = None;
    scenario.generate_each(&mut |obj| {
        if failed.is_some() {
            return;
        }
        match typed(&store, &scenario.kinds, obj) {
            Some((rt, obj)) => failed = insert(&mut store, &rt, [obj]).err(),
            None => unknown += 1,
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    if unknown > 0 {
        tracing::warn!(unknown, "objects of unknown kinds were skipped");
    }

    let mut controllers = Controllers::default();
    controllers.adopt_leases(&store);
    controllers.adopt_pods(&store);
    controllers.adopt_nodes(&store);
    controllers.adopt_revisions(&mut store);
    controllers.recorder.adopt(&store);
    controllers.touch_all(&store);
    let world = World {
        store,
        kinds: scenario.kinds,
        dice: Dice::new(0x6b6f6e),
        controllers,
        forced_gone: Vec::new(),
    };
    Ok((world, pki))
}

/// The type an object of the scenario is stored as, and the object as stored
/// (events.k8s.io Events are kept as core Events, as the API server stores
/// them); None for a kind the scenario does not know.
fn typed(
    store: &Store,
    kinds: &super::scenarios::kinds::KindRegistry,
    obj: Value,
) -> Option<(ResourceType, Value)> {
    let i = kinds.resource_for(&obj)?;
    if i.group == "events.k8s.io" && i.plural == "events" {
        let rt = store
            .find_resource("", "events")
            .cloned()
            .unwrap_or_else(|| ResourceType::new("", "v1", "Event", "events", true));
        return Some((rt, super::events::to_core(&obj)));
    }
    let rt = store
        .find_resource(&i.group, &i.plural)
        .cloned()
        .unwrap_or_else(|| ResourceType::new(&i.group, &i.version, &i.kind, &i.plural, i.namespaced));
    Some((rt, obj))
}

/// Stores scenario objects of one type (registering it first if needed).
fn insert(store: &mut Store, rt: &ResourceType, objs: impl IntoIterator<Item = Value>) -> Result<()> {
    if store.find_resource(&rt.group, &rt.plural).is_none() {
        store.register(rt.clone());
    }
    store
        .insert_many(rt, objs)
        .map_err(|e| anyhow!("loading {}: {}", rt.plural, e.message))?;
    Ok(())
}
