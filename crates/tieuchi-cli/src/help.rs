//! The command line's own words — its help and its usage errors — in the language asked for.
//!
//! clap's derive gives the commands their shape; what they say comes from the core's catalogue
//! (`locales/*/cli.ftl`), looked up by the command's and the argument's names: `CliHelpEval` for
//! `tieuchi eval`, `CliHelpEvalNoTrace` for its `--no-trace`, or `CliHelpArgOn` for an argument
//! every command describes alike. The doc comments of the derive are for the code's readers.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use tieuchi::{Lang, Message};

/// The language asked for with `--lang`, read before clap parses the arguments: its help and
/// its errors are worded by then. Vietnamese when absent or not a language.
pub(crate) fn asked_lang(args: &[OsString]) -> Lang {
    let mut args = args.iter().filter_map(|a| a.to_str());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--lang") {
            Some("") => args.next(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(lang) = value.and_then(|v| v.parse().ok()) {
            return lang;
        }
    }
    Lang::default()
}

/// `tieuchi help [COMMAND]` as `tieuchi [COMMAND] --help`: clap's own `help` command is
/// worded by clap alone, so the program answers it with its translated help instead.
pub(crate) fn help_command_as_flag(mut args: Vec<OsString>) -> Vec<OsString> {
    let mut i = 1;
    // `--lang` may come first, with its value apart.
    while let Some(arg) = args.get(i).and_then(|a| a.to_str()) {
        match arg {
            "--lang" => i += 2,
            _ if arg.starts_with("--lang=") => i += 1,
            _ => break,
        }
    }
    if args.get(i).and_then(|a| a.to_str()) == Some("help") {
        args.remove(i);
        args.push("--help".into());
    }
    args
}

/// The catalogue's text of `id` in `lang`, if it has that message.
fn text(id: &str, lang: Lang) -> Option<String> {
    Message::named(id, Vec::<(&str, &str)>::new()).map(|m| m.render(lang))
}

fn message(id: &str, args: &[(&str, &str)], lang: Lang) -> String {
    Message::named(id, args.iter().map(|&(name, value)| (name, value.to_owned())))
        .map_or_else(String::new, |m| m.render(lang))
}

/// `error_format`, `no-trace` → `ErrorFormat`, `NoTrace`.
fn camel(name: &str) -> String {
    name.split(['_', '-'])
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

/// The catalogue's ids for a command (`None`: the program itself) and, if given, one of its
/// arguments: the most particular first.
pub(crate) fn ids(command: Option<&str>, arg: Option<&str>) -> Vec<String> {
    match (command, arg) {
        (None, None) => vec!["CliHelpAbout".to_owned()],
        (Some(command), None) => vec![format!("CliHelp{}", camel(command))],
        (command, Some(arg)) => {
            let mut ids: Vec<String> =
                command.map(|c| format!("CliHelp{}{}", camel(c), camel(arg))).into_iter().collect();
            ids.push(format!("CliHelpArg{}", camel(arg)));
            ids
        }
    }
}

fn first_text(ids: &[String], lang: Lang) -> Option<String> {
    ids.iter().find_map(|id| text(id, lang))
}

/// The program's commands with their help in `lang`: descriptions, headings, defaults and
/// values, and the help and version flags.
pub(crate) fn localized(command: Command, lang: Lang) -> Command {
    let mut command = command.disable_help_flag(true).disable_version_flag(true);
    command = command.arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help(text("CliHelpArgVersion", lang).unwrap_or_default()),
    );
    localize(command, None, lang)
}

fn localize(command: Command, name: Option<&str>, lang: Lang) -> Command {
    let heading = |id: &str| text(id, lang).unwrap_or_default();
    let mut command = command
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help(heading("CliHelpArgHelp")))
        .subcommand_help_heading(heading("CliHelpCommands"))
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            heading("CliHelpUsage")
        ));
    if let Some(about) = first_text(&ids(name, None), lang) {
        command = command.about(about).long_about(None);
    }
    let (arguments, options) = (heading("CliHelpArguments"), heading("CliHelpOptions"));
    // The arguments in the order they are declared, as clap shows them without headings.
    let mut order = 0;
    command = command.mut_args(|arg| {
        order += 1;
        let arg = arg.display_order(order);
        let id = arg.get_id().as_str().to_owned();
        let mut help = first_text(&ids(name, Some(&id)), lang).or_else(|| arg.get_help().map(ToString::to_string));
        let takes_values = arg.get_action().takes_values();
        if takes_values {
            let mut notes = Vec::new();
            let defaults: Vec<String> =
                arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
            if !defaults.is_empty() && !arg.is_hide_default_value_set() {
                notes.push(message("CliHelpDefault", &[("value", &defaults.join(", "))], lang));
            }
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_owned())
                .collect();
            if !values.is_empty() && !arg.is_hide_possible_values_set() {
                notes.push(message("CliHelpValues", &[("values", &values.join(", "))], lang));
            }
            if !notes.is_empty() {
                help = Some(format!("{} [{}]", help.unwrap_or_default(), notes.join("; ")).trim_start().to_owned());
            }
        }
        // clap's own notes are English: the text above carries them.
        let arg = if takes_values { arg.hide_default_value(true).hide_possible_values(true) } else { arg };
        let arg =
            if arg.is_positional() { arg.help_heading(arguments.clone()) } else { arg.help_heading(options.clone()) };
        match help {
            Some(help) => arg.help(help),
            None => arg,
        }
    });
    let names: Vec<String> = command.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    for sub in names {
        command = command.mut_subcommand(&sub, |s| localize(s, Some(&sub), lang));
    }
    command
}

