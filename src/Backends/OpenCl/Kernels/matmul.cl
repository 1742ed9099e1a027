// matmul.cl mirrors CpuBackend.MatMul: C = op(A) · op(B), op(A) of shape (M, K), op(B) of shape (K, N),
// all row-major. With TransA, A is stored as (K, M) and read transposed where it lies; likewise B as (N, K).
// No transpose is ever materialized: only the index arithmetic of the tile loads changes.
//
// Tiling. A work-group computes one TILE_M x TILE_N block of C. It walks along K in steps of TILE_K: each
// step copies a TILE_K-deep slice of op(A) and of op(B) into local memory, where every work-item of the
// group reads it, so each element of A and B is fetched from global memory once per block instead of
// once per output.
//
// Register blocking. Each work-item owns WORK_M rows x WORK_N adjacent columns of C and keeps their sums in
// registers for the whole K loop. The WORK_N columns travel together as one vector (a float8, say): one
// load of op(B) from local memory feeds WORK_M vector multiply-adds, one per row, each with a single value
// of op(A). On a CPU the vector is a SIMD register (POCL does not have to vectorize anything itself); on a
// GPU it is unrolled into WORK_N registers. (CLBlast's Xgemm is built the same way.)
//
// Edges. Elements outside A or B are loaded as 0 and outputs outside C are not stored, so every M, N, K
// works, odd ones included.
//
// The host picks the tile sizes per device and shape and passes them as -D TILE_M=.. TILE_N=.. TILE_K=..
// WORK_M=.. WORK_N=.. when it builds this file. WORK_N must be an OpenCL vector width: 2, 4, 8 or 16.

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

#define JOIN_(a, b) a##b
#define JOIN(a, b) JOIN_(a, b)

// realv: WORK_N reals as one vector, with its load and store (float8, vload8, vstore8 for WORK_N = 8).
typedef JOIN(real, WORK_N) realv;
#define load_realv JOIN(vload, WORK_N)
#define store_realv JOIN(vstore, WORK_N)

inline void matmul_tiles(int M, int N, int K, global const real* A, global const real* B, global real* C,
                         bool trans_a, bool trans_b, local real* a_tile, local real* b_tile)
{
    int tx = get_local_id(0);                      // this work-item's columns: tx*WORK_N ..
    int ty = get_local_id(1);                      // this work-item's rows: ty*WORK_M ..
    int col0 = get_group_id(0) * TILE_N;           // this group's block of C
    int row0 = get_group_id(1) * TILE_M;

    realv acc[WORK_M];
    for (int wm = 0; wm < WORK_M; wm++) acc[wm] = 0;

    for (int k0 = 0; k0 < K; k0 += TILE_K) {
        // A stored (M, K) has depth contiguous; stored transposed, (K, M), it has rows contiguous.
        // op(B) transposed is (N, K): B stored transposed has depth contiguous, plain B (K, N) has not.
        load_tile(a_tile, TILE_M, A, M, K, row0, k0, !trans_a);
        load_tile(b_tile, TILE_N, B, N, K, col0, k0, trans_b);
        barrier(CLK_LOCAL_MEM_FENCE);

        local const real* a_column = a_tile + ty * WORK_M;
        local const real* b_row = b_tile + tx * WORK_N;
        #pragma unroll
        for (int k = 0; k < TILE_K; k++) {
            realv b = load_realv(0, b_row + k * TILE_N);
            #pragma unroll
            for (int wm = 0; wm < WORK_M; wm++) acc[wm] += a_column[k * TILE_M + wm] * b;
        }
        barrier(CLK_LOCAL_MEM_FENCE); // everyone is done with the tiles before the next step overwrites them
    }

    int col = col0 + tx * WORK_N;
    for (int wm = 0; wm < WORK_M; wm++) {
        int row = row0 + ty * WORK_M + wm;
        if (row >= M) break;
        global real* c_row = C + row * N;
        if (col + WORK_N <= N) {
            store_realv(acc[wm], 0, c_row + col);
        } else {
            real last[WORK_N]; // the right edge: only the columns that exist
            store_realv(acc[wm], 0, last);
            for (int wn = 0; col + wn < N; wn++) c_row[col + wn] = last[wn];
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
