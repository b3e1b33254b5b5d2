//! String interning: namespaces, node names, owner names and label keys
//! repeat across 150000 pods; each distinct string is stored once.

use std::sync::Arc;

/// A persistent set, like the store's tables: a clone of the store shares it.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    set: imbl::HashMap<Arc<str>, ()>,
}

impl Interner {
    pub fn get(&mut self, s: &str) -> Arc<str> {
        if let Some((a, ())) = self.set.get_key_value(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.set.insert(a.clone(), ());
        a
    }

    pub fn len(&self) -> usize {
        self.set.len()
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_string_same_allocation() {
        let mut i = Interner::default();
        let a = i.get("kube-system");
        let b = i.get(&String::from("kube-system"));
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(i.len(), 1);
    }
}