/// Ends the program on a usage error: help and version printed as clap prints them, anything
/// else said in `lang` on standard error, with the usage and where to read more (exit 2).
pub(crate) fn exit(error: &clap::Error, lang: Lang) -> ! {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        error.exit();
    }
    let Some(said) = worded(error, lang) else { error.exit() };
    eprintln!("{}: {said}", tieuchi::Severity::Error.label(lang));
    let mut command = "tieuchi".to_owned();
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.trim().strip_prefix("Usage:").unwrap_or(usage.trim()).trim();
        eprintln!("\n{} {usage}", text_or("CliHelpUsage", lang));
        let words: Vec<&str> = usage.split_whitespace().take_while(|w| !w.starts_with(['[', '<', '-'])).collect();
        if !words.is_empty() {
            command = words.join(" ");
        }
    }
    eprintln!("\n{}", message("CliUsageSeeHelp", &[("command", &command)], lang));
    std::process::exit(2);
}

fn text_or(id: &str, lang: Lang) -> String {
    text(id, lang).unwrap_or_default()
}

/// What went wrong, in `lang`; `None` for what clap alone knows how to say.
fn worded(error: &clap::Error, lang: Lang) -> Option<String> {
    let one = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(s)) => s.first().cloned(),
        _ => None,
    };
    let all = |kind| match error.get(kind) {
        Some(ContextValue::Strings(s)) => Some(s.join(", ")),
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let suggestion = |kind| {
        one(kind)
            .map(|s| format!("; {}", message("CliUsageDidYouMean", &[("suggestion", &s)], lang)))
            .unwrap_or_default()
    };
    let said = match error.kind() {
        ErrorKind::UnknownArgument => {
            let argument = one(ContextKind::InvalidArg)?;
            // clap says the same of a value no argument takes.
            if argument.starts_with('-') {
                message("CliUsageUnknownArgument", &[("argument", &argument)], lang)
                    + &suggestion(ContextKind::SuggestedArg)
            } else {
                message("CliUsageTooMany", &[("value", &argument)], lang)
            }
        }
        ErrorKind::InvalidSubcommand => {
            let command = one(ContextKind::InvalidSubcommand)?;
            message("CliUsageUnknownCommand", &[("command", &command)], lang)
                + &suggestion(ContextKind::SuggestedSubcommand)
        }
        ErrorKind::InvalidValue => {
            let (argument, value) = (one(ContextKind::InvalidArg)?, one(ContextKind::InvalidValue)?);
            if value.is_empty() {
                message("CliUsageNeedsValue", &[("argument", &argument)], lang)
            } else {
                let mut said = message("CliUsageInvalidValue", &[("value", &value), ("argument", &argument)], lang);
                if let Some(values) = all(ContextKind::ValidValue) {
                    said = format!("{said}; {}", message("CliUsageValidValues", &[("values", &values)], lang));
                }
                said + &suggestion(ContextKind::SuggestedValue)
            }
        }
        ErrorKind::ValueValidation => {
            let (argument, value) = (one(ContextKind::InvalidArg)?, one(ContextKind::InvalidValue)?);
            let reason = std::error::Error::source(error).map(ToString::to_string).unwrap_or_default();
            message("CliUsageBadValue", &[("value", &value), ("argument", &argument), ("reason", &reason)], lang)
        }
        ErrorKind::MissingRequiredArgument => {
            message("CliUsageMissing", &[("arguments", &all(ContextKind::InvalidArg)?)], lang)
        }
        ErrorKind::ArgumentConflict => {
            let (argument, other) = (one(ContextKind::InvalidArg)?, one(ContextKind::PriorArg)?);
            message("CliUsageConflict", &[("argument", &argument), ("other", &other)], lang)
        }
        ErrorKind::TooManyValues => message("CliUsageTooMany", &[("value", &one(ContextKind::InvalidValue)?)], lang),
        _ => return None,
    };
    Some(said)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::*;

    /// Every command and argument of the program, as (command, argument) names.
    fn every_text(command: &Command, name: Option<&str>, into: &mut Vec<(Option<String>, Option<String>)>) {
        into.push((name.map(str::to_owned), None));
        for arg in command.get_arguments() {
            if !["help", "version"].contains(&arg.get_id().as_str()) {
                into.push((name.map(str::to_owned), Some(arg.get_id().as_str().to_owned())));
            }
        }
        for sub in command.get_subcommands() {
            every_text(sub, Some(sub.get_name()), into);
        }
    }

    #[test]
    fn every_command_and_argument_has_its_help_in_each_language() {
        let mut all = Vec::new();
        every_text(&crate::Cli::command(), None, &mut all);
        assert!(all.len() > 60, "{all:?}");
        let missing: Vec<String> = all
            .iter()
            .filter(|(command, arg)| {
                let ids = ids(command.as_deref(), arg.as_deref());
                [Lang::Vi, Lang::En].iter().any(|&lang| first_text(&ids, lang).is_none())
            })
            .map(|(command, arg)| format!("{command:?} {arg:?}"))
            .collect();
        assert!(missing.is_empty(), "no help text for: {missing:#?}");
    }

    #[test]
    fn the_help_is_in_the_language_asked_for() {
        let help = |lang| localized(crate::Cli::command(), lang).render_help().to_string();
        let (vi, en) = (help(Lang::Vi), help(Lang::En));
        assert!(vi.contains("Cách dùng: tieuchi") && vi.contains("Lệnh:") && vi.contains("In trợ giúp"), "{vi}");
        assert!(en.contains("Usage: tieuchi") && en.contains("Commands:") && en.contains("Print help"), "{en}");
        let mut command = localized(crate::Cli::command(), Lang::Vi);
        let eval = command.find_subcommand_mut("eval").map(|c| c.render_help().to_string()).unwrap_or_default();
        assert!(eval.contains("Tham số:") && eval.contains("Tùy chọn:"), "{eval}");
        assert!(
            eval.contains("Bỏ dấu vết từng điều kiện") && eval.contains("[mặc định: json; giá trị: json, text]"),
            "{eval}"
        );
        assert!(!eval.contains("Leave the condition"), "{eval}");
    }

    #[test]
    fn the_language_is_read_before_the_arguments_are() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(asked_lang(&args(&["tieuchi", "--lang", "en", "check"])), Lang::En);
        assert_eq!(asked_lang(&args(&["tieuchi", "check", "--lang=en"])), Lang::En);
        assert_eq!(asked_lang(&args(&["tieuchi", "check", "x"])), Lang::Vi);
        assert_eq!(asked_lang(&args(&["tieuchi", "--lang", "fr"])), Lang::Vi);
        assert_eq!(asked_lang(&args(&["tieuchi", "--", "--lang=en"])), Lang::Vi);
    }

    #[test]
    fn the_help_command_is_the_help_flag() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(help_command_as_flag(args(&["tieuchi", "help"])), args(&["tieuchi", "--help"]));
        assert_eq!(help_command_as_flag(args(&["tieuchi", "help", "eval"])), args(&["tieuchi", "eval", "--help"]));
        assert_eq!(
            help_command_as_flag(args(&["tieuchi", "--lang", "en", "help", "batch"])),
            args(&["tieuchi", "--lang", "en", "batch", "--help"])
        );
        // `help` as a value is left alone.
        assert_eq!(
            help_command_as_flag(args(&["tieuchi", "eval", "help", "x.json"])),
            args(&["tieuchi", "eval", "help", "x.json"])
        );
    }

    #[test]
    fn a_usage_error_is_worded_in_the_language_asked_for() {
        let fails = |lang, args: &[&str]| {
            let error = localized(crate::Cli::command(), lang).try_get_matches_from(args).err();
            error.and_then(|e| worded(&e, lang)).unwrap_or_default()
        };
        assert_eq!(fails(Lang::Vi, &["tieuchi", "evall"]), "không có lệnh `evall`; có phải ý bạn là `eval`?");
        assert_eq!(fails(Lang::En, &["tieuchi", "evall"]), "there is no command `evall`; did you mean `eval`?");
        assert_eq!(
            fails(Lang::Vi, &["tieuchi", "eval", "r", "e", "--format", "xml"]),
            "giá trị `xml` không hợp lệ cho `--format <FORMAT>`; các giá trị hợp lệ: json, text"
        );
        assert_eq!(fails(Lang::Vi, &["tieuchi", "check", "--colour"]), "không có tùy chọn `--colour`");
        assert_eq!(fails(Lang::Vi, &["tieuchi", "eval", "r", "e", "thua"]), "thừa giá trị `thua`");
        assert!(fails(Lang::Vi, &["tieuchi", "eval"]).starts_with("thiếu tham số bắt buộc: <RULES>"));
        assert!(fails(Lang::Vi, &["tieuchi", "fmt", "x", "--check", "--stdout"]).contains("không dùng được cùng với"));
    }
}
