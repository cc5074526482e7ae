//! `/sources`: the corpus's articles, newest first, paged. The list is computed once per
//! corpus load, so this answers at once without deferring.

use std::sync::Arc;

use crate::discord::failure::Failure;
use crate::discord::locale::Words;
use crate::discord::render::{self, PageView};
use crate::discord::reply::Reply;
use crate::discord::respond::Responder;
use crate::discord::state::BotState;

use super::spec::{Access, Spec};

pub const SPEC: Spec = Spec {
    name: Words {
        en: "sources",
        ja: "出典",
        ru: "источники",
    },
    description: Words {
        en: "List the articles in the corpus, newest first",
        ja: "コーパスの記事を新しい順に表示します",
        ru: "Статьи корпуса, сначала новые",
    },
    access: Access::Everyone,
    options: &[],
};

pub async fn run(state: &Arc<BotState>, r: &Responder) -> Result<(), Failure> {
    r.send(&page(state, 0, r)).await
}

/// Page `page` of the list, in the language of the person's client.
pub fn page(state: &BotState, page: usize, r: &Responder) -> Reply {
    let corpus = state.corpus();
    let view = PageView {
        page,
        session: 0,
        corpus: &corpus.info,
        lang: r.lang(),
    };
    render::sources(&corpus.sources, view)
}
