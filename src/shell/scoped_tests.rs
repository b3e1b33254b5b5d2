use super::*;

const KC: &str = r#"
apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: prod-cluster
  cluster: { server: "https://10.1.2.3:6443", certificate-authority: /pki/ca.crt }
- name: dev-cluster
  cluster: { server: "https://10.9.9.9:6443", certificate-authority-data: REVWQ0E= }
contexts:
- name: prod
  context: { cluster: prod-cluster, user: admin, namespace: payments }
- name: dev
  context: { cluster: dev-cluster, user: dev-user }
users:
- name: admin
  user: { client-certificate: /pki/admin.crt, client-key: /pki/admin.key }
- name: dev-user
  user:
    exec: { apiVersion: client.authentication.k8s.io/v1, command: aws, args: [eks, get-token], interactiveMode: Never }
"#;

fn files(path: &str) -> io::Result<Vec<u8>> {
    match path {
        "/pki/ca.crt" => Ok(b"CA".to_vec()),
        "/pki/admin.crt" => Ok(b"CERT".to_vec()),
        "/pki/admin.key" => Ok(b"KEY".to_vec()),
        _ => Err(io::Error::new(
            io::ErrorKind::NotFound,
            "No such file or directory",
        )),
    }
}

fn kc() -> Kubeconfig {
    Kubeconfig::from_yaml(KC).unwrap()
}

#[test]
fn minified_holds_only_the_context_its_cluster_and_user_with_files_inlined() {
    let min = minified(&kc(), "prod", files).unwrap();
    let back = Kubeconfig::from_yaml(&render(&min).unwrap()).unwrap();
    assert_eq!(back.current_context.as_deref(), Some("prod"));
    let names = |v: Vec<String>| v.join(",");
    assert_eq!(
        names(back.contexts.iter().map(|c| c.name.clone()).collect()),
        "prod"
    );
    assert_eq!(
        names(back.clusters.iter().map(|c| c.name.clone()).collect()),
        "prod-cluster"
    );
    assert_eq!(
        names(back.auth_infos.iter().map(|c| c.name.clone()).collect()),
        "admin"
    );
    let cluster = back.clusters[0].cluster.clone().unwrap();
    assert_eq!(cluster.server.as_deref(), Some("https://10.1.2.3:6443"));
    assert_eq!(cluster.certificate_authority_data.as_deref(), Some("Q0E="));
    assert_eq!(cluster.certificate_authority, None);
    let user = back.auth_infos[0].auth_info.clone().unwrap();
    assert_eq!(user.client_certificate_data.as_deref(), Some("Q0VSVA=="));
    assert_eq!(user.client_certificate, None);
    assert!(user.client_key_data.is_some() && user.client_key.is_none());
    assert_eq!(
        back.contexts[0].context.as_ref().unwrap().namespace.as_deref(),
        Some("payments")
    );
}

#[test]
fn an_exec_plugin_is_kept_as_it_is() {
    let text = render(&minified(&kc(), "dev", files).unwrap()).unwrap();
    let back = Kubeconfig::from_yaml(&text).unwrap();
    let exec = back.auth_infos[0].auth_info.clone().unwrap().exec.unwrap();
    assert_eq!(exec.command.as_deref(), Some("aws"));
    assert_eq!(exec.args, Some(vec!["eks".to_string(), "get-token".to_string()]));
    assert!(!text.contains("prod"), "{text}");
}

#[test]
fn an_unknown_context_and_an_unreadable_file_are_said() {
    let e = minified(&kc(), "nope", files).unwrap_err();
    assert_eq!(e, "no context exists with the name: \"nope\"");
    let e = minified(&kc(), "prod", |_| Err(io::Error::other("denied"))).unwrap_err();
    assert_eq!(e, "reading the certificate authority /pki/ca.crt: denied");
}

#[test]
fn the_proxy_kubeconfig_carries_no_credentials_and_no_real_server() {
    let min = minified(&kc(), "prod", files).unwrap();
    let addr: SocketAddr = "127.0.0.1:41234".parse().unwrap();
    let text = render(&for_proxy(&min, "prod", addr, "s3ss10n")).unwrap();
    for leak in [
        "10.1.2.3",
        "Q0E=",
        "Q0VSVA==",
        "S0VZ",
        "client-",
        "certificate",
        "token",
    ] {
        assert!(!text.contains(leak), "{leak} in:\n{text}");
    }
    assert_eq!(
        text.matches("s3ss10n").count(),
        1,
        "the session token, in the URL only:\n{text}"
    );
    let back = Kubeconfig::from_yaml(&text).unwrap();
    assert_eq!(back.current_context.as_deref(), Some("prod[RO]"));
    assert_eq!(back.contexts.len(), 1);
    let ctx = back.contexts[0].context.clone().unwrap();
    assert_eq!(ctx.namespace.as_deref(), Some("payments"));
    let cluster = back.clusters.iter().find(|c| c.name == ctx.cluster).unwrap();
    assert_eq!(
        cluster.cluster.as_ref().unwrap().server.as_deref(),
        Some("http://127.0.0.1:41234/s3ss10n")
    );
}
