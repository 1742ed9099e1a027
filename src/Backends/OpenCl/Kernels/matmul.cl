// matmul.cl mirrors CpuBackend.MatMul: C = op(A) · op(B), op(A) of shape (M, K), op(B) of shape (K, N),
// all row-major. With TransA, A is stored as (K, M) and read transposed where it lies; likewise B as (N, K).
// No transpose is ever materialized: only the index arithmetic of the tile loads changes.
//
// Tiling. A work-group computes one TILE_M x TILE_N block of C. It walks along K in steps of TILE_K: each
// step copies a TILE_K-deep slice of op(A) and of op(B) into local memory, where every work-item of the
// group reads it, so each element of A and B is fetched from global memory once per block instead of
// once per output.
//
// Register blocking. Each work-item owns WORK_M x WORK_N outputs and keeps their sums in registers for the
// whole K loop, so every value it reads from local memory feeds WORK_N (or WORK_M) multiply-adds. A
// work-item's outputs are strided by the number of work-items along that dimension, so neighbouring
// work-items touch neighbouring addresses: coalesced on a GPU, one vector load on a CPU.
//
// Edges. Elements outside A or B are loaded as 0 and outputs outside C are not stored, so every M, N, K
// works, odd ones included.
//
// The host picks the tile sizes per device and shape and passes them as -D TILE_M=.. TILE_N=.. TILE_K=..
// WORK_M=.. WORK_N=.. when it builds this file.

#define THREADS_M (TILE_M / WORK_M)
#define THREADS_N (TILE_N / WORK_N)
#define THREADS (THREADS_M * THREADS_N)

#ifndef REAL_INT

// Copies the TILE_K x tile_rows slice of a matrix Z, rows row0.. and depth k0.., into tile[k][r].
// Z is op(A) (rows = M) or op(B) transposed (rows = N); `depth_contiguous` says whether Z is stored
// as (rows, K), with depth running fastest, or as (K, rows). Consecutive work-items take consecutive
// addresses of Z either way, so the global reads stay coalesced whichever way the matrix is stored.
inline void load_tile(local real* tile, int tile_rows, global const real* z, int rows, int K,
                      int row0, int k0, bool depth_contiguous)
{
    int id = get_local_id(1) * THREADS_N + get_local_id(0);
    for (int e = id; e < TILE_K * tile_rows; e += THREADS) {
        int r = depth_contiguous ? e / TILE_K : e % tile_rows;
        int k = depth_contiguous ? e % TILE_K : e / tile_rows;
        int zr = row0 + r;
        int zk = k0 + k;
        real v = 0;
        if (zr < rows && zk < K) v = depth_contiguous ? z[zr * K + zk] : z[zk * rows + zr];
        tile[k * tile_rows + r] = v;
    }
}

inline void matmul_tiles(int M, int N, int K, global const real* A, global const real* B, global real* C,
                         bool trans_a, bool trans_b, local real* a_tile, local real* b_tile)
{
    int tx = get_local_id(0);             // which of the THREADS_N columns of work-items
    int ty = get_local_id(1);             // which of the THREADS_M rows of work-items
    int col0 = get_group_id(0) * TILE_N;  // this group's block of C
    int row0 = get_group_id(1) * TILE_M;

    real acc[WORK_M][WORK_N];
    for (int wm = 0; wm < WORK_M; wm++)
        for (int wn = 0; wn < WORK_N; wn++) acc[wm][wn] = 0;

    for (int k0 = 0; k0 < K; k0 += TILE_K) {
        // A stored (M, K) has depth contiguous; stored transposed, (K, M), it has rows contiguous.
        // op(B) transposed is (N, K): B stored transposed has depth contiguous, plain B (K, N) has not.
        load_tile(a_tile, TILE_M, A, M, K, row0, k0, !trans_a);
        load_tile(b_tile, TILE_N, B, N, K, col0, k0, trans_b);
        barrier(CLK_LOCAL_MEM_FENCE);

        #pragma unroll
        for (int k = 0; k < TILE_K; k++) {
            real a[WORK_M];
            real b[WORK_N];
            #pragma unroll
            for (int wm = 0; wm < WORK_M; wm++) a[wm] = a_tile[k * TILE_M + ty + wm * THREADS_M];
            #pragma unroll
            for (int wn = 0; wn < WORK_N; wn++) b[wn] = b_tile[k * TILE_N + tx + wn * THREADS_N];
            #pragma unroll
            for (int wm = 0; wm < WORK_M; wm++)
                #pragma unroll
                for (int wn = 0; wn < WORK_N; wn++) acc[wm][wn] += a[wm] * b[wn];
        }
        barrier(CLK_LOCAL_MEM_FENCE); // the tiles are read by all before the next step overwrites them
    }

    for (int wm = 0; wm < WORK_M; wm++) {
        int row = row0 + ty + wm * THREADS_M;
        for (int wn = 0; wn < WORK_N; wn++) {
            int col = col0 + tx + wn * THREADS_N;
            if (row < M && col < N) C[row * N + col] = acc[wm][wn];
        }
    }
}

// One kernel per (TransA, TransB) so that each is compiled with its index arithmetic fixed.
#define MATMUL_KERNEL(name, trans_a, trans_b)                                                          \
    kernel __attribute__((reqd_work_group_size(THREADS_N, THREADS_M, 1)))                             \
    void name(int M, int N, int K, global const real* A, global const real* B, global real* C)         \
    {                                                                                                   \
        local real a_tile[TILE_K * TILE_M];                                                             \
        local real b_tile[TILE_K * TILE_N];                                                             \
        matmul_tiles(M, N, K, A, B, C, trans_a, trans_b, a_tile, b_tile);                               \
    }

MATMUL_KERNEL(matmul_nn, false, false)
MATMUL_KERNEL(matmul_nt, false, true)
MATMUL_KERNEL(matmul_tn, true, false)
MATMUL_KERNEL(matmul_tt, true, true)

#endif
