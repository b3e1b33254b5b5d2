//! `kon completions SHELL`: completion scripts for bash, zsh and fish.
//!
//! Subcommands, flags and flag values come from the clap definition at run time, so the scripts
//! follow the CLI. Context and namespace names come from the completed command itself in list
//! mode (`kon ctx`, `kon ns`, `kubectx`, `kubens`), its errors thrown away. bash and zsh share one
//! engine (zsh runs it in ksh emulation); fish gets `complete` lines.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use clap::builder::{StyledStr, ValueHint};
use clap::{Arg, Command, CommandFactory};

use super::Cli;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to write the script for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: CompletionsArgs) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    out.write_all(script(args.shell).as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> String {
    let (engine, fish) = generate();
    match shell {
        Shell::Bash => format!("{engine}{BASH_TAIL}"),
        Shell::Zsh => {
            format!("#compdef kon kubectl-kon kubectx kubectl-ctx kubens kubectl-ns\n{engine}{ZSH_TAIL}")
        }
        Shell::Fish => fish,
    }
}

const C: &str = "complete -c kon -c kubectl-kon";

/// The bash/zsh engine and the fish script, filled in from kon's clap definition. kon is keyed
/// `/`, a subcommand `NAME/`, a flag `NAME/--flag` (a global one `*/--flag`); ctx and ns are
/// completed as kubectx and kubens.
fn generate() -> (String, String) {
    let mut cmd = Cli::command();
    cmd.build();
    let keep =
        |s: &&Command| plain(s.get_name()) && !s.is_hide_set() && !["ctx", "ns"].contains(&s.get_name());
    let mut subs: Vec<&Command> = cmd.get_subcommands().filter(keep).collect();
    subs.insert(0, &cmd);
    let (mut values, mut arms, mut skip, mut lines) = <[Vec<String>; 4]>::default().into();
    for (i, sub) in subs.iter().enumerate() {
        let key = format!("{}/", if i == 0 { "" } else { sub.get_name() });
        let mut all = Vec::new();
        for a in sub.get_arguments() {
            let (opts, is_global) = (opts(a), a.is_global_set());
            all.extend(opts.iter().cloned());
            if opts.is_empty() || (is_global && i > 0) {
                continue;
            }
            let key = if is_global { "*/" } else { key.as_str() };
            let (kind, fish) = value(a).unzip();
            if let Some(kind) = kind {
                let pats: Vec<String> = opts.iter().map(|o| format!("{key}{o}")).collect();
                values.push(format!("        {}) kind={kind} ;;", pats.join(" | ")));
                skip.extend(opts.iter().filter(|_| i == 0).map(|o| format!(" {o}")));
            }
            let fopts = opts.iter().map(|o| match o.strip_prefix("--") {
                Some(long) => format!(" -l {long}"),
                None => format!(" -s {}", &o[1..]),
            });
            let (fopts, fish) = (fopts.collect::<String>(), fish.unwrap_or_default());
            let about = fq(&about(a.get_help()));
            lines.push(format!("{C} -n '__kon_in \"{key}\"'{fopts}{fish} -d {about}"));
        }
        let words = positional(sub);
        for (w, d) in words.iter().flatten() {
            lines.push(format!("{C} -n '__kon_in \"{key}\"' -a {w} -d {}", fq(d)));
        }
        let words = words.map_or(all.clone(), |w| w.into_iter().map(|w| w.0).collect());
        let (all, words) = (all.join(" "), words.join(" "));
        arms.push(format!("        {key}) set -- '{all}' '{words}' ;;"));
    }
    (fill(ENGINE, &values, &arms), fill(FISH, &[skip.join("")], &lines))
}

/// A template with `@1@` and `@2@` replaced by lines.
fn fill(template: &str, one: &[String], two: &[String]) -> String {
    let (one, two) = (one.join("\n"), two.join("\n"));
    template.replace("@1@", &one).replace("@2@", &two)
}

/// Only words that need no quoting in any of the shells make it into the scripts.
fn plain(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || "-_.+".contains(c))
}

