// matmul_narrow.cl: C = Aᵀ · B with A stored (K, M) and C at most 16 columns wide, on CPUs (POCL): softmax
// regression's weight gradient Xᵀ·G, (784×256)·(256×10). Mirrors the CPU backend's skinny kernel
// (Gemm.Skinny.cs, MultiplyColumns).
//
// Why a kernel of its own: matmul.cl's CPU tiles are 16 × 16, so 10 columns waste six of every sixteen
// multiply-adds, and each group of 16 rows stages slices of A and B in local memory. Here one work-item holds 16
// consecutive rows of C, one 16-wide vector per column of C, and walks k: row k of A's storage is contiguous along
// M, so each step is one vector load of A and NARROW_N values of B's row k, each broadcast into one fused
// multiply-add. The sums run in k order, as the CPU's do. NARROW_N is a -D option (the host builds one variant per
// width), so the branches on it fold away and the accumulators stay in registers: they are spelled out because
// POCL keeps a private array that a loop indexes on the stack (see matmul_nt.cl).
//
// GPUs keep matmul.cl's narrow tiles: 16 vectors of 16 per work-item would not fit a GPU thread's registers.

#ifndef REAL_INT

#define JOIN_(a, b) a##b
#define JOIN(a, b) JOIN_(a, b)
typedef JOIN(real, 16) realv;

#define ACC(j) realv acc##j = 0
#define STEP(j) if (j < NARROW_N) acc##j = fma(a, (realv)(b[j]), acc##j)
#define STORE(j) if (j < NARROW_N) { \
        real lanes[16]; \
        vstore16(acc##j, 0, lanes); \
        for (int l = 0; l < 16; l++) C[(i0 + l) * NARROW_N + j] = lanes[l]; \
    }

kernel void matmul_tn_narrow(int M, int K, global const real* A, global const real* B, global real* C)
{
    int i0 = get_global_id(0) * 16;
    if (i0 >= M) return;
    if (i0 + 16 > M) {
        // The last rows when M is not a multiple of 16: one sum at a time, in the same k order.
        for (int i = i0; i < M; i++) {
            for (int j = 0; j < NARROW_N; j++) {
                real s = 0;
                for (int k = 0; k < K; k++) s = fma(A[k * M + i], B[k * NARROW_N + j], s);
                C[i * NARROW_N + j] = s;
            }
        }
        return;
    }

    ACC(0); ACC(1); ACC(2); ACC(3); ACC(4); ACC(5); ACC(6); ACC(7);
    ACC(8); ACC(9); ACC(10); ACC(11); ACC(12); ACC(13); ACC(14); ACC(15);
    for (int k = 0; k < K; k++) {
        realv a = vload16(0, A + k * M + i0);
        global const real* b = B + k * NARROW_N;
        STEP(0); STEP(1); STEP(2); STEP(3); STEP(4); STEP(5); STEP(6); STEP(7);
        STEP(8); STEP(9); STEP(10); STEP(11); STEP(12); STEP(13); STEP(14); STEP(15);
    }
    STORE(0); STORE(1); STORE(2); STORE(3); STORE(4); STORE(5); STORE(6); STORE(7);
    STORE(8); STORE(9); STORE(10); STORE(11); STORE(12); STORE(13); STORE(14); STORE(15);
}

#endif
