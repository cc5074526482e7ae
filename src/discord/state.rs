//! The bot's one shared state: the loaded corpus (swapped atomically on reload), the
//! configuration, the per-user limiter, remembered sessions and the feedback log.
//!
//! The engine is synchronous and may take milliseconds on a big corpus, so every engine call
//! runs on tokio's blocking pool ([`BotState::with_corpus`]); the async threads stay free to
//! acknowledge interactions within Discord's 3 seconds even during a burst.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use crate::answer::{ArticleSummary, Citation};
use crate::config::{Config, DiscordConfig, EngineConfig};
use crate::engine::Engine;
use crate::error::Error;

use crate::discord::announce::News;
use crate::discord::failure::Failure;
use crate::discord::feedback::FeedbackLog;
use crate::discord::ratelimit::RateLimiter;
use crate::discord::render::CorpusInfo;
use crate::discord::sessions::{Session, Sessions, CAPACITY};
use crate::discord::subscriptions::SubscriptionStore;

/// An opened engine with the facts every reply's footer needs, computed once per load.
pub struct Loaded {
    pub engine: Engine,
    pub info: CorpusInfo,
    /// `engine.sources()`, kept for `/sources` paging.
    pub sources: Vec<ArticleSummary>,
}

impl Loaded {
    /// Opens the engine (blocking: it may build the index), rebuilding the index when the
    /// engine it replaces found it damaged.
    pub fn open(config: &EngineConfig, rebuild: bool) -> Result<Loaded, Error> {
        let engine = if rebuild {
            Engine::rebuild(config)?
        } else {
            Engine::open(config)?
        };
        let sources = engine.sources();
        let info = CorpusInfo {
            articles: sources.len(),
            newest: engine.newest_date(),
        };
        // Skipped files were already warned about, once each, by the corpus loader.
        Ok(Loaded {
            engine,
            info,
            sources,
        })
    }
}

/// Counts an action by `user` in `limiter` now, or gives the wait and the limit.
fn count(limiter: &Mutex<RateLimiter>, user: u64) -> Result<(), (std::time::Duration, u32)> {
    let mut limiter = limiter.lock().unwrap_or_else(|p| p.into_inner());
    let per_minute = limiter.per_minute();
    limiter
        .check(user, Instant::now())
        .map_err(|wait| (wait, per_minute))
}

/// Button presses allowed per question allowed: a person pages through results and votes
/// more often than they ask, but a stuck key or a script must not rewrite the feedback file or
/// query the engine without bound.
pub const CLICKS_PER_QUESTION: u32 = 2;

/// Two engine calls per core: enough to keep every core busy while one call waits on memory.
fn engine_slots() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()) * 2
}

/// Everything the handlers share.
pub struct BotState {
    corpus: RwLock<Arc<Loaded>>,
    engine_config: EngineConfig,
    pub discord: DiscordConfig,
    /// Where `/import` writes and what it may fetch.
    pub follow: crate::web::FollowOptions,
    limiter: Mutex<RateLimiter>,
    /// Button presses, counted apart from questions (see [`CLICKS_PER_QUESTION`]).
    clicks: Mutex<RateLimiter>,
    sessions: Mutex<Sessions>,
    pub feedback: FeedbackLog,
    /// One reload at a time (the poller and `/reindex` may coincide).
    reloading: tokio::sync::Mutex<()>,
    bot_user: AtomicU64,
    /// Commands are registered on the first READY only, not on every reconnect.
    registered: AtomicBool,
    /// Engine calls running at once: a burst queues here instead of starting hundreds of
    /// blocking threads that would only compete for the same cores.
    engine_slots: tokio::sync::Semaphore,
    /// Channels subscribed to new articles (a file beside the feedback file).
    pub subscriptions: Arc<SubscriptionStore>,
    /// Articles added by reloads, waiting to be posted to subscriptions.
    pub news: News,
}

impl BotState {
    /// Loads the corpus of `config` (on the blocking pool) and builds the state around it.
    pub async fn open(config: Config) -> Result<Arc<BotState>, Error> {
        let engine_config = config.engine.clone();
        let loaded = tokio::task::spawn_blocking(move || Loaded::open(&engine_config, false))
            .await
            .map_err(|_| Error::LoadPanicked {
                path: config.engine.corpus_dir.clone(),
            })??;
        tracing::info!(
            articles = loaded.info.articles,
            newest = ?loaded.info.newest.map(|d| d.to_string()),
            "corpus loaded"
        );
        let feedback = FeedbackLog::new(config.discord.feedback_path.clone());
        tracing::info!(path = %feedback.path().display(), "feedback goes to");
        let subscriptions = Arc::new(SubscriptionStore::beside(feedback.path()));
        Ok(Arc::new(BotState {
            follow: crate::web::FollowOptions::from_config(&config, &[]),
            corpus: RwLock::new(Arc::new(loaded)),
            engine_config: config.engine,
            limiter: Mutex::new(RateLimiter::new(config.discord.questions_per_minute)),
            clicks: Mutex::new(RateLimiter::new(
                config
                    .discord
                    .questions_per_minute
                    .saturating_mul(CLICKS_PER_QUESTION),
            )),
            sessions: Mutex::new(Sessions::new(CAPACITY)),
            feedback,
            discord: config.discord,
            reloading: tokio::sync::Mutex::new(()),
            bot_user: AtomicU64::new(0),
            registered: AtomicBool::new(false),
            engine_slots: tokio::sync::Semaphore::new(engine_slots()),
            subscriptions,
            news: News::default(),
        }))
    }

