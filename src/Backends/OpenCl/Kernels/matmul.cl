// matmul.cl mirrors CpuBackend.MatMul: C = op(A) · op(B), op(A) of shape (M, K), op(B) of shape (K, N),
// all row-major. With TransA, A is stored as (K, M) and read transposed where it lies; likewise B as (N, K).
// No transpose is ever materialized: only which way a tile is copied into local memory changes.
//
// Tiling. A work-group computes one TILE_M x TILE_N block of C. It walks along K in steps of TILE_K: each
// step copies a TILE_K-deep slice of op(A) and of op(B) into local memory, where every work-item of the
// group reads it, so each element of A and B is fetched from global memory once per block instead of
// once per output. (On a CPU the same copy is what BLAS libraries call packing: the slices then sit
// contiguously in the L1 cache.)
//
// Register blocking. Each work-item owns WORK_M rows x WORK_N adjacent columns of C and keeps their sums in
// registers for the whole K loop. The WORK_N columns travel together as one vector (a float4 on a GPU, a
// float16 on an AVX-512 CPU): one load of op(B) from local memory feeds WORK_M vector multiply-adds, one per
// row, each with a single value of op(A). CLBlast's Xgemm is built the same way.
//
// Edges. Elements outside A or B are copied as 0 and outputs outside C are not stored, so every M, N, K
// works, odd ones included.
//
// The host picks the sizes per device (MatMulTiles.cs) and passes them as -D TILE_M=.. TILE_N=.. TILE_K=..
// WORK_M=.. WORK_N=.. when it builds this file. WORK_N is an OpenCL vector width (2, 4, 8 or 16) and divides
// TILE_M, TILE_N and TILE_K.

#define THREADS_M (TILE_M / WORK_M)
#define THREADS_N (TILE_N / WORK_N)
#define THREADS (THREADS_M * THREADS_N)

#ifndef REAL_INT

// realv: WORK_N reals as one vector, with its load and store (float8, vload8, vstore8 for WORK_N = 8).
#define JOIN_(a, b) a##b
#define JOIN(a, b) JOIN_(a, b)
typedef JOIN(real, WORK_N) realv;
#define load_realv JOIN(vload, WORK_N)
#define store_realv JOIN(vstore, WORK_N)

// Copies the ROWS x COLS block at (row0, col0) of the row-major matrix z (z_rows x z_cols) into local memory:
// as tile[ROWS][COLS], or, with `transpose`, as tile[COLS][ROWS]. Where the block hangs over the edge of z it
// writes 0. The work-items share the block vector by vector in memory order, so neighbours read neighbouring
// addresses; a block wholly inside z (all but the edge tiles) is read with plain vector loads.
inline void load_block(local real* tile, int ROWS, int COLS, bool transpose,
                       global const real* z, int z_rows, int z_cols, int row0, int col0)
{
    int id = get_local_id(1) * THREADS_N + get_local_id(0);
    int vectors_per_row = COLS / WORK_N;
    bool inside = row0 + ROWS <= z_rows && col0 + COLS <= z_cols;
    for (int v = id; v < ROWS * vectors_per_row; v += THREADS) {
        int r = v / vectors_per_row;
        int c = (v % vectors_per_row) * WORK_N;
        global const real* from = z + (row0 + r) * z_cols + col0 + c;
        realv x;
        if (inside) {
            x = load_realv(0, from);
        } else {
            real part[WORK_N];
            for (int i = 0; i < WORK_N; i++) {
                part[i] = row0 + r < z_rows && col0 + c + i < z_cols ? from[i] : 0;
            }
            x = load_realv(0, part);
        }
        if (transpose) {
            real part[WORK_N];
            store_realv(x, 0, part);
            for (int i = 0; i < WORK_N; i++) tile[(c + i) * ROWS + r] = part[i];
        } else {
            store_realv(x, 0, tile + r * COLS + c);
        }
    }
}

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
        // op(A)'s slice (rows row0.., depth k0..) is copied as it lies: [row][k] from A (M, K), [k][row] from
        // A stored transposed (K, M); the multiply below reads either layout.
        if (trans_a) load_block(a_tile, TILE_K, TILE_M, false, A, K, M, k0, row0);
        else load_block(a_tile, TILE_M, TILE_K, false, A, M, K, row0, k0);
        // op(B)'s slice must be [k][column], so that WORK_N neighbouring columns are one vector: B (K, N) is
        // copied as it lies, B stored transposed (N, K) is transposed on its way into local memory.
        if (trans_b) load_block(b_tile, TILE_N, TILE_K, true, B, N, K, col0, k0);
        else load_block(b_tile, TILE_K, TILE_N, false, B, K, N, k0, col0);
        barrier(CLK_LOCAL_MEM_FENCE);

        local const real* b_row = b_tile + tx * WORK_N;
        #pragma unroll
        for (int k = 0; k < TILE_K; k++) {
            realv b = load_realv(0, b_row + k * TILE_N);
            #pragma unroll
            for (int wm = 0; wm < WORK_M; wm++) {
                int r = ty * WORK_M + wm;
                real a = trans_a ? a_tile[k * TILE_M + r] : a_tile[r * TILE_K + k];
                acc[wm] += a * b;
            }
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

// One kernel per (TransA, TransB), so each is compiled with its copies fixed.
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
