// scan.cl mirrors CpuBackend.CumSum and CpuBackend.CopyToSlice (Cpu/Scan.cs), the input viewed as
// (outer, axis, inner).

// The running sums of float are kept in double where the device has it, as the CPU (and torch's CPU cumsum)
// keeps them, so that both backends round the same exact prefix sums.
#if defined(REAL_FLOAT) && defined(HAS_FP64)
typedef double acc_t;
#else
typedef real acc_t;
#endif

// CumSum: y[o, a, i] = Σ x[o, k, i] for k ≤ a. A work-group serves `width` neighbouring columns i (local
// dimension 0, so neighbours read neighbouring addresses) with `lanes` work-items each (local dimension 1, a
// power of two). The column is walked in chunks of `lanes` elements: each lane loads one element (for a
// contiguous row, consecutive lanes read consecutive addresses), the chunk is scanned in local memory in
// log2(lanes) steps (Hillis–Steele: each step adds the value `step` lanes back, reads and writes separated by
// barriers, so no lane reads a slot another is writing), and the sum of the chunks before it is added.
// Global size: (inner rounded up to the group width, lanes, outer).
kernel void cumsum(int axis, int inner, global const real* x, global real* y, local acc_t* partial)
{
    int i = get_global_id(0);
    int o = get_global_id(2);
    int lane = get_local_id(1);
    int lanes = get_local_size(1);
    int width = get_local_size(0);
    int column = get_local_id(0);
    int slot = lane * width + column;

    acc_t carry = 0;
    for (int start = 0; start < axis; start += lanes) {
        int a = start + lane;
        bool inside = i < inner && a < axis;
        partial[slot] = inside ? (acc_t)x[(o * axis + a) * inner + i] : 0;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int step = 1; step < lanes; step *= 2) {
            acc_t before = lane >= step ? partial[slot - step * width] : 0;
            barrier(CLK_LOCAL_MEM_FENCE);
            partial[slot] += before;
            barrier(CLK_LOCAL_MEM_FENCE);
        }
        if (inside) y[(o * axis + a) * inner + i] = (real)(carry + partial[slot]);
        carry += partial[(lanes - 1) * width + column];
        barrier(CLK_LOCAL_MEM_FENCE); // the next chunk overwrites the slots just read
    }
}

// CopyToSlice: y[o, start + j, i] = x[o, j, i], one work-item per element of x; neighbouring work-items read
// and write neighbouring addresses. n = outer · len · inner.
kernel void copy_to_slice(int n, int len, int axis, int inner, int start, global const real* x, global real* y)
{
    int g = get_global_id(0);
    if (g >= n) return;
    int run = len * inner;
    int o = g / run;
    y[(o * axis + start) * inner + (g - o * run)] = x[g];
}
