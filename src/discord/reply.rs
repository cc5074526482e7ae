//! What the bot says, as plain data: text content, at most one embed, and rows of buttons.
//!
//! Rendering produces a [`Reply`]; `builders` turns it into serenity's request builders. Keeping
//! the message a plain value makes every reply testable without Discord, and gives one place,
//! [`Reply::within_limits`], that guarantees Discord's size limits whatever rendering did.

use crate::discord::fit::{
    chars, fit, BUTTONS_PER_ROW, CONTENT_MAX, CUSTOM_ID_MAX, DESCRIPTION_MAX, EMBED_TOTAL_MAX,
    FOOTER_MAX, LABEL_MAX, ROWS_MAX, TITLE_MAX,
};

/// One message the bot sends.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reply {
    pub content: Option<String>,
    pub embed: Option<Embed>,
    pub rows: Vec<Vec<Button>>,
    /// Only the person who used the command sees it (interactions only).
    pub ephemeral: bool,
}

/// A rich embed (the bot uses no fields: citations read better as one description).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Embed {
    pub title: Option<String>,
    pub url: Option<String>,
    pub description: String,
    pub footer: Option<String>,
    pub colour: u32,
}

/// A button that sends a component interaction back with `id`.
#[derive(Debug, Clone, PartialEq)]
pub struct Button {
    pub id: String,
    pub label: String,
    pub emoji: Option<&'static str>,
    pub style: Style,
    pub disabled: bool,
}

/// Button colours, as Discord names them (the two the bot uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Primary,
    Secondary,
}

/// The colour of answer embeds (a calm blue between the two flags).
pub const COLOUR: u32 = 0x2f5d8a;

impl Reply {
    /// A short text message.
    pub fn text(content: impl Into<String>) -> Reply {
        Reply {
            content: Some(content.into()),
            ..Reply::default()
        }
    }

    /// A short text message only the asker sees.
    pub fn private(content: impl Into<String>) -> Reply {
        Reply {
            ephemeral: true,
            ..Reply::text(content)
        }
    }

    pub fn ephemeral(mut self, ephemeral: bool) -> Reply {
        self.ephemeral = ephemeral;
        self
    }

    /// The same reply, cut down wherever it exceeds one of Discord's limits. Rendering already
    /// aims inside the limits; this is the guarantee that a message is never refused for size.
    pub fn within_limits(mut self) -> Reply {
        if let Some(content) = &mut self.content {
            *content = fit(content, CONTENT_MAX);
        }
        if let Some(embed) = &mut self.embed {
            embed.fit();
        }
        self.rows.retain(|row| !row.is_empty());
        self.rows.truncate(ROWS_MAX);
        for row in &mut self.rows {
            row.truncate(BUTTONS_PER_ROW);
            for button in row.iter_mut() {
                button.label = fit(&button.label, LABEL_MAX);
                // An id that does not fit would be refused outright; ids are ours and short, so
                // this only guards against a bug.
                if button.id.len() > CUSTOM_ID_MAX {
                    button.id.truncate(CUSTOM_ID_MAX);
                    button.disabled = true;
                }
            }
        }
        self
    }

    /// Every limit this reply breaks, for the unit tests of rendering (the fake Discord of the
    /// end-to-end tests checks every message on its own).
    #[cfg(test)]
    pub fn limit_violations(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut check = |what: &str, len: usize, max: usize| {
            if len > max {
                out.push(format!("{what}: {len} > {max}"));
            }
        };
        if let Some(content) = &self.content {
            check("content", chars(content), CONTENT_MAX);
        }
        if let Some(embed) = &self.embed {
            check("title", embed.title.as_deref().map_or(0, chars), TITLE_MAX);
            check("description", chars(&embed.description), DESCRIPTION_MAX);
            check(
                "footer",
                embed.footer.as_deref().map_or(0, chars),
                FOOTER_MAX,
            );
            check("embed total", embed.total_chars(), EMBED_TOTAL_MAX);
        }
        check("rows", self.rows.len(), ROWS_MAX);
        for row in &self.rows {
            check("buttons in a row", row.len(), BUTTONS_PER_ROW);
            for button in row {
                check("label", chars(&button.label), LABEL_MAX);
                check("custom id", button.id.len(), CUSTOM_ID_MAX);
            }
        }
        out
    }
}

impl Embed {
    /// The characters Discord counts towards an embed's 6,000.
    pub fn total_chars(&self) -> usize {
        self.title.as_deref().map_or(0, chars)
            + chars(&self.description)
            + self.footer.as_deref().map_or(0, chars)
    }

    fn fit(&mut self) {
        if let Some(title) = &mut self.title {
            *title = fit(title, TITLE_MAX);
        }
        self.description = fit(&self.description, DESCRIPTION_MAX);
        if let Some(footer) = &mut self.footer {
            *footer = fit(footer, FOOTER_MAX);
        }
        // Over the total: shorten the description.
        let excess = self.total_chars().saturating_sub(EMBED_TOTAL_MAX);
        if excess > 0 {
            let room = chars(&self.description).saturating_sub(excess);
            self.description = fit(&self.description, room);
        }
    }
}

impl Button {
    pub fn new(id: impl Into<String>, label: impl Into<String>, style: Style) -> Button {
        Button {
            id: id.into(),
            label: label.into(),
            emoji: None,
            style,
            disabled: false,
        }
    }

    pub fn emoji(mut self, emoji: &'static str) -> Button {
        self.emoji = Some(emoji);
        self
    }

    pub fn disabled(mut self, disabled: bool) -> Button {
        self.disabled = disabled;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_replies_are_cut_to_every_limit() {
        let big = "A sentence of news. ".repeat(600);
        let reply = Reply {
            content: Some(big.clone()),
            embed: Some(Embed {
                title: Some(big.clone()),
                url: None,
                description: big.clone(),
                footer: Some(big.clone()),
                colour: COLOUR,
            }),
            rows: vec![
                (0..9)
                    .map(|i| Button::new(format!("b{i}"), big.clone(), Style::Primary))
                    .collect();
                7
            ],
            ephemeral: false,
        };
        assert!(!reply.limit_violations().is_empty());
        let fitted = reply.within_limits();
        assert_eq!(fitted.limit_violations(), Vec::<String>::new());
    }

    #[test]
    fn small_replies_are_unchanged() {
        let reply = Reply::text("Hello").ephemeral(true);
        assert_eq!(reply.clone().within_limits(), reply);
    }
}
