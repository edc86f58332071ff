// The sparse matrix × agent-block product at the heart of simulated bifurcation, in C so that the wide
// AVX version can be chosen at run time (Swift cannot compile one function for two instruction sets).
#include "CSolverKernels.h"

#pragma clang fp contract(off)  // a fused multiply-add would round differently from the portable path

#define WIDTH 32

// The portable path: one agent at a time, a multiply then an add (the compiler vectorises it to SSE).
static void spmm_portable(int64_t m, const int64_t *starts, const int32_t *columns, const float *values,
                          const float *input, float *out) {
    for (int64_t i = 0; i < m; i++) {
        float acc[WIDTH] = {0};
        for (int64_t k = starts[i]; k < starts[i + 1]; k++) {
            const float v = values[k];
            const float *row = input + (int64_t)columns[k] * WIDTH;
            for (int lane = 0; lane < WIDTH; lane++) {
                const float product = v * row[lane];
                acc[lane] = acc[lane] + product;
            }
        }
        for (int lane = 0; lane < WIDTH; lane++) out[i * WIDTH + lane] = acc[lane];
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx")))
static void spmm_avx(int64_t m, const int64_t *starts, const int32_t *columns, const float *values,
                     const float *input, float *out) {
    for (int64_t i = 0; i < m; i++) {
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
        for (int64_t k = starts[i]; k < starts[i + 1]; k++) {
            const __m256 v = _mm256_set1_ps(values[k]);
            const float *row = input + (int64_t)columns[k] * WIDTH;
            a0 = _mm256_add_ps(a0, _mm256_mul_ps(v, _mm256_loadu_ps(row)));
            a1 = _mm256_add_ps(a1, _mm256_mul_ps(v, _mm256_loadu_ps(row + 8)));
            a2 = _mm256_add_ps(a2, _mm256_mul_ps(v, _mm256_loadu_ps(row + 16)));
            a3 = _mm256_add_ps(a3, _mm256_mul_ps(v, _mm256_loadu_ps(row + 24)));
        }
        float *o = out + i * WIDTH;
        _mm256_storeu_ps(o, a0);
        _mm256_storeu_ps(o + 8, a1);
        _mm256_storeu_ps(o + 16, a2);
        _mm256_storeu_ps(o + 24, a3);
    }
}
#endif

void qama_spmm_block32(int64_t m, const int64_t *starts, const int32_t *columns, const float *values,
                       const float *input, float *out) {
#if defined(__x86_64__)
    static int has_avx = -1;  // benign race: every thread computes the same answer
    if (has_avx < 0) {
        __builtin_cpu_init();
        has_avx = __builtin_cpu_supports("avx") ? 1 : 0;
    }
    if (has_avx) {
        spmm_avx(m, starts, columns, values, input, out);
        return;
    }
#endif
    spmm_portable(m, starts, columns, values, input, out);
}