/// A fish single-quoted string.
fn fq(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The first sentence of a help text, without its parentheses.
fn about(text: Option<&StyledStr>) -> String {
    let text = text.map(ToString::to_string).unwrap_or_default();
    let (mut out, mut depth) = (String::new(), 0usize);
    for c in text.lines().next().unwrap_or_default().chars() {
        match c {
            '(' => (depth, out) = (depth + 1, out.trim_end().to_string()),
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let out = out.split(". ").next().unwrap_or_default().trim();
    out.trim_end_matches('.').to_string()
}

/// A flag's `--long` and `-s` spellings (none for positional and hidden arguments).
fn opts(a: &Arg) -> Vec<String> {
    let longs = a
        .get_long()
        .into_iter()
        .chain(a.get_visible_aliases().unwrap_or_default());
    let shorts = a
        .get_short()
        .into_iter()
        .chain(a.get_visible_short_aliases().unwrap_or_default());
    let opts = longs
        .map(|l| format!("--{l}"))
        .chain(shorts.map(|s| format!("-{s}")));
    opts.filter(|o| plain(o) && !a.is_hide_set()).collect()
}

/// The possible values of an argument, with their descriptions.
fn words(a: &Arg) -> Vec<(String, String)> {
    let words = a
        .get_possible_values()
        .into_iter()
        .filter(|p| !p.is_hide_set() && plain(p.get_name()));
    words
        .map(|p| (p.get_name().to_string(), about(p.get_help())))
        .collect()
}

/// What a flag's value is, for the engine (`ctx`, `ns`, `file`, `dir`, `any`, `'words A B'`) and
/// as fish `complete` options; `None` when it takes none.
fn value(a: &Arg) -> Option<(String, String)> {
    let named = |n: &str| {
        a.get_value_names()
            .is_some_and(|v| v.iter().any(|v| v.as_str() == n))
    };
    let words: Vec<String> = words(a).into_iter().map(|w| w.0).collect();
    let (w, hint) = (words.join(" "), a.get_value_hint());
    let file = matches!(
        hint,
        ValueHint::FilePath | ValueHint::AnyPath | ValueHint::ExecutablePath
    );
    let dirs = " -x -a '(__fish_complete_directories (commandline -ct))'";
    let (kind, fish) = match a.get_long() {
        _ if !a.get_action().takes_values() => return None,
        Some("context") => ("ctx".into(), " -x -a '(__kon_list ctx)'".into()),
        Some("namespace") => ("ns".into(), " -x -a '(__kon_list ns)'".into()),
        _ if !words.is_empty() => (format!("'words {w}'"), format!(" -x -a '{w}'")),
        _ if hint == ValueHint::DirPath || named("DIR") => ("dir".into(), dirs.into()),
        _ if file || named("PATH") || named("FILE") => ("file".into(), " -r -F".into()),
        _ => ("any".into(), " -x".into()),
    };
    Some((kind, fish))
}

/// The values of the first positional argument (empty: anything), or the subcommands (`kon`,
/// `kon help`); `None` when there is no positional argument.
fn positional(cmd: &Command) -> Option<Vec<(String, String)>> {
    let subs = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && plain(s.get_name()));
    let subs: Vec<_> = subs
        .map(|s| (s.get_name().to_string(), about(s.get_about())))
        .collect();
    match cmd.get_positionals().find(|a| !a.is_hide_set()) {
        _ if !subs.is_empty() => Some(subs),
        a => a.map(words),
    }
}

/// Shared by bash and zsh: completes `kw[n-1]` (`kw`: the words so far, 0-based; `n`: their
/// count) into `_kon_r`, or sets `_kon_k` to `file`/`dir`; `lead` is a `--flag=` before `cur`.
const ENGINE: &str = r#"# Completion for kon, kubectx and kubens (also as kubectl-kon, kubectl-ctx, kubectl-ns), generated
# by `kon completions bash|zsh`. bash: load it from ~/.bashrc with `source <(kon completions bash)`.
# zsh: save it as `_kon` in a directory of $fpath, or `source <(kon completions zsh)` after compinit.

# Names come from the completed command in list mode (`kon ctx`, `kubens`...); none on errors.
_kon_names() {
    local a w c=()
    for a; do [[ $a == "~/"* ]] && a=$HOME/${a#"~/"}; c+=("$a"); done
    while IFS= read -r w; do
        [[ -n $w ]] && _kon_add "$w"
    done < <(KUBECTX_IGNORE_FZF=1 NO_COLOR=1 _KUBECTX_FORCE_COLOR= "${c[@]}" </dev/null 2>/dev/null)
}
_kon_add() {
    local w
    for w; do [[ -n $ZSH_VERSION || $w == "$cur"* ]] && _kon_r+=("$w"); done
    return 0
}
# _kon_value SUB FLAG: sets kind to what FLAG's value is; fails when it takes none.
_kon_value() {
    case $1/$2 in
@1@
        *) return 1 ;;
    esac
}
# _kon_sub SUB: SUB's flags, or what comes next: its argument's values or else its flags.
_kon_sub() {
    case $1/ in
@2@
        *) return ;;
    esac
    if [[ $cur == -* ]]; then _kon_add $1; else _kon_add $2; fi
}
# _kon_kx ctx|ns FIRST CMD ARG...: kubectx's or kubens's arguments start at kw[FIRST].
_kon_kx() {
    local t=$1 k=$(( n - 1 - $2 )) a=${kw[$2]}
    shift 2
    if (( k == 0 )) && [[ $cur == -* ]]; then
        _kon_add - -c --current -u --unset -h --help -V --version
        if [[ $t == ctx ]]; then _kon_add -d -s --shell -r --readonly; else _kon_add -f --force; fi
    elif (( k == 0 )) || [[ $t$k == ns1 && ( $a == -f || $a == --force ) ]]; then
        _kon_names "$@"; _kon_add -
    elif [[ $t == ctx && ( $a == -d || $a == -s || $a == --shell || $a == -r || $a == --readonly ) ]]; then
        _kon_names "$@"
    elif [[ $t$k == ns1 && $a != -* ]]; then
        _kon_add -f --force
    fi
}
_kon_complete() {
    [[ -n $ZSH_VERSION ]] && emulate -L ksh
    local cmd=${kw[0]} i sub= w= kind kc=()
    cur=${kw[n-1]} lead=
    case ${cmd##*/} in
        kubectx | kubectl-ctx) _kon_kx ctx 1 "$cmd"; return ;;
        kubens | kubectl-ns) _kon_kx ns 1 "$cmd"; return ;;
    esac
    for (( i = 1; i < n - 1; i++ )); do
        case ${kw[i]} in --kubeconfig) kc=(--kubeconfig "${kw[i+1]}") ;; --kubeconfig=*) kc=("${kw[i]}") ;; esac
    done
    for (( i = 1; i < n - 1; i++ )); do
        [[ ${kw[i]} == -* ]] || { sub=${kw[i]}; break; }
        [[ ${kw[i]} != *=* ]] && _kon_value "" "${kw[i]}" && (( i++ ))
    done
    if [[ $sub == ctx || $sub == ns ]]; then
        _kon_kx "$sub" $(( i + 1 )) "$cmd" "${kc[@]}" "$sub"
        return
    fi
    if [[ $cur == --*=* ]]; then
        w=${cur%%=*} lead=${cur%%=*}= cur=${cur#*=}
    elif (( n > 2 )) && [[ ${kw[n-2]} == -?* && ${kw[n-2]} != *=* ]]; then
        w=${kw[n-2]}
    fi
    if [[ -n $w ]] && _kon_value "$sub" "$w"; then
        case $kind in
            ctx | ns) _kon_names "$cmd" "${kc[@]}" "$kind" ;;
            file | dir) _kon_k=$kind ;;
            words\ *) _kon_add ${kind#words } ;;
        esac
    elif [[ -z $lead ]]; then
        _kon_sub "$sub"
    fi
}
"#;

