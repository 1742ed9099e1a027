// softmax.cl mirrors CpuBackend.Softmax, CpuBackend.SoftmaxCrossEntropy and
// CpuBackend.SoftmaxCrossEntropyBackward: everything that needs a row's maximum and its sum of exponentials.
//
// One work-group per row. Each work-item folds a strided slice of the row; the group then combines the
// partial results in local memory in a tree of log2(group size) steps and every work-item reads the answer.

#ifndef REAL_INT

inline real group_reduce(bool take_max, real v, local real* scratch)
{
    int lid = get_local_id(0);
    scratch[lid] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int step = get_local_size(0) / 2; step > 0; step /= 2) {
        if (lid < step) {
            real other = scratch[lid + step];
            scratch[lid] = take_max ? max_nan(scratch[lid], other) : scratch[lid] + other;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    real result = scratch[0];
    barrier(CLK_LOCAL_MEM_FENCE); // everyone has read scratch[0] before the next reduction overwrites it
    return result;
}

inline real row_max(global const real* row, int cols, local real* scratch)
{
    real m = -INFINITY;
    for (int c = get_local_id(0); c < cols; c += get_local_size(0)) m = max_nan(m, row[c]);
    return group_reduce(true, m, scratch);
}

// Σ exp(x - m): subtracting the row's maximum first (the log-sum-exp trick) makes the largest term
// exp(0) = 1, so nothing overflows however large the logits are.
inline real row_sum_exp(global const real* row, int cols, real m, local real* scratch)
{
    real s = 0;
    for (int c = get_local_id(0); c < cols; c += get_local_size(0)) s += exp(row[c] - m);
    return group_reduce(false, s, scratch);
}

// Softmax: y = exp(x - m) / s; log-softmax: y = x - m - log s.
kernel void softmax(int cols, int log_softmax, global const real* x, global real* y, local real* scratch)
{
    int r = get_group_id(0);
    global const real* row = x + r * cols;
    real m = row_max(row, cols, scratch);
    real s = row_sum_exp(row, cols, m, scratch);
    real log_s = log(s);
    for (int c = get_local_id(0); c < cols; c += get_local_size(0)) {
        y[r * cols + c] = log_softmax ? row[c] - m - log_s : exp(row[c] - m) / s;
    }
}

// loss[r] = log Σ exp(o[r, :]) − o[r, label[r]] = m + log s − o[r, label[r]].
// Labels were checked against 0..cols-1 before launch (see OpenClBackend.ValidateIndices).
kernel void softmax_cross_entropy(int cols, global const real* logits, global const int* labels,
                                  global real* loss, local real* scratch)
{
    int r = get_group_id(0);
    global const real* row = logits + r * cols;
    real m = row_max(row, cols, scratch);
    real s = row_sum_exp(row, cols, m, scratch);
    if (get_local_id(0) == 0) loss[r] = m + log(s) - row[labels[r]];
}

// grad[r, c] = g[r] · (softmax(o)[r, c] − 1[c = label[r]]): the famous "prediction minus one-hot".
kernel void softmax_cross_entropy_backward(int cols, global const real* logits, global const int* labels,
                                           global const real* upstream, global real* grad,
                                           local real* scratch)
{
    int r = get_group_id(0);
    global const real* row = logits + r * cols;
    real m = row_max(row, cols, scratch);
    real s = row_sum_exp(row, cols, m, scratch);
    int label = labels[r];
    real g = upstream[r];
    for (int c = get_local_id(0); c < cols; c += get_local_size(0)) {
        real p = exp(row[c] - m) / s;
        grad[r * cols + c] = g * (p - (c == label ? 1 : 0));
    }
}

// Short rows (up to ShortAxis columns, as the 10 classes of Fashion-MNIST): one work-item per row does the
// whole row alone, with no local memory and no barrier. On POCL a barrier splits a group into several loops
// over its work-items, and 256 groups of 16 lanes for a 256 × 10 batch cost more than the arithmetic; one
// work-item per row lets the group's loop over rows run as SIMD lanes.
inline real short_row_max(global const real* row, int cols)
{
    real m = -INFINITY;
    for (int c = 0; c < cols; c++) m = max_nan(m, row[c]);
    return m;
}

inline real short_row_sum_exp(global const real* row, int cols, real m)
{
    real s = 0;
    for (int c = 0; c < cols; c++) s += exp(row[c] - m);
    return s;
}

kernel void softmax_short(int rows, int cols, int log_softmax, global const real* x, global real* y)
{
    int r = get_global_id(0);
    if (r >= rows) return;
    global const real* row = x + r * cols;
    real m = short_row_max(row, cols);
    real s = short_row_sum_exp(row, cols, m);
    real log_s = log(s);
    for (int c = 0; c < cols; c++) y[r * cols + c] = log_softmax ? row[c] - m - log_s : exp(row[c] - m) / s;
}

kernel void softmax_cross_entropy_short(int rows, int cols, global const real* logits, global const int* labels,
                                        global real* loss)
{
    int r = get_global_id(0);
    if (r >= rows) return;
    global const real* row = logits + r * cols;
    real m = short_row_max(row, cols);
    loss[r] = m + log(short_row_sum_exp(row, cols, m)) - row[labels[r]];
}

kernel void softmax_cross_entropy_backward_short(int rows, int cols, global const real* logits,
                                                 global const int* labels, global const real* upstream,
                                                 global real* grad)
{
    int r = get_global_id(0);
    if (r >= rows) return;
    global const real* row = logits + r * cols;
    real m = short_row_max(row, cols);
    real s = short_row_sum_exp(row, cols, m);
    int label = labels[r];
    real g = upstream[r];
    for (int c = 0; c < cols; c++) grad[r * cols + c] = g * (exp(row[c] - m) / s - (c == label ? 1 : 0));
}

#endif