    /// The corpus as loaded now; it stays valid for the caller even if a reload swaps it.
    pub fn corpus(&self) -> Arc<Loaded> {
        Arc::clone(&self.corpus.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// Runs `f` on the current corpus on the blocking pool. A panic in the engine becomes an
    /// internal failure (an apology with an error id), never a crash.
    pub async fn with_corpus<T, F>(&self, f: F) -> Result<T, Failure>
    where
        T: Send + 'static,
        F: FnOnce(&Loaded) -> T + Send + 'static,
    {
        let _slot = self
            .engine_slots
            .acquire()
            .await
            .map_err(|e| Failure::internal("engine slots", e))?;
        let corpus = self.corpus();
        Ok(tokio::task::spawn_blocking(move || f(&corpus)).await?)
    }

    /// The longest question the engine accepts.
    pub fn max_question_chars(&self) -> usize {
        self.engine_config.max_question_chars
    }

    /// Counts a question by `user`, or refuses it with the wait.
    pub fn check_rate(&self, user: u64) -> Result<(), Failure> {
        count(&self.limiter, user)
            .map_err(|(wait, per_minute)| Failure::RateLimited { wait, per_minute })
    }

    /// Counts a message addressed to the bot by `user`: `Err(Some(note))` for the first refusal
    /// of a run, `Err(None)` for the next ones, which get no reply (see
    /// [`RateLimiter::first_refusal`]).
    pub fn check_message_rate(&self, user: u64) -> Result<(), Option<Failure>> {
        let mut limiter = self.limiter.lock().unwrap_or_else(|p| p.into_inner());
        let per_minute = limiter.per_minute();
        match limiter.check(user, Instant::now()) {
            Ok(()) => Ok(()),
            Err(wait) if limiter.first_refusal(user) => {
                Err(Some(Failure::RateLimited { wait, per_minute }))
            }
            Err(_) => Err(None),
        }
    }

    /// Counts a button press by `user`, or refuses it with the wait.
    pub fn check_click_rate(&self, user: u64) -> Result<(), Failure> {
        count(&self.clicks, user)
            .map_err(|(wait, per_minute)| Failure::ClickingFast { wait, per_minute })
    }

    /// Remembers `session` for the buttons of its reply; the id goes into their custom ids.
    pub fn remember(&self, session: Session) -> u64 {
        self.sessions().insert(session)
    }

    /// The session `id`, while it is remembered.
    pub fn recall(&self, id: u64) -> Option<Session> {
        self.sessions().get(id).cloned()
    }

    /// Adds citations shown later ("More sources") to the ask session `id`.
    pub fn add_citations(&self, id: u64, citations: &[Citation]) {
        self.sessions().add_citations(id, citations);
    }

    fn sessions(&self) -> std::sync::MutexGuard<'_, Sessions> {
        self.sessions.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether commands still need registering (true once, until [`Self::registration_failed`]):
    /// on the first READY, not on every reconnect.
    pub fn claim_registration(&self) -> bool {
        !self.registered.swap(true, Ordering::AcqRel)
    }

    /// Registration failed: the next READY tries again.
    pub fn registration_failed(&self) {
        self.registered.store(false, Ordering::Release);
    }

    pub fn set_bot_user(&self, id: u64) {
        self.bot_user.store(id, Ordering::Release);
    }

    /// The bot's own user id, once READY arrived.
    pub fn bot_user(&self) -> Option<u64> {
        Some(self.bot_user.load(Ordering::Acquire)).filter(|&id| id != 0)
    }

    /// Reopens the engine and swaps it in. On failure the previous corpus keeps serving.
    pub async fn reload(&self) -> Result<CorpusInfo, Error> {
        let _one_at_a_time = self.reloading.lock().await;
        let config = self.engine_config.clone();
        let started = Instant::now();
        let rebuild = self.corpus().engine.is_damaged();
        let loaded = tokio::task::spawn_blocking(move || Loaded::open(&config, rebuild))
            .await
            .map_err(|_| Error::LoadPanicked {
                path: self.engine_config.corpus_dir.clone(),
            })??;
        let info = loaded.info.clone();
        let added = loaded.engine.added_since(&self.corpus().engine);
        *self.corpus.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(loaded);
        self.news.push(added);
        tracing::info!(
            articles = info.articles,
            ms = started.elapsed().as_millis() as u64,
            "corpus reloaded"
        );
        Ok(info)
    }

    /// Whether the corpus directory changed since the current engine loaded it.
    pub async fn is_stale(&self) -> Result<bool, Failure> {
        self.with_corpus(|c| c.engine.is_stale()).await
    }
}
