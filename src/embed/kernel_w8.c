/* The 8-bit path of nichiro's matmul, for CPUs with AVX-512 VNNI. Included by kernel.c.
 *
 * e5.c keeps a scale per block of 32 weights and per block of 32 activations, so every 64
 * byte products cost, besides the `vpdpbusd` that computes them, a float conversion, a scale
 * and a multiply-add: three quarters of the matmul's instructions. Here each weight row is
 * requantized once (at its first use) to int8 with one scale for the row, and each token's
 * activations to int8 with one scale for the token, so a row's dot product is one run of
 * `vpdpbusd` into an int32 sum, converted and scaled once. The 4-bit weights are already
 * rounded; int8 with a row scale keeps 8 levels or more for every block whose largest weight
 * is at least a sixteenth of the row's. Vectors move: cosine 0.999 with e5.c's on the texts
 * checked (README, "The model"), and caches carry this path's id. */

/* One weight matrix in int8: row-major, a scale and the sum of the weights per row. */
typedef struct {
    const block_q4_0 *key;
    int nout, nin;
    int8_t *w;
    float *scale;
    int32_t *sum;
} nk_w8;

/* Every matrix converted so far, of every model loaded (a model's are dropped by nk_forget
 * when it is freed). Entries live on the heap, so a caller's pointer stays valid while others
 * are added or dropped. */
static nk_w8 **nk_w8s;
static int nk_w8n, nk_w8cap;
static pthread_mutex_t nk_w8_lock = PTHREAD_MUTEX_INITIALIZER;

/* `nout` rows of 4-bit weights as int8 rows; `vals` holds one row of floats. */
static void nk_w8_fill(nk_w8 *e, float *vals) {
    int nin = e->nin, nb = nin / QK;
    for (int r = 0; r < e->nout; r++) {
        for (int b = 0; b < nb; b++) {
            const block_q4_0 *blk = e->key + (size_t)r * nb + b;
            float d = fp16_to_fp32(blk->d);
            for (int k = 0; k < 16; k++) {
                vals[b * QK + k] = (float)((blk->qs[k] & 0x0F) - 8) * d;
                vals[b * QK + k + 16] = (float)((blk->qs[k] >> 4) - 8) * d;
            }
        }
        float amax = 0.f;
        for (int k = 0; k < nin; k++) amax = fabsf(vals[k]) > amax ? fabsf(vals[k]) : amax;
        float s = amax / 127.f, inv = s > 0.f ? 1.f / s : 0.f;
        int32_t sum = 0;
        int8_t *row = e->w + (size_t)r * nin;
        for (int k = 0; k < nin; k++) {
            int v = (int)lrintf(vals[k] * inv);
            v = v > 127 ? 127 : (v < -127 ? -127 : v);
            row[k] = (int8_t)v;
            sum += v;
        }
        e->scale[r] = s;
        e->sum[r] = sum;
    }
}

/* The int8 form of `W`, made at its first use and kept until its model is freed. */
static const nk_w8 *nk_w8_of(const block_q4_0 *W, int nout, int nin) {
    /* Rows are read 64 bytes at a time (the pinned model's widths are 384 and 1536). */
    if (nin % 64 != 0) abort();
    pthread_mutex_lock(&nk_w8_lock);
    for (int i = 0; i < nk_w8n; i++) {
        if (nk_w8s[i]->key == W) {
            const nk_w8 *found = nk_w8s[i];
            pthread_mutex_unlock(&nk_w8_lock);
            return found;
        }
    }
    if (nk_w8n == nk_w8cap) {
        nk_w8cap = nk_w8cap ? 2 * nk_w8cap : 128;
        nk_w8s = (nk_w8 **)realloc(nk_w8s, sizeof(nk_w8 *) * (size_t)nk_w8cap);
        if (!nk_w8s) abort();
    }
    nk_w8 *e = (nk_w8 *)malloc(sizeof(nk_w8));
    float *vals = (float *)malloc(sizeof(float) * (size_t)nin);
    if (!e || !vals) abort();
    e->key = W;
    e->nout = nout;
    e->nin = nin;
    e->w = (int8_t *)aligned_alloc(64, (size_t)nout * nin);
    e->scale = (float *)malloc(sizeof(float) * (size_t)nout);
    e->sum = (int32_t *)malloc(sizeof(int32_t) * (size_t)nout);
    if (!e->w || !e->scale || !e->sum) abort();
    nk_w8_fill(e, vals);
    free(vals);
    nk_w8s[nk_w8n++] = e;
    pthread_mutex_unlock(&nk_w8_lock);
    return e;
}

/* What matmul_q4q8 hands every row group of one call. */
static const void *nk_prepare(const block_q4_0 *W, int nout, int nin) {
    return nk_w8_of(W, nout, nin);
}

/* Drops the int8 matrices made from weights in [start, start + size): the model mapped
 * there is being freed (build.rs calls this from e5_free). */
