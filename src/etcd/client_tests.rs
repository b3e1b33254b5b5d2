use super::*;
use crate::etcd::wire::Member;

#[test]
fn missing_files_are_named_with_the_reason() {
    let files = TlsFiles {
        cacert: Some("/nonexistent/etcd/ca.crt".into()),
        ..TlsFiles::default()
    };
    let e = tls_config(&files).err().unwrap();
    assert_eq!(e, "CA file /nonexistent/etcd/ca.crt: No such file or directory");
    assert!(
        tls_config(&TlsFiles::default())
            .err()
            .unwrap()
            .contains("--etcd-cacert")
    );
}

#[test]
fn learned_members_are_polled_once_each() {
    let members = vec![
        Member {
            id: 1,
            name: "a".into(),
            client_urls: vec!["https://a:2379".into()],
            is_learner: false,
        },
        Member {
            id: 2,
            name: "b".into(),
            client_urls: vec!["https://b:2379".into(), "https://b2:2379".into()],
            is_learner: false,
        },
    ];
    let obs = Observation {
        answers: vec![EndpointAnswer {
            endpoint: "https://a:2379/".into(),
            status: Err("x".into()),
            health: Err("x".into()),
            members: Ok(members),
            alarms: Ok(vec![]),
        }],
        problem: None,
    };
    assert_eq!(
        endpoints_after(&["https://a:2379/".into()], &obs),
        vec!["https://a:2379/", "https://b:2379"]
    );
}

#[tokio::test]
async fn a_closed_port_is_an_error_naming_the_endpoint() {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    let tls = Tls::load(&TlsFiles::default());
    let a = ask(&format!("http://127.0.0.1:{port}"), &tls, REQUEST_TIMEOUT).await;
    let e = a.status.unwrap_err();
    assert!(
        e.starts_with(&format!("http://127.0.0.1:{port}: cannot connect")),
        "{e}"
    );
    assert!(a.health.is_err());
}
