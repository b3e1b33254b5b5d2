//! The flags, in groups, each flattened only into the commands where it
//! does something (so each `--help` lists what works there). The console's
//! flags are also accepted before a subcommand, as defaults for it
//! (`kon --readonly cordon X` as well as `kon cordon --readonly X`).

use std::path::PathBuf;

use clap::ValueEnum;

use super::{bench, check, node_actions};
use crate::config::color::ColorDepth;

/// Which cluster: `--context` and `--kubeconfig`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TargetArgs {
    /// The kubeconfig context to use (default: the current context).
    #[arg(long, value_name = "NAME")]
    pub context: Option<String>,
    /// A kubeconfig file to use instead of $KUBECONFIG or ~/.kube/config.
    #[arg(long, value_name = "PATH")]
    pub kubeconfig: Option<PathBuf>,
}

/// Which namespaces the namespaced panes and checks cover.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ScopeArgs {
    /// The namespace for namespaced panes (default: the context's namespace, else all).
    #[arg(long, short = 'n', value_name = "NAME")]
    pub namespace: Option<String>,
    /// Show every namespace in the namespaced panes, whatever the context says.
    #[arg(long, short = 'A', conflicts_with = "namespace")]
    pub all_namespaces: bool,
}

/// Local sources: kubeadm's certificates and etcd snapshot files.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct LocalArgs {
    /// kubeadm's PKI directory, for its certificates' expiry (default: `/etc/kubernetes/pki`
    /// when it exists, or `pki-dir` in config.toml).
    #[arg(long, value_name = "DIR")]
    pub pki_dir: Option<PathBuf>,
    /// A local directory of etcd snapshot files, for their age (or `[backups] dir` in config.toml).
    #[arg(long, value_name = "DIR")]
    pub backup_dir: Option<PathBuf>,
}

/// Where etcd is: the live etcd pane (console, `kon check`, `kon bench`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct EtcdArgs {
    /// etcd client URLs, comma-separated (default: `[etcd] endpoints` in config.toml, else
    /// kubeadm's /etc/kubernetes/manifests/etcd.yaml).
    #[arg(long, value_delimiter = ',', value_name = "URL,...")]
    pub etcd_endpoints: Vec<String>,
    /// etcd client certificate (PEM; default on kubeadm: etcd/healthcheck-client.crt under the PKI dir).
    #[arg(long, value_name = "PATH")]
    pub etcd_cert: Option<PathBuf>,
    /// The client certificate's key.
    #[arg(long, value_name = "PATH")]
    pub etcd_key: Option<PathBuf>,
    /// etcd's CA certificate (default on kubeadm: etcd/ca.crt under the PKI dir).
    #[arg(long, value_name = "PATH")]
    pub etcd_cacert: Option<PathBuf>,
}

impl EtcdArgs {
    pub fn given(self) -> crate::etcd::resolve::Given {
        crate::etcd::resolve::Given {
            endpoints: self.etcd_endpoints,
            cert: self.etcd_cert,
            key: self.etcd_key,
            cacert: self.etcd_cacert,
        }
    }
}

/// `--readonly`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ReadonlyArg {
    /// Refuse every change to the cluster or the kubeconfig (as do `readonly = true` in
    /// config.toml, a context's `readonly`, and a config.toml that fails to load).
    #[arg(long)]
    pub readonly: bool,
}

/// How the console looks.
#[derive(Debug, Clone, clap::Args)]
pub struct LookArgs {
    /// Colour theme: default, light, high-contrast, mono, or a file in ~/.config/kon/themes/.
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,
    /// Keymap: default, k9s, or a file in ~/.config/kon/keymaps/.
    #[arg(long, value_name = "NAME")]
    pub keymap: Option<String>,
    /// Colours the terminal can show (default: detected from NO_COLOR, COLORTERM, TERM).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// The console's flags (kon with no subcommand).
#[derive(Debug, Clone, clap::Args)]
pub struct ConsoleArgs {
    #[command(flatten)]
    pub etcd: EtcdArgs,
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub scope: ScopeArgs,
    #[command(flatten)]
    pub local: LocalArgs,
    #[command(flatten)]
    pub readonly: ReadonlyArg,
    #[command(flatten)]
    pub look: LookArgs,
    /// Start in the fleet view: every context's health at once, worst first.
    #[arg(long)]
    pub fleet: bool,
}

/// `kon cordon`, `kon uncordon`.
#[derive(Debug, Clone, clap::Args)]
pub struct NodesCmd {
    #[command(flatten)]
    pub args: node_actions::NodesArgs,
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub readonly: ReadonlyArg,
}

/// `kon drain`.
#[derive(Debug, Clone, clap::Args)]
pub struct DrainCmd {
    #[command(flatten)]
    pub args: node_actions::DrainArgs,
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub readonly: ReadonlyArg,
}

/// `kon check`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckCmd {
    #[command(flatten)]
    pub args: check::CheckArgs,
    #[command(flatten)]
    pub etcd: EtcdArgs,
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub scope: ScopeArgs,
    #[command(flatten)]
    pub local: LocalArgs,
    /// Accepted so scripts can pass it to every command: check changes nothing anyway.
    #[arg(long)]
    pub readonly: bool,
}

