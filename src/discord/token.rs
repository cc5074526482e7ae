//! The bot token: read from `DISCORD_TOKEN`, checked for shape, and never shown.
//!
//! [`Token`] has no `Display`, and its `Debug` prints a placeholder, so the secret cannot slip
//! into a log line or an error message by accident.

use std::fmt;

use crate::discord::BotError;

/// The environment variable holding the token.
pub const TOKEN_VAR: &str = "DISCORD_TOKEN";

/// A Discord bot token.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    /// Checks a token's shape: present, and printable ASCII without spaces (it travels in an
    /// HTTP header). A leading "Bot " is accepted and dropped. Discord alone can say whether
    /// it is valid.
    pub fn new(raw: &str) -> Result<Token, BotError> {
        let raw = raw.trim();
        let raw = match raw.split_once(char::is_whitespace) {
            Some(("Bot", rest)) => rest.trim(),
            _ if raw == "Bot" => "",
            _ => raw,
        };
        if raw.is_empty() {
            return Err(BotError::MissingToken);
        }
        if !raw.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(BotError::MalformedToken);
        }
        Ok(Token(raw.to_string()))
    }

    /// The token from `DISCORD_TOKEN` (a `.env` file has been loaded into it by then).
    pub fn from_env() -> Result<Token, BotError> {
        match std::env::var(TOKEN_VAR) {
            Ok(value) => Token::new(&value),
            Err(std::env::VarError::NotPresent) => Err(BotError::MissingToken),
            Err(std::env::VarError::NotUnicode(_)) => Err(BotError::MalformedToken),
        }
    }

    /// The secret itself, for serenity only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_malformed_tokens_are_refused_by_name() {
        assert!(matches!(Token::new("  "), Err(BotError::MissingToken)));
        assert!(matches!(Token::new("Bot "), Err(BotError::MissingToken)));
        assert!(matches!(
            Token::new("abc def"),
            Err(BotError::MalformedToken)
        ));
        assert!(matches!(
            Token::new("abc\u{e9}"),
            Err(BotError::MalformedToken)
        ));
        assert!(BotError::MissingToken.to_string().contains(TOKEN_VAR));
        assert!(BotError::MalformedToken.to_string().contains(TOKEN_VAR));
    }

    #[test]
    fn the_secret_never_shows_in_debug() {
        let token = Token::new("Bot MTIz.secret.value").unwrap();
        assert_eq!(token.expose(), "MTIz.secret.value");
        assert!(!format!("{token:?}").contains("secret"));
    }
}
