//! `/import url:` (administrators only): fetch one web page, import its article into the
//! corpus and reload, answering privately with what was imported or why not.
//!
//! Like `/reindex`, the Administrator permission is checked here too. An administrator of a
//! Discord server is not the operator of the machine, so the page must be on a public address
//! or on the host of a configured feed; the fetch limits of `follow` apply.

use std::sync::Arc;

use serenity::model::application::CommandInteraction;

use crate::discord::failure::Failure;
use crate::discord::locale::Words;
use crate::discord::reply::Reply;
use crate::discord::respond::Responder;
use crate::discord::state::BotState;
use crate::import::ImportReport;
use crate::web::{is_web_url, Fetcher, Trust, WebError};

use super::require_admin;
use super::spec::{Access, Kind, MaxLength, Opt, Spec};

const URL: Opt = Opt {
    name: Words {
        en: "url",
        ja: "アドレス",
        ru: "адрес",
    },
    description: Words {
        en: "The article's address (http or https)",
        ja: "記事のアドレス（http または https）",
        ru: "Адрес статьи (http или https)",
    },
    kind: Kind::Text {
        max: MaxLength::Chars(2000),
    },
    required: true,
};

pub const SPEC: Spec = Spec {
    name: Words {
        en: "import",
        ja: "記事取り込み",
        ru: "импорт",
    },
    description: Words {
        en: "Import a news article from a web page (administrators only)",
        ja: "ウェブページから記事を取り込みます（管理者のみ）",
        ru: "Импортировать статью с веб-страницы (только администраторы)",
    },
    access: Access::Administrators,
    options: &[&URL],
};

pub async fn run(
    state: &Arc<BotState>,
    cmd: &CommandInteraction,
    r: &Responder,
) -> Result<(), Failure> {
    require_admin(cmd, "import articles")?;
    let url = URL.text(cmd).map(str::trim).unwrap_or_default();
    if !is_web_url(url) {
        return Err(Failure::User(
            "Please give the article's full address, starting with http:// or https://.".into(),
        ));
    }
    r.defer(true).await?;
    let options = &state.follow;
    let trust = Trust::Restricted {
        hosts: options.feed_hosts(),
    };
    let fetched = Fetcher::new(options.limits())
        .import_page(url, &trust)
        .await
        .and_then(|report| {
            let path = crate::import::write_into(&options.corpus_dir, &report)?;
            Ok((report, path))
        });
    let note = match fetched {
        Ok((report, path)) => {
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            tracing::info!(%id, %url, "imported from /import");
            // Answerable now rather than at the next corpus poll.
            if let Err(e) = state.reload().await {
                tracing::warn!(error = %e, "reload after /import failed; the poll will retry");
            }
            imported(&report, &id)
        }
        Err(e) => not_imported(url, &e),
    };
    r.send(&Reply::private(note)).await
}

/// "Imported **Title** (TASS, 2025-02-14) as `id`."
fn imported(report: &ImportReport, id: &str) -> String {
    let meta = &report.article.meta;
    let date = meta
        .date
        .map_or_else(|| "undated".to_string(), |d| d.to_string());
    let source = meta.source.as_deref().unwrap_or("source unknown");
    format!(
        "Imported **{}** ({source}, {date}) as `{id}`.",
        meta.title.replace('*', "\\*")
    )
}

fn not_imported(url: &str, error: &WebError) -> String {
    let reason = match error {
        WebError::Fetch { reason, .. } => reason.to_string(),
        other => other.to_string(),
    };
    format!("Nothing was imported from <{url}>: {reason}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::FetchFailure;

    #[test]
    fn replies_say_what_was_imported_or_why_not() {
        let report = crate::import::import_text(
            "Talks *resume*\n\nMOSCOW (Reuters) - The envoy spoke.\n",
            "x",
        )
        .unwrap();
        assert_eq!(
            imported(&report, "talks-resume"),
            "Imported **Talks \\*resume\\*** (Reuters, undated) as `talks-resume`."
        );
        let err = WebError::Fetch {
            url: "https://x.example/a".into(),
            reason: FetchFailure::Status(404),
        };
        assert_eq!(
            not_imported("https://x.example/a", &err),
            "Nothing was imported from <https://x.example/a>: the server answered HTTP 404"
        );
    }
}