static void nk_forget(const void *start, size_t size) {
    const char *lo = (const char *)start, *hi = lo + size;
    pthread_mutex_lock(&nk_w8_lock);
    int kept = 0;
    for (int i = 0; i < nk_w8n; i++) {
        nk_w8 *e = nk_w8s[i];
        const char *key = (const char *)e->key;
        if (key >= lo && key < hi) {
            free(e->w);
            free(e->scale);
            free(e->sum);
            free(e);
        } else {
            nk_w8s[kept++] = e;
        }
    }
    nk_w8n = kept;
    pthread_mutex_unlock(&nk_w8_lock);
}

/* Each token's activations as unsigned bytes (the value + 128, which `vpdpbusd` multiplies
 * as unsigned; the row sums undo the offset), with the token's scale in d[t * nb]. */
static void nk_quantize(const float *X, int L, int nin, int8_t *q, float *d, int32_t *s) {
    int nb = nin / QK;
    for (int t = 0; t < L; t++) {
        const float *x = X + (size_t)t * nin;
        __m512 m = _mm512_setzero_ps();
        for (int k = 0; k < nin; k += 16) m = _mm512_max_ps(m, _mm512_abs_ps(_mm512_loadu_ps(x + k)));
        float amax = _mm512_reduce_max_ps(m);
        float dd = amax / 127.f, id = dd > 0.f ? 1.f / dd : 0.f;
        const __m512 vid = _mm512_set1_ps(id);
        const __m512i lo = _mm512_set1_epi32(-127), hi = _mm512_set1_epi32(127);
        const __m512i offset = _mm512_set1_epi32(128);
        uint8_t *out = (uint8_t *)q + (size_t)t * nin;
        for (int k = 0; k < nin; k += 16) {
            __m512i v = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(x + k), vid));
            v = _mm512_add_epi32(_mm512_min_epi32(_mm512_max_epi32(v, lo), hi), offset);
            _mm_storeu_si128((__m128i *)(out + k), _mm512_cvtepi32_epi8(v));
        }
        d[(size_t)t * nb] = dd;
        s[(size_t)t * nb] = 0;
    }
}

/* Rows [oo, oo + NK_RO) of Y for every token (`wexp` is the 4-bit path's scratch). */
static void nk_rows(const nk_job *j, int oo, int8_t *wexp) {
    (void)wexp;
    const nk_w8 *w = (const nk_w8 *)j->prepared;
    int nin = j->nin, nout = j->nout, nb = nin / QK;
    int ro = nout - oo < NK_RO ? nout - oo : NK_RO;
    const int8_t *rows[NK_RO];
    /* A partial group repeats its last row: its sums are computed and not stored. */
    for (int r = 0; r < NK_RO; r++) rows[r] = w->w + (size_t)(oo + (r < ro ? r : ro - 1)) * nin;
    for (int t = 0; t < j->L; t++) {
        const uint8_t *a = (const uint8_t *)j->aq + (size_t)t * nin;
        __m512i acc[NK_RO];
        for (int r = 0; r < NK_RO; r++) acc[r] = _mm512_setzero_si512();
        for (int k = 0; k < nin; k += 64) {
            __m512i av = _mm512_loadu_si512((const void *)(a + k));
            for (int r = 0; r < NK_RO; r++)
                acc[r] = _mm512_dpbusd_epi32(acc[r], av, _mm512_loadu_si512((const void *)(rows[r] + k)));
        }
        /* The eight sums side by side, in integers (they can pass 2^24). */
        __m256i h[NK_RO];
        for (int r = 0; r < NK_RO; r++)
            h[r] = _mm256_add_epi32(_mm512_castsi512_si256(acc[r]), _mm512_extracti64x4_epi64(acc[r], 1));
        __m256i h01 = _mm256_hadd_epi32(h[0], h[1]), h23 = _mm256_hadd_epi32(h[2], h[3]);
        __m256i h45 = _mm256_hadd_epi32(h[4], h[5]), h67 = _mm256_hadd_epi32(h[6], h[7]);
        __m256i q0 = _mm256_hadd_epi32(h01, h23), q1 = _mm256_hadd_epi32(h45, h67);
        __m256i sums = _mm256_add_epi32(_mm256_permute2x128_si256(q0, q1, 0x20),
                                        _mm256_permute2x128_si256(q0, q1, 0x31));
        int32_t out[NK_RO] __attribute__((aligned(32)));
        _mm256_store_si256((__m256i *)out, sums);
        float dt = j->ad[(size_t)t * nb];
        float *y = j->Y + (size_t)t * nout + oo;
        for (int r = 0; r < ro; r++)
            y[r] = (j->bias ? j->bias[oo + r] : 0.f) +
                   dt * w->scale[oo + r] * (float)(out[r] - 128 * w->sum[oo + r]);
    }
}
