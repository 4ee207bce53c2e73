//! The Kubernetes example kept honest without a cluster: its manifests parse, agree with each
//! other (shares, volume, image) and with the image's Dockerfile, and the shell each Job's pod
//! runs is run here, the shared volume a temporary folder: the indexed Job's pods, index 0 to
//! completions - 1, read every input exactly once, and the merge gives every reading back.

use std::path::Path;
use std::process::Command;

use serde::Deserialize as _;
use serde_yaml::Value;

use super::{files_under, readings, repo, shares, text};

/// The YAML documents of a manifest of `examples/kubernetes/`.
fn manifest(name: &str) -> Vec<Value> {
    let path = repo("examples/kubernetes").join(name);
    let yaml = std::fs::read_to_string(&path).unwrap();
    serde_yaml::Deserializer::from_str(&yaml)
        .map(|doc| Value::deserialize(doc).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect()
}

fn str_of<'a>(v: &'a Value, what: &str) -> &'a str {
    v.as_str()
        .unwrap_or_else(|| panic!("{what}: not a string: {v:?}"))
}

/// The one container of a Job's or a Pod's spec.
fn container(pod_spec: &Value) -> &Value {
    let containers = pod_spec["containers"].as_sequence().unwrap();
    assert_eq!(containers.len(), 1);
    &containers[0]
}

/// Runs a container's command here: `/data` (its volume's mount path) is `data`, `tally` is
/// the one just built, and `env` is added to the container's own.
fn run_here(container: &Value, data: &Path, env: &[(&str, String)]) -> std::process::Output {
    let mount = str_of(&container["volumeMounts"][0]["mountPath"], "mountPath");
    let words: Vec<String> = [&container["command"], &container["args"]]
        .into_iter()
        .flat_map(|v| v.as_sequence().unwrap())
        .map(|w| str_of(w, "command").replace(mount, &data.display().to_string()))
        .collect();
    let tally = assert_cmd::cargo::cargo_bin("tally");
    let path = std::env::join_paths(
        std::iter::once(tally.parent().unwrap().to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let mut cmd = Command::new(&words[0]);
    cmd.args(&words[1..]).env("PATH", path);
    for var in container["env"].as_sequence().into_iter().flatten() {
        cmd.env(
            str_of(&var["name"], "env name"),
            str_of(&var["value"], "env value"),
        );
    }
    cmd.envs(env.iter().map(|(k, v)| (k, v))).output().unwrap()
}

#[test]
fn jobs_agree_with_each_other_and_run_as_written() {
    let [claim, files_pod] = &manifest("data.yaml")[..] else {
        panic!("data.yaml: a PersistentVolumeClaim and a Pod")
    };
    let [shard_job] = &manifest("read-shards.yaml")[..] else {
        panic!("read-shards.yaml: one Job")
    };
    let [merge_job] = &manifest("merge.yaml")[..] else {
        panic!("merge.yaml: one Job")
    };
    assert_eq!(claim["kind"], "PersistentVolumeClaim");
    assert!(
        claim["spec"]["accessModes"]
            .as_sequence()
            .unwrap()
            .contains(&"ReadWriteMany".into()),
        "pods on several nodes write to the cache at once"
    );
    assert_eq!(shard_job["spec"]["completionMode"], "Indexed");
    let shard_pod = &shard_job["spec"]["template"]["spec"];
    let merge_pod = &merge_job["spec"]["template"]["spec"];
    let name = &claim["metadata"]["name"];
    let image = &container(&files_pod["spec"])["image"];
    for pod in [&files_pod["spec"], shard_pod, merge_pod] {
        assert_eq!(
            &pod["volumes"][0]["persistentVolumeClaim"]["claimName"],
            name
        );
        assert_eq!(&container(pod)["image"], image, "one image for every pod");
        assert_eq!(pod["securityContext"]["fsGroup"], 10001, "the image's user");
    }
    for job in [shard_job, merge_job] {
        assert_eq!(job["kind"], "Job");
        assert_eq!(job["spec"]["template"]["spec"]["restartPolicy"], "Never");
    }
    // The pods' share count is the Job's completion count, or shares go unread.
    let completions = shard_job["spec"]["completions"].as_u64().unwrap();
    let parallelism = shard_job["spec"]["parallelism"].as_u64().unwrap();
    assert!((1..=completions).contains(&parallelism));
    let shards_env = container(shard_pod)["env"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "SHARDS")
        .map(|v| str_of(&v["value"], "SHARDS").to_string());
    assert_eq!(shards_env, Some(completions.to_string()));

    // The image the README builds is the one the pods run, from the packages tally builds with.
    let readme = std::fs::read_to_string(repo("examples/kubernetes/README.md")).unwrap();
    let image = str_of(image, "image");
    assert!(
        readme.contains(&format!("-t {image} ")),
        "README builds {image}"
    );
    dockerfile_has_the_build_packages();

    // The volume, here: inputs and keyring as data.yaml lays them out.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    crate::common::simulated_election(d, 10, 3, 4);
    let data = d.join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::rename(d.join("sim/tapes"), data.join("photos")).unwrap();
    for f in [
        "keyring.csv",
        "keyring.csv.minisig",
        "commission-root.pub",
        "published.csv",
    ] {
        std::fs::copy(d.join("sim").join(f), data.join(f)).unwrap();
    }
    for index in 0..completions {
        let out = run_here(
            container(shard_pod),
            &data,
            &[("JOB_COMPLETION_INDEX", index.to_string())],
        );
        assert!(out.status.success(), "pod {index}: {}", text(&out.stderr));
    }
    let read = shares(&data.join("out"), completions as usize, false);
    let inputs: Vec<String> = files_under(&data, "photos")
        .iter()
        .map(|p| data.join(p).display().to_string())
        .collect();
    assert_eq!(read.keys().cloned().collect::<Vec<_>>(), inputs);

    let out = run_here(container(merge_pod), &data, &[]);
    assert!(out.status.success(), "merge: {}", text(&out.stderr));
    assert_eq!(readings(&data.join("out/verify.json")), read);
    for (status, report) in [
        ("verify.status", "verify.json"),
        ("report.status", "report.html"),
    ] {
        let code = std::fs::read_to_string(data.join("out").join(status)).unwrap();
        assert_eq!(
            code.trim(),
            "1",
            "{status}: the simulated election has findings"
        );
        assert!(data.join("out").join(report).exists());
    }
}

/// The Dockerfile installs the Debian packages `scripts/install-deps.sh` builds tally with,
/// except the tools for people and tests (the tesseract command, heif-enc).
fn dockerfile_has_the_build_packages() {
    let deps = std::fs::read_to_string(repo("scripts/install-deps.sh")).unwrap();
    let list = deps
        .split_once("packages=(")
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(list, _)| list)
        .expect("install-deps.sh: packages=(...)");
    let dockerfile = std::fs::read_to_string(repo("examples/kubernetes/Dockerfile")).unwrap();
    let installed: Vec<&str> = dockerfile.split_whitespace().collect();
    for package in list.split_whitespace() {
        if ["tesseract-ocr", "libheif-examples"].contains(&package) {
            continue;
        }
        assert!(
            installed.contains(&package),
            "examples/kubernetes/Dockerfile does not install {package} (scripts/install-deps.sh does)"
        );
    }
}