/// `kon bench`.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchCmd {
    #[command(flatten)]
    pub args: bench::BenchArgs,
    #[command(flatten)]
    pub etcd: EtcdArgs,
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub scope: ScopeArgs,
}

/// `kon ctx`, `kon ns`: kon's flags come first, then kubectx's or kubens's arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct CtxNsCmd {
    /// A kubeconfig file to use instead of $KUBECONFIG or ~/.kube/config.
    #[arg(long, value_name = "PATH")]
    pub kubeconfig: Option<PathBuf>,
    #[command(flatten)]
    pub readonly: ReadonlyArg,
    /// The picker's colour theme.
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,
    /// Colours the terminal can show.
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<std::ffi::OsString>,
}

/// `kon shell`: kubectx `-s`/`-r` for those who do not link kon as kubectx.
#[derive(Debug, Clone, clap::Args)]
pub struct ShellCmd {
    /// A read-only shell: kubectl goes through kon's loopback proxy, which refuses every
    /// write, exec, attach, port-forward and proxy (kubectx -r). Without it: kubectl sees
    /// only CONTEXT with its own credentials (kubectx -s), refused where kon is read-only.
    #[arg(long, short = 'r')]
    pub readonly: bool,
    /// With --readonly: refuse reading these too (`secrets`: no Secret is read, listed or
    /// watched, so a screen share or a pasted log cannot leak one).
    #[arg(long, value_name = "WHAT")]
    pub deny: Vec<String>,
    /// A kubeconfig file to use instead of $KUBECONFIG or ~/.kube/config.
    #[arg(long, value_name = "PATH")]
    pub kubeconfig: Option<PathBuf>,
    /// The picker's colour theme (no CONTEXT).
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,
    /// The context (none: pick it).
    pub context: Option<String>,
}

/// Everything a command reads from the flags: the console's given before
/// the subcommand, overridden by the subcommand's own.
#[derive(Debug, Clone)]
pub struct GlobalArgs {
    pub context: Option<String>,
    pub namespace: Option<String>,
    pub all_namespaces: bool,
    pub kubeconfig: Option<PathBuf>,
    pub pki_dir: Option<PathBuf>,
    pub backup_dir: Option<PathBuf>,
    pub etcd: crate::etcd::resolve::Given,
    pub readonly: bool,
    pub theme: Option<String>,
    pub keymap: Option<String>,
    pub color: ColorChoice,
    /// `--fleet`: the console starts in the fleet view.
    pub fleet: bool,
}

impl From<ConsoleArgs> for GlobalArgs {
    fn from(c: ConsoleArgs) -> Self {
        Self {
            context: c.target.context,
            namespace: c.scope.namespace,
            all_namespaces: c.scope.all_namespaces,
            kubeconfig: c.target.kubeconfig,
            pki_dir: c.local.pki_dir,
            backup_dir: c.local.backup_dir,
            etcd: c.etcd.given(),
            readonly: c.readonly.readonly,
            theme: c.look.theme,
            keymap: c.look.keymap,
            color: c.look.color,
            fleet: c.fleet,
        }
    }
}

impl GlobalArgs {
    pub fn target(mut self, t: TargetArgs) -> Self {
        self.context = t.context.or(self.context);
        self.kubeconfig = t.kubeconfig.or(self.kubeconfig);
        self
    }

    /// The subcommand's `-n` or `-A` replaces both given before it.
    pub fn scope(mut self, s: ScopeArgs) -> Self {
        if s.namespace.is_some() || s.all_namespaces {
            self.namespace = s.namespace;
            self.all_namespaces = s.all_namespaces;
        }
        self
    }

    pub fn local(mut self, l: LocalArgs) -> Self {
        self.pki_dir = l.pki_dir.or(self.pki_dir);
        self.backup_dir = l.backup_dir.or(self.backup_dir);
        self
    }

    /// The subcommand's etcd flags replace those given before it, each.
    pub fn etcd(mut self, e: EtcdArgs) -> Self {
        let e = e.given();
        if !e.endpoints.is_empty() {
            self.etcd.endpoints = e.endpoints;
        }
        self.etcd.cert = e.cert.or(self.etcd.cert);
        self.etcd.key = e.key.or(self.etcd.key);
        self.etcd.cacert = e.cacert.or(self.etcd.cacert);
        self
    }

    pub fn readonly(mut self, r: ReadonlyArg) -> Self {
        self.readonly |= r.readonly;
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    /// No colour: state by symbols and text.
    Never,
    /// The 16 ANSI colours.
    #[value(name = "16")]
    Ansi16,
    #[value(name = "256")]
    Ansi256,
    Truecolor,
}

impl ColorChoice {
    pub fn depth(self) -> ColorDepth {
        match self {
            ColorChoice::Auto => ColorDepth::detect(|k| std::env::var(k).ok()),
            ColorChoice::Never => ColorDepth::Mono,
            ColorChoice::Ansi16 => ColorDepth::Ansi16,
            ColorChoice::Ansi256 => ColorDepth::Ansi256,
            ColorChoice::Truecolor => ColorDepth::TrueColor,
        }
    }
}
