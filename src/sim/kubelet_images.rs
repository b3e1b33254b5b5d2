//! The sim's kubelet pulling an image that is not there (`imagepull`):
//! `ErrImagePull`, then `ImagePullBackOff` for the back-off, and the events
//! the kubelet writes for each attempt.

use serde_json::{Value, json};

use super::{ERR_IMAGE_PULL_SECONDS, MAX_BACKOFF, Step, backoff, first_container, s, t, with_container};
use crate::sim::events::{EventType, Report};

fn pull_failure(image: &str) -> String {
    format!(
        "failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": {image}: not found"
    )
}

/// A pull attempt (the `attempt`-th back-off follows it).
pub(super) fn pull_attempt(pod: &Value, attempt: i64, now: i64) -> Step {
    let (name, image) = first_container(pod);
    let cs = json!({
        "name": name, "image": image, "imageID": "", "ready": false, "started": false,
        "restartCount": 0, "lastState": {},
        "state": {"waiting": {"reason": "ErrImagePull", "message": format!("rpc error: code = NotFound desc = {}", pull_failure(&image))}},
    });
    Step {
        status: Some(with_container(pod, cs, false, "Pending", now)),
        events: vec![
            Report::new(EventType::Normal, "Pulling", format!("Pulling image \"{image}\""))
                .on_container(&name),
            Report::new(
                EventType::Warning,
                "Failed",
                format!(
                    "Failed to pull image \"{image}\": rpc error: code = NotFound desc = {}",
                    pull_failure(&image)
                ),
            )
            .on_container(&name),
            Report::new(EventType::Warning, "Failed", "Error: ErrImagePull").on_container(&name),
        ],
        next: now + ERR_IMAGE_PULL_SECONDS.min(backoff(attempt)),
    }
}

pub(super) fn image_pull(pod: &Value, now: i64) -> Step {
    let (name, image) = first_container(pod);
    let c = "/status/containerStatuses/0";
    let reason = s(pod, &format!("{c}/state/waiting/reason"));
    // The attempt count is not in the status: the back-off is read from
    // how long the pod has been failing (it reaches 5 min after 5 attempts).
    let since = t(pod, "/status/startTime").unwrap_or(now);
    let delay = if now - since > 600 {
        MAX_BACKOFF
    } else {
        backoff((now - since) / 60)
    };
    if reason == "ErrImagePull" {
        let mut cs = pod.pointer(c).cloned().unwrap_or_else(|| json!({}));
        cs["state"] = json!({"waiting": {"reason": "ImagePullBackOff", "message": format!("Back-off pulling image \"{image}\": ErrImagePull: {}", pull_failure(&image))}});
        return Step {
            status: Some(with_container(pod, cs, false, "Pending", now)),
            events: vec![
                Report::new(
                    EventType::Normal,
                    "BackOff",
                    format!("Back-off pulling image \"{image}\""),
                )
                .on_container(&name),
                Report::new(EventType::Warning, "Failed", "Error: ImagePullBackOff").on_container(&name),
            ],
            next: now + delay,
        };
    }
    pull_attempt(pod, (now - since) / 60, now)
}
