// matmul_nt.cl: C = A · Bᵀ with A (M, K) and B (N, K) both row-major, the product of every linear layer's
// forward pass (x · Wᵀ with W stored as (out, in), as torch stores it). Mirrors CpuBackend.MatMul with TransB.
//
// Why a kernel of its own: matmul.cl needs op(B)'s slice as [k][column], so for B stored as (N, K) it transposes
// every slice on its way into local memory, one scalar store per element. On POCL that copy cost as much as the
// multiply: 64×784 @ (128×784)ᵀ ran at 17 GFLOP/s against 66 for the same work untransposed. Here nothing is
// transposed. C[m, n] is the dot product of row m of A and row n of B, two rows that are both contiguous along
// K, so the slices are copied as they lie and the multiply runs along K: each work-item keeps 4 × 4
// vectors of DOT_V partial sums (float16 on an AVX-512 CPU, float4 on a GPU), adds a·b for each K-vector, and
// folds each vector to one number at the end.
//
// Tiling: a work-group computes a (GROUP_M·4) × (GROUP_N·4) block of C. With DOT_LOCAL (GPUs) it walks
// K in slices of DOT_K staged in local memory (rows of A and of B, each DOT_K long plus DOT_PAD to spread the
// banks); elements outside A or B are staged as 0. Without (CPUs) it reads the rows in place. Outputs outside C
// are not stored. The host (MatMulDotTiles.cs) passes DOT_V, DOT_K, DOT_PAD, DOT_LOCAL, GROUP_M
// and GROUP_N as -D options; DOT_V divides DOT_K.

#ifndef REAL_INT

#define JOIN_(a, b) a##b
#define JOIN(a, b) JOIN_(a, b)
typedef JOIN(real, DOT_V) realk;
#define load_realk JOIN(vload, DOT_V)

#define BLOCK_M (GROUP_M * 4)
#define BLOCK_N (GROUP_N * 4)
#define PITCH (DOT_K + DOT_PAD)

// Copies rows row0.. of the row-major matrix z (z_rows × K), columns k0..k0+DOT_K, into tile[ROWS][PITCH].
inline void load_rows(local real* tile, int ROWS, global const real* z, int z_rows, int K, int row0, int k0)
{
    int id = get_local_id(1) * GROUP_N + get_local_id(0);
    int vectors = DOT_K / DOT_V;
    bool full_depth = k0 + DOT_K <= K;
    for (int v = id; v < ROWS * vectors; v += GROUP_M * GROUP_N) {
        int r = v / vectors;
        int k = (v % vectors) * DOT_V;
        global const real* from = z + (row0 + r) * K + k0 + k;
        local real* to = tile + r * PITCH + k;
        if (row0 + r < z_rows && full_depth) {
            JOIN(vstore, DOT_V)(load_realk(0, from), 0, to);
        } else {
            for (int i = 0; i < DOT_V; i++) to[i] = row0 + r < z_rows && k0 + k + i < K ? from[i] : 0;
        }
    }
}

// The sum of a vector's lanes.
inline real lane_sum(realk x)
{
    real lanes[DOT_V];
    JOIN(vstore, DOT_V)(x, 0, lanes);
    real s = 0;
    for (int i = 0; i < DOT_V; i++) s += lanes[i];
    return s;
}

// The 4 × 4 register block, spelled out: POCL does not unroll loops over private arrays, and an array it does
// not unroll lives on the stack (the first version of this kernel, written with acc[DOT_M][DOT_N] and loops,
// compiled to 6 FMA instructions and ran no faster than matmul.cl's transposing copy).
#define DECLARE_ROW(i) realk acc##i##0 = 0, acc##i##1 = 0, acc##i##2 = 0, acc##i##3 = 0
#define MULTIPLY_ROW(i) acc##i##0 += a##i * b0; acc##i##1 += a##i * b1; acc##i##2 += a##i * b2; acc##i##3 += a##i * b3
#define MULTIPLY_ALL MULTIPLY_ROW(0); MULTIPLY_ROW(1); MULTIPLY_ROW(2); MULTIPLY_ROW(3)
#define STORE(i, j) store_sum(C, M, N, row0 + ty * 4 + i, col0 + tx * 4 + j, lane_sum(acc##i##j) + tail[i][j])
#define STORE_ROW(i) STORE(i, 0); STORE(i, 1); STORE(i, 2); STORE(i, 3)

