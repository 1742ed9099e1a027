// gather.cl mirrors the CPU's GatherScatter class (Gather, IndexSelect, ScatterAdd), with input viewed as
// (outer, axis, inner) and index and output as (outer, len, inner). The host has checked every index against 0..axis-1
// (see OpenClBackend.ValidateIndices); the guards below only keep a bad index from touching stray memory.

// y[o, j, i] = x[o, index[o, j, i], i]; one work-item per output element.
kernel void gather(int outer, int axis, int len, int inner,
                   global const real* x, global const int* index, global real* y)
{
    int g = get_global_id(0);
    if (g >= outer * len * inner) return;
    int i = g % inner;
    int o = g / (inner * len);
    int k = index[g];
    y[g] = (k >= 0 && k < axis) ? x[(o * axis + k) * inner + i] : 0;
}

// torch.index_select: y[o, j, i] = x[o, index[j], i], one index per row shared by every o and i (how a
// minibatch of examples is picked from a dataset that lives on the device). Mirrors
// GatherScatter.IndexSelect. A 3-D range of (i, j, o), one work-item per element: neighbouring work-items copy
// neighbouring addresses of one row (coalesced on a GPU) and every one of them reads the same index. On POCL
// the group's work-items become SIMD lanes of one loop. A 256 × 784 minibatch took 350–450 µs there under
// load, as the earlier form (one group per row, its work-items looping along it) did; index_select16 below
// takes it to about 120 µs quiet (the CPU backend's gather: about 85 µs; the rows are random 3 KB pieces of a
// 188 MB dataset).
kernel void index_select(int axis, int len, int inner, global const real* x, global const int* index,
                         global real* y)
{
    int i = get_global_id(0), j = get_global_id(1), o = get_global_id(2);
    if (i >= inner || j >= len) return;
    int k = index[j];
    y[(o * len + j) * inner + i] = k >= 0 && k < axis ? x[(o * axis + k) * inner + i] : 0;
}

// The same copy when a row is a multiple of 16 values long (a Fashion-MNIST image is 49 × 16 floats): one
// work-item copies 16 neighbouring values with one vector load and store, so a group of them copies a run of a
// row. On POCL the element-wise form above is a loop that re-reads the index and tests it for every value
// (215 against 123 µs for a 256 × 784 minibatch, gathered in a loop).
kernel void index_select16(int axis, int len, int inner, global const real* x, global const int* index,
                           global real* y)
{
    int v = get_global_id(0), j = get_global_id(1), o = get_global_id(2);
    if (v * 16 >= inner || j >= len) return;
    int k = index[j];
    if (k < 0 || k >= axis) return;
    vstore16(vload16(v, x + (o * axis + k) * inner), v, y + (o * len + j) * inner);
}

// y[o, index[o, j, i], i] += source[o, j, i]. Several j may hit the same y element, so instead of racing
// with atomics, one work-item owns each y[o, a, i] and walks j in order, adding the sources whose index
// is a. No two work-items ever write the same element, and the sum is added in the same order as the
// CPU's loop, so both give bit-identical results. It costs len reads per output: fine for the gradients
// of y_hat[range(n), y] that the lessons need.
kernel void scatter_add(int axis, int len, int inner, global const real* source, global const int* index,
                        global real* y)
{
    int i = get_global_id(0), a = get_global_id(1), o = get_global_id(2); // a 3-D range over y: no division
    if (i >= inner || a >= axis) return;
    int g = (o * axis + a) * inner + i;
    real acc = y[g];
    for (int j = 0; j < len; j++) {
        int s = (o * len + j) * inner + i;
        if (index[s] == a) acc += source[s];
    }
    y[g] = acc;
}
