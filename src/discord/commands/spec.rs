//! How a slash command and its options are written down: once, as constants holding the name
//! the bot registers and reads back, the description, and both in Japanese and Russian.
//! Registration ([`Spec::register`]), dispatch ([`Command::parse`](super::Command::parse)) and
//! option reading ([`Opt::text`], [`Opt::flag`]) all use the same constant, so renaming a
//! command or an option is one edit.

use serenity::builder::{CreateCommand, CreateCommandOption};
use serenity::model::application::{
    CommandDataOptionValue, CommandInteraction, CommandOptionType, InteractionContext,
};
use serenity::model::permissions::Permissions;

use crate::discord::locale::Words;

/// One slash command.
#[derive(Debug)]
pub struct Spec {
    /// `name.en` is the name registered and dispatched on; `ja` and `ru` are what Japanese and
    /// Russian clients show (lowercase, no spaces, at most 32 characters).
    pub name: Words,
    /// At most 100 characters in each language.
    pub description: Words,
    /// Who may use it. A restricted command works in servers only, and Discord hides it from
    /// the others; the handler checks again, since server owners can override that per role.
    pub access: Access,
    pub options: &'static [&'static Opt],
}

/// Who may use a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Everyone,
    Administrators,
    /// Administrators and members with Manage Channels.
    ChannelManagers,
}

impl Access {
    fn permissions(self) -> Option<Permissions> {
        match self {
            Access::Everyone => None,
            Access::Administrators => Some(Permissions::ADMINISTRATOR),
            Access::ChannelManagers => Some(Permissions::MANAGE_CHANNELS),
        }
    }
}

/// One option of a command.
#[derive(Debug)]
pub struct Opt {
    pub name: Words,
    pub description: Words,
    pub kind: Kind,
    pub required: bool,
}

/// What an option holds.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Text of at most `max` characters (Discord enforces it before the bot sees it).
    Text { max: MaxLength },
    /// A date typed as text: YYYY, YYYY-MM or YYYY-MM-DD (read by the handler, which explains
    /// a mistake).
    Date,
    /// True or false.
    Flag,
}

/// The longest text an option takes.
#[derive(Debug, Clone, Copy)]
pub enum MaxLength {
    Chars(u16),
    /// The longest question the engine accepts (configured).
    Question,
}

impl Spec {
    /// The command as registered with Discord; `max_question_chars` bounds question options.
    pub fn register(&self, max_question_chars: usize) -> CreateCommand {
        let permissions = self.access.permissions();
        let contexts = if permissions.is_some() {
            vec![InteractionContext::Guild]
        } else {
            vec![InteractionContext::Guild, InteractionContext::BotDm]
        };
        let mut out = CreateCommand::new(self.name.en)
            .description(self.description.en)
            .name_localized("ja", self.name.ja)
            .name_localized("ru", self.name.ru)
            .description_localized("ja", self.description.ja)
            .description_localized("ru", self.description.ru)
            .contexts(contexts);
        if let Some(permissions) = permissions {
            out = out.default_member_permissions(permissions);
        }
        for option in self.options {
            out = out.add_option(option.register(max_question_chars));
        }
        out
    }
}

impl Opt {
    fn register(&self, max_question_chars: usize) -> CreateCommandOption {
        let kind = match self.kind {
            Kind::Text { .. } | Kind::Date => CommandOptionType::String,
            Kind::Flag => CommandOptionType::Boolean,
        };
        let mut out = CreateCommandOption::new(kind, self.name.en, self.description.en)
            .name_localized("ja", self.name.ja)
            .name_localized("ru", self.name.ru)
            .description_localized("ja", self.description.ja)
            .description_localized("ru", self.description.ru)
            .required(self.required);
        if let Kind::Text { max } = self.kind {
            let max = match max {
                MaxLength::Chars(n) => n,
                // 6000 is Discord's own maximum.
                MaxLength::Question => max_question_chars.clamp(1, 6000) as u16,
            };
            out = out.max_length(max);
        }
        out
    }

    fn value<'a>(&self, cmd: &'a CommandInteraction) -> Option<&'a CommandDataOptionValue> {
        let found = cmd.data.options.iter().find(|o| o.name == self.name.en);
        found.map(|o| &o.value)
    }

    /// The text given for this option, if any.
    pub fn text<'a>(&self, cmd: &'a CommandInteraction) -> Option<&'a str> {
        match self.value(cmd)? {
            CommandDataOptionValue::String(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// The flag given for this option, if any.
    pub fn flag(&self, cmd: &CommandInteraction) -> Option<bool> {
        match self.value(cmd)? {
            CommandDataOptionValue::Boolean(b) => Some(*b),
            _ => None,
        }
    }
}
