#ifndef CSOLVERKERNELS_H
#define CSOLVERKERNELS_H

#include <stdint.h>

/// out = J · input for one block of 32 simulated-bifurcation agents: input and out are row-major
/// [m × 32] floats, J is CSR (starts has m + 1 entries).
///
/// Uses 256-bit AVX when the CPU has it and 128-bit SSE otherwise, with the same operations in the same
/// order per agent (a multiply, then an add; never fused), so the result is bit for bit the same on
/// every x86-64 CPU and on other architectures.
void qama_spmm_block32(int64_t m, const int64_t *starts, const int32_t *columns, const float *values,
                       const float *input, float *out);

#endif