const BASH_TAIL: &str = r#"
_kon() {
    local kw=() n=0 cur lead _kon_k= _kon_r=() i w glue=0 cut=
    # Join what COMP_WORDBREAKS split: `--context=NAME`, `arn:aws:eks:...`.
    for (( i = 0; i <= COMP_CWORD; i++ )); do
        w=${COMP_WORDS[i]}
        if (( n > 0 )) && [[ -n $w && -z ${w//[:=]/} ]]; then kw[n-1]+=$w glue=1
        elif (( glue )); then kw[n-1]+=$w glue=0
        else kw[n++]=$w; fi
    done
    local full=${kw[n-1]}
    _kon_complete
    if [[ -n $_kon_k ]]; then
        compopt -o filenames 2>/dev/null
        while IFS= read -r w; do _kon_r+=("$w"); done < <(compgen "-${_kon_k:0:1}" -- "$cur")
    fi
    # Readline replaces only what follows the word's last `:` or `=` (when in COMP_WORDBREAKS).
    for (( i = ${#full} - 1; i >= 0; i-- )); do
        w=${full:i:1}
        [[ $w == [:=] && $COMP_WORDBREAKS == *"$w"* ]] && cut=${full:0:i+1} && break
    done
    COMPREPLY=()
    for w in "${_kon_r[@]}"; do w=$lead$w; COMPREPLY+=("${w#"$cut"}"); done
}

complete -F _kon kon kubectl-kon kubectx kubectl-ctx kubens kubectl-ns
"#;

const ZSH_TAIL: &str = r#"
_kon() {
    local -a kw _kon_r
    local n=$CURRENT cur lead _kon_k
    kw=("${(@)words[1,CURRENT]}")
    _kon_complete
    [[ -n $lead ]] && compset -P '*='
    [[ $_kon_k == file ]] && _files
    [[ $_kon_k == dir ]] && _files -/
    (( ${#_kon_r} )) && compadd -- "${_kon_r[@]}"
}

if [[ $funcstack[1] == _kon ]]; then
    _kon "$@"
elif (( $+functions[compdef] )); then
    compdef _kon kon kubectl-kon kubectx kubectl-ctx kubens kubectl-ns
else
    print -u2 'kon completions: run compinit first (autoload -Uz compinit && compinit)'
fi
"#;

const FISH: &str = r#"# fish completion for kon, kubectx and kubens (also as kubectl-kon, kubectl-ctx, kubectl-ns).
# Generated by `kon completions fish`; load it with `kon completions fish | source`, or save it
# in ~/.config/fish/completions/ as kon.fish (and as kubectx.fish and kubens.fish).

function __kon_names -d 'The names CMD ARG... lists when piped, as kubectx and kubens do'
    set -l c (string replace -r '^~/' "$HOME/" -- $argv)
    env KUBECTX_IGNORE_FZF=1 NO_COLOR=1 _KUBECTX_FORCE_COLOR= $c </dev/null 2>/dev/null
end
function __kon_sub -d 'The kon subcommand given, and its position after kon'
    set -l t (commandline -opc)
    set -l i 0
    set -l skip 0
    for w in $t[2..-1]
        set i (math $i + 1)
        if test $skip = 1
            set skip 0
        else if string match -q -- '-*' $w
            contains -- $w@1@; and set skip 1
        else
            printf '%s\n' $w $i
            return 0
        end
    end
    return 1
end
function __kon_in -d 'Whether the kon subcommand then / is an argument ("/": none, "*/": any but ctx, ns)'
    set -l s (__kon_sub)
    test "$argv" = '*/'; and not contains -- "$s[1]" ctx ns; or contains -- "$s[1]/" $argv
end
function __kon_list -d 'Contexts (ctx) or namespaces (ns), from kon as typed'
    set -l t (commandline -opc)
    set -l i (contains -i -- --kubeconfig $t); and set i $t[$i] $t[(math $i + 1)]
    __kon_names $t[1] $i (string match -- '--kubeconfig=*' $t) $argv
end
function __kon_args -d 'Completes the arguments of kubectx (ctx) or kubens (ns)'
    set -l t (commandline -opc)
    set -l list __kon_names $t[1]
    set -e t[1]
    if not string match -qr '(^|/)kube(ctx|ns|ctl-ctx|ctl-ns)$' -- $list[2]
        set -l s (__kon_sub)
        set list __kon_list $argv[1]
        set t $t[(math $s[2] + 1)..-1]
    end
    set -l k (count $t)
    if test $k -eq 0; and string match -q -- '-*' (commandline -ct)
        printf '%s\n' - -c --current -u --unset -h --help -V --version
        test $argv[1] = ctx; and printf '%s\n' -d -s --shell -r --readonly; or printf '%s\n' -f --force
    else if test $k -eq 0; or begin; test "$argv[1]$k" = ns1; and contains -- "$t[1]" -f --force; end
        $list
        printf '%s\n' -
    else if test "$argv[1]" = ctx; and contains -- "$t[1]" -d -s --shell -r --readonly
        $list
    else if test "$argv[1]$k" = ns1; and not string match -q -- '-*' "$t[1]"
        printf '%s\n' -f --force
    end
end

complete -c kubectx -c kubectl-ctx -f -a '(__kon_args ctx)'
complete -c kubens -c kubectl-ns -f -a '(__kon_args ns)'
complete -c kon -c kubectl-kon -f
complete -c kon -c kubectl-kon -n '__kon_in ctx/' -a '(__kon_args ctx)'
complete -c kon -c kubectl-kon -n '__kon_in ns/' -a '(__kon_args ns)'
@2@
"#;
