/* The 4-bit path of nichiro's matmul (CPUs without AVX-512 VNNI): e5.c's own arithmetic, each
 * output the same sum of the same int32 block products, scaled the same way, as e5.c computes
 * it. Included by kernel.c. */

/* Nothing is made of the weights, nor kept per model, on this path. */
static const void *nk_prepare(const block_q4_0 *W, int nout, int nin) {
    (void)W;
    (void)nout;
    (void)nin;
    return NULL;
}

static void nk_forget(const void *start, size_t size) {
    (void)start;
    (void)size;
}

static inline float nk_half(uint16_t h) {
#if defined(__F16C__)
    return _cvtsh_ss(h);
#else
    return fp16_to_fp32(h);
#endif
}

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

