/* e5.c's attention (each token over its own text's tokens, head by head), faster. Included by
 * kernel.c.
 *
 * With AVX-512 and heads of 32 (e5-small's), the keys are first transposed head by head, so
 * a query's scores for 16 keys are 32 multiply-adds of whole vectors, the exponentials are
 * computed 16 at a time (the polynomial Cephes' expf uses, scaled by `scalef`), and the
 * context is summed in two registers. With AVX2, a head of 32 is kept in registers and eight
 * keys' dot products are reduced together: e5.c's loop added each value row into the context
 * in memory, a load and a store per key, which was most of the attention's time. */

#if defined(__AVX512F__)
/* e^x for x <= 0 (scores less their maximum): within 2 ulp of expf. */
static inline __m512 nk_exp512(__m512 x) {
    x = _mm512_max_ps(x, _mm512_set1_ps(-87.3f));
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
    __m512 p = _mm512_set1_ps(1.9875691500e-4f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
    p = _mm512_fmadd_ps(_mm512_mul_ps(p, r), r, _mm512_add_ps(r, _mm512_set1_ps(1.f)));
    return _mm512_scalef_ps(p, n);
}

/* One layer's attention for heads of 32: `kt` is scratch for the keys transposed,
 * [head][dimension][token]; `prob` for one query's scores, padded to whole vectors. */
static void nk_attention512(const float *q, const float *k, const float *v, float *ctx,
                            const int *sstart, const int *send, int T, int H, int NH,
                            float scale, float *kt, float *prob) {
    const int hd = 32;
    for (int s = 0; s < T; s++)
        for (int e = 0; e < H; e++) kt[(size_t)e * T + s] = k[(size_t)s * H + e];
    for (int t = 0; t < T; t++)
        for (int h = 0; h < NH; h++) {
            int s0 = sstart[t], s1 = send[t], n = s1 - s0;
            const float *qh = q + (size_t)t * H + h * hd;
            const float *kh = kt + (size_t)h * hd * T + s0;
            __m512 vmx = _mm512_set1_ps(-1e30f);
            for (int s = 0; s < n; s += 16) {
                __mmask16 live = n - s >= 16 ? 0xFFFF : (__mmask16)((1u << (n - s)) - 1);
                __m512 acc = _mm512_setzero_ps();
                for (int e = 0; e < hd; e++)
                    acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(live, kh + (size_t)e * T + s),
                                          _mm512_set1_ps(qh[e] * scale), acc);
                _mm512_storeu_ps(prob + s, acc);
                vmx = _mm512_mask_max_ps(vmx, live, vmx, acc);
            }
            __m512 mx = _mm512_set1_ps(_mm512_reduce_max_ps(vmx));
            __m512 vsum = _mm512_setzero_ps();
            for (int s = 0; s < n; s += 16) {
                __mmask16 live = n - s >= 16 ? 0xFFFF : (__mmask16)((1u << (n - s)) - 1);
                __m512 e = _mm512_maskz_mov_ps(live, nk_exp512(_mm512_sub_ps(_mm512_loadu_ps(prob + s), mx)));
                _mm512_storeu_ps(prob + s, e);
                vsum = _mm512_add_ps(vsum, e);
            }
            float inv = 1.f / _mm512_reduce_add_ps(vsum);
            __m512 c0 = _mm512_setzero_ps(), c1 = _mm512_setzero_ps();
            for (int s = 0; s < n; s++) {
                __m512 p = _mm512_set1_ps(prob[s] * inv);
                const float *vh = v + (size_t)(s0 + s) * H + h * hd;
                c0 = _mm512_fmadd_ps(p, _mm512_loadu_ps(vh), c0);
                c1 = _mm512_fmadd_ps(p, _mm512_loadu_ps(vh + 16), c1);
            }
            float *ch = ctx + (size_t)t * H + h * hd;
            _mm512_storeu_ps(ch, c0);
            _mm512_storeu_ps(ch + 16, c1);
        }
}
#endif

static void nk_attention(const float *q, const float *k, const float *v, float *ctx,
                         const int *sstart, const int *send, int T, int H, int NH, int hd,
                         float scale, int maxp) {
#if defined(__AVX512F__)
    if (hd == 32) {
        float *kt = (float *)malloc(sizeof(float) * (size_t)T * H);
        float *prob = (float *)malloc(sizeof(float) * ((size_t)maxp + 16));
        if (!kt || !prob) abort();
        nk_attention512(q, k, v, ctx, sstart, send, T, H, NH, scale, kt, prob);
        free(kt);
        free(prob);
        return;
    }
#endif
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
