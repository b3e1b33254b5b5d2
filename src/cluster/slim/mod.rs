//! Slim resource types for watching: they deserialize only the fields kon's
//! panes and rules use (serde skips the rest, `managedFields` and most
//! annotations included), so a watch over 150000 pods stays small. Each
//! implements `kube::Resource`, so `kube::runtime::watcher` works on it.

// One file per API group (core `v1` by kind: node, pod, namespace), except
// `certs`: the objects that carry certificates (core TLS Secrets,
// cert-manager Certificates, certificates.k8s.io CSRs).
pub mod apps;
pub mod autoscaling;
pub mod batch;
pub mod certs;
pub mod config_map;
pub mod coordination;
pub mod discovery;
pub mod events;
pub mod k3s;
pub mod meta;
pub mod namespace;
pub mod networking;
pub mod node;
pub mod pod;
pub mod policy;
pub mod rbac;
pub mod velero;

/// Implements `kube::Resource` for a slim type with a `metadata: ObjectMeta` field.
macro_rules! slim_resource {
    ($ty:ty, $group:literal, $version:literal, $kind:literal, $plural:literal, $scope:ty) => {
        impl kube::Resource for $ty {
            type DynamicType = ();
            type Scope = $scope;

            fn kind(_: &()) -> std::borrow::Cow<'_, str> {
                $kind.into()
            }
            fn group(_: &()) -> std::borrow::Cow<'_, str> {
                $group.into()
            }
            fn version(_: &()) -> std::borrow::Cow<'_, str> {
                $version.into()
            }
            fn plural(_: &()) -> std::borrow::Cow<'_, str> {
                $plural.into()
            }
            fn meta(&self) -> &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                &mut self.metadata
            }
        }
    };
}
pub(crate) use slim_resource;
