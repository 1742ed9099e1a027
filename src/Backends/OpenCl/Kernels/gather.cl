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
// GatherScatter.IndexSelect. One work-group copies one row (o, j): it reads the index once, and its
// work-items stride along the row together, so neighbouring work-items touch neighbouring addresses
// (coalesced on a GPU; on a CPU device the group's loop is vectorized).
kernel void index_select(int outer, int axis, int len, int inner,
                         global const real* x, global const int* index, global real* y)
{
    int row = get_group_id(0);
    if (row >= outer * len) return;
    int o = row / len;
    int k = index[row - o * len];
    global const real* source = x + (o * axis + k) * inner;
    global real* target = y + row * inner;
    bool inside = k >= 0 && k < axis;
    for (int i = get_local_id(0); i < inner; i += get_local_size(0)) {
        target[i] = inside ? source[i] : 0;
    }
}

// y[o, index[o, j, i], i] += source[o, j, i]. Several j may hit the same y element, so instead of racing
// with atomics, one work-item owns each y[o, a, i] and walks j in order, adding the sources whose index
// is a. No two work-items ever write the same element, and the sum is added in the same order as the
// CPU's loop, so both give bit-identical results. It costs len reads per output: fine for the gradients
// of y_hat[range(n), y] that the lessons need.
kernel void scatter_add(int outer, int axis, int len, int inner,
                        global const real* source, global const int* index, global real* y)
{
    int g = get_global_id(0);
    if (g >= outer * axis * inner) return;
    int i = g % inner;
    int a = (g / inner) % axis;
    int o = g / (inner * axis);
    real acc = y[g];
    for (int j = 0; j < len; j++) {
        int s = (o * len + j) * inner + i;
        if (index[s] == a) acc += source[s];
    }
    y[g] = acc;
}
