//! The running simulated cluster's shared state: the object store (behind
//! one mutex, held briefly), the PKI, the scenario's settings, and the
//! notifications that wake watches.

use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use hyper::header::HeaderValue;
use tokio::sync::watch;

use super::controllers::Controllers;
use super::faults::Dice;
use super::objects::store::Store;
use super::scenarios::kinds::KindRegistry;
use super::scenarios::sim_cluster::SimCluster;
use super::tls::Pki;

/// What the mutex guards: everything that changes while serving.
pub struct World {
    pub store: Store,
    pub kinds: KindRegistry,
    pub dice: Dice,
    pub controllers: Controllers,
    /// Resources that already answered their one forced 410 (faults.forceGone).
    pub forced_gone: Vec<String>,
}

pub struct Sim {
    pub pki: Pki,
    pub cluster: SimCluster,
    pub token: String,
    /// `host:port` clients use, for `/api`'s serverAddressByClientCIDRs.
    pub server_address: String,
    pub started: Instant,
    world: Mutex<World>,
    /// The latest resourceVersion, sent after every change.
    changes: watch::Sender<u64>,
    /// Set by tests (and the `paused` fault) to hold every request.
    paused: watch::Sender<bool>,
    /// Set by tests: the server is "gone": open connections are closed and
    /// new ones are dropped at once, until it comes back.
    down: watch::Sender<bool>,
    /// Every request received, counted (for tests).
    pub requests: super::requests::Requests,
    /// The simulated etcd (kon --demo's etcd pane): defrag and disarm change it.
    pub etcd: Mutex<super::etcd::SimEtcd>,
}

impl Sim {
    pub fn new(pki: Pki, cluster: SimCluster, token: String, server_address: String, world: World) -> Self {
        let rv = world.store.latest_rv();
        let paused = cluster.faults.paused;
        Self {
            pki,
            cluster,
            token,
            server_address,
            started: Instant::now(),
            world: Mutex::new(world),
            changes: watch::channel(rv).0,
            paused: watch::channel(paused).0,
            down: watch::channel(false).0,
            requests: Default::default(),
            etcd: Mutex::new(super::etcd::demo()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, World> {
        // A panic while holding the lock is a bug; keep serving what is there.
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Reads the world.
    pub fn read<R>(&self, f: impl FnOnce(&World) -> R) -> R {
        f(&self.lock())
    }

    /// Changes the world: sets the store's clock, runs `f`, lets the
    /// controllers react, and wakes the watches.
    pub fn mutate<R>(&self, f: impl FnOnce(&mut World) -> R) -> R {
        let mut w = self.lock();
        let before = w.store.latest_rv();
        w.store.set_now(crate::clock::unix_now());
        let r = f(&mut w);
        let World {
            store, controllers, ..
        } = &mut *w;
        controllers.reconcile(store);
        let after = w.store.latest_rv();
        drop(w);
        if after != before {
            self.changes.send_replace(after);
        }
        r
    }

    /// A roll of the fault-injection dice.
    pub fn mutate_dice(&self) -> f64 {
        self.lock().dice.roll()
    }

    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }

    pub fn token_ok(&self, header: Option<&HeaderValue>) -> bool {
        header
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer "))
            .is_some_and(|t| !self.token.is_empty() && t.trim() == self.token)
    }

    /// Holds (or releases) every request.
    pub fn set_paused(&self, paused: bool) {
        self.paused.send_replace(paused);
    }

    /// Takes the API server away (true) or brings it back (false).
    pub fn set_down(&self, down: bool) {
        self.down.send_replace(down);
    }

    pub fn is_down(&self) -> bool {
        *self.down.borrow()
    }

    pub fn down_changes(&self) -> watch::Receiver<bool> {
        self.down.subscribe()
    }

    fn paused_now(&self) -> bool {
        *self.paused.borrow() || self.cluster.faults.paused_at(self.started.elapsed().as_secs())
    }

    /// Waits while the server is paused.
    pub async fn wait_if_paused(&self) {
        let mut rx = self.paused.subscribe();
        while self.paused_now() {
            // Re-check at least every 200 ms (timed pauses end by themselves).
            let _ = tokio::time::timeout(std::time::Duration::from_millis(200), rx.changed()).await;
        }
    }
}
