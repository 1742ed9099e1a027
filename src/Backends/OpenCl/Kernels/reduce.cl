// reduce.cl mirrors CpuBackend.Reduce: y[o, i] = op over x[o, :, i], the input viewed as (outer, axis, inner).
//
// A work-group serves a few neighbouring columns i (local dimension 0, so neighbours read neighbouring
// addresses) with `lanes` work-items per column (local dimension 1, a power of two). Each lane first folds
// every lanes-th element of its column; then the lanes fold their partial results pairwise in local memory,
// halving the number of active lanes each step: a tree of log2(lanes) steps instead of one long loop.
// Global size: (inner rounded up to the group width, lanes, outer).

enum reduce_op { SUM, MAX, MIN, PROD };

inline real combine(int op, real a, real b)
{
    switch (op) {
        case SUM: return a + b;
        case MAX: return max_nan(a, b);
        case PROD: return a * b;
        default: return min_nan(a, b);
    }
}

inline real identity(int op)
{
    switch (op) {
        case SUM: return 0;
        case MAX: return REAL_LOWEST;
        case PROD: return 1;
        default: return REAL_HIGHEST;
    }
}

// A short axis (a row of 10 class scores): one work-item per output folds its axis alone, in order, as the
// CPU's loop does, and a 2-D range of (i, o) needs no local memory and no barrier. On POCL a group with
// barriers runs as several loops over its work-items, and a 256 × 10 row sum as 256 groups of 16 lanes took
// 33 µs; as one work-item per row, a few. The host takes this form when the axis is at most ShortAxis long.
kernel void reduce_short(int op, int axis, int inner, int outer, global const real* x, global real* y)
{
    int i = get_global_id(0), o = get_global_id(1);
    if (i >= inner || o >= outer) return;
    real acc = identity(op);
    for (int a = 0; a < axis; a++) acc = combine(op, acc, x[(o * axis + a) * inner + i]);
    y[o * inner + i] = acc;
}

kernel void reduce(int op, int axis, int inner, global const real* x, global real* y, local real* partial)
{
    int i = get_global_id(0);
    int o = get_global_id(2);
    int lane = get_local_id(1);
    int lanes = get_local_size(1);
    int width = get_local_size(0);
    int slot = lane * width + get_local_id(0);

    real acc = identity(op);
    if (i < inner) {
        for (int a = lane; a < axis; a += lanes) acc = combine(op, acc, x[(o * axis + a) * inner + i]);
    }
    partial[slot] = acc;
    barrier(CLK_LOCAL_MEM_FENCE);

    for (int step = lanes / 2; step > 0; step /= 2) {
        if (lane < step) partial[slot] = combine(op, partial[slot], partial[slot + step * width]);
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lane == 0 && i < inner) y[o * inner + i] = partial[slot];
}

// ArgMax / ArgMin: should candidate (v, k) replace (best, best_k)? The first index wins ties, and a NaN
// counts as the most extreme value (torch.argmax returns the first NaN). k < 0 means "no candidate".
inline bool better(int want_max, real v, int k, real best, int best_k)
{
    if (k < 0) return false;
    if (best_k < 0) return true;
    if (IS_NAN(v) || IS_NAN(best)) return IS_NAN(v) && (!IS_NAN(best) || k < best_k);
    if (v == best) return k < best_k;
    return want_max ? v > best : v < best;
}

// ArgMax / ArgMin along a short axis: one work-item per output, as reduce_short.
kernel void reduce_arg_short(int want_max, int axis, int inner, int outer, global const real* x, global int* y)
{
    int i = get_global_id(0), o = get_global_id(1);
    if (i >= inner || o >= outer) return;
    real best = 0;
    int best_k = -1;
    for (int a = 0; a < axis; a++) {
        real v = x[(o * axis + a) * inner + i];
        if (better(want_max, v, a, best, best_k)) {
            best = v;
            best_k = a;
        }
    }
    y[o * inner + i] = best_k;
}

kernel void reduce_arg(int want_max, int axis, int inner, global const real* x, global int* y,
                       local real* partial_value, local int* partial_index)
{
    int i = get_global_id(0);
    int o = get_global_id(2);
    int lane = get_local_id(1);
    int lanes = get_local_size(1);
    int width = get_local_size(0);
    int slot = lane * width + get_local_id(0);

    real best = 0;
    int best_k = -1;
    if (i < inner) {
        for (int a = lane; a < axis; a += lanes) {
            real v = x[(o * axis + a) * inner + i];
            if (better(want_max, v, a, best, best_k)) {
                best = v;
                best_k = a;
            }
        }
    }
    partial_value[slot] = best;
    partial_index[slot] = best_k;
    barrier(CLK_LOCAL_MEM_FENCE);

    for (int step = lanes / 2; step > 0; step /= 2) {
        if (lane < step) {
            int other = slot + step * width;
            if (better(want_max, partial_value[other], partial_index[other],
                       partial_value[slot], partial_index[slot])) {
                partial_value[slot] = partial_value[other];
                partial_index[slot] = partial_index[other];
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lane == 0 && i < inner) y[o * inner + i] = partial_index[slot];
}