inline void store_sum(global real* C, int M, int N, int row, int col, real sum)
{
    if (row < M && col < N) C[row * N + col] = sum;
}

kernel __attribute__((reqd_work_group_size(GROUP_N, GROUP_M, 1)))
void matmul_nt_dot(int M, int N, int K, global const real* A, global const real* B, global real* C)
{
    int tx = get_local_id(0), ty = get_local_id(1);
    int row0 = get_group_id(1) * BLOCK_M, col0 = get_group_id(0) * BLOCK_N;
    DECLARE_ROW(0); DECLARE_ROW(1); DECLARE_ROW(2); DECLARE_ROW(3);
    real tail[4][4] = {{0}}; // the last K % DOT_V products (without DOT_LOCAL), one at a time

#if DOT_LOCAL
    // A GPU: slices staged in local memory, shared by the group's work-items.
    local real a_tile[BLOCK_M * PITCH];
    local real b_tile[BLOCK_N * PITCH];
    local const real* a_row = a_tile + ty * 4 * PITCH;
    local const real* b_row = b_tile + tx * 4 * PITCH;
    for (int k0 = 0; k0 < K; k0 += DOT_K) {
        load_rows(a_tile, BLOCK_M, A, M, K, row0, k0);
        load_rows(b_tile, BLOCK_N, B, N, K, col0, k0);
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int k = 0; k < DOT_K; k += DOT_V) {
            realk a0 = load_realk(0, a_row + k), a1 = load_realk(0, a_row + PITCH + k);
            realk a2 = load_realk(0, a_row + 2 * PITCH + k), a3 = load_realk(0, a_row + 3 * PITCH + k);
            realk b0 = load_realk(0, b_row + k), b1 = load_realk(0, b_row + PITCH + k);
            realk b2 = load_realk(0, b_row + 2 * PITCH + k), b3 = load_realk(0, b_row + 3 * PITCH + k);
            MULTIPLY_ALL;
        }
        barrier(CLK_LOCAL_MEM_FENCE); // everyone is done with the tiles before the next slice overwrites them
    }
#else
    // A CPU: the rows, already contiguous along K, are read where they lie and the caches keep them (no copy,
    // and no barrier, across which POCL would keep the sums in memory instead of registers). Rows past the edge
    // of A or B read the last row instead, and their sums are never stored.
    int r = row0 + ty * 4, c = col0 + tx * 4;
    global const real* a0_row = A + min(r, M - 1) * K;
    global const real* a1_row = A + min(r + 1, M - 1) * K;
    global const real* a2_row = A + min(r + 2, M - 1) * K;
    global const real* a3_row = A + min(r + 3, M - 1) * K;
    global const real* b0_row = B + min(c, N - 1) * K;
    global const real* b1_row = B + min(c + 1, N - 1) * K;
    global const real* b2_row = B + min(c + 2, N - 1) * K;
    global const real* b3_row = B + min(c + 3, N - 1) * K;
    int k = 0;
    for (; k + DOT_V <= K; k += DOT_V) {
        realk a0 = load_realk(0, a0_row + k), a1 = load_realk(0, a1_row + k);
        realk a2 = load_realk(0, a2_row + k), a3 = load_realk(0, a3_row + k);
        realk b0 = load_realk(0, b0_row + k), b1 = load_realk(0, b1_row + k);
        realk b2 = load_realk(0, b2_row + k), b3 = load_realk(0, b3_row + k);
        MULTIPLY_ALL;
    }
    global const real* a_rows[4] = {a0_row, a1_row, a2_row, a3_row};
    global const real* b_rows[4] = {b0_row, b1_row, b2_row, b3_row};
    for (; k < K; k++) {
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) tail[i][j] += a_rows[i][k] * b_rows[j][k];
        }
    }
#endif

    STORE_ROW(0); STORE_ROW(1); STORE_ROW(2); STORE_ROW(3);
}

#endif
