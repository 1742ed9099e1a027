// pool.cl mirrors the CPU's Pooling class (CpuBackend.MaxPool2d, MaxPool2dBackward, AvgPool2d,
// AvgPool2dBackward): square windows of side K, S apart, over every (image, channel) plane of H × W, padded by
// P on every side (−∞ for the maximum, zeros for the mean, which always divides by K²).

#ifndef REAL_INT

#define POOL_ARGS int planes, int H, int W, int K, int S, int P
#define OUT_H ((H + 2 * P - K) / S + 1)
#define OUT_W ((W + 2 * P - K) / S + 1)

// One work-item per output: the first maximum of the window in row-major order (a NaN wins and stops the search,
// as torch's), and where it is inside the plane.
kernel void max_pool2d(POOL_ARGS, global const real* x, global real* y, global int* indices)
{
    int OH = OUT_H, OW = OUT_W;
    int index = get_global_id(0);
    if (index >= planes * OH * OW) return;
    int j = index % OW;
    int i = (index / OW) % OH;
    int plane = index / (OW * OH);
    global const real* input = x + plane * H * W;
    int h0 = i * S - P, v0 = j * S - P;
    real best = -INFINITY;
    int where = -1;
    for (int h = max(h0, 0); h < min(h0 + K, H); h++) {
        for (int v = max(v0, 0); v < min(v0 + K, W); v++) {
            real value = input[h * W + v];
            if (value > best || isnan(value) || where < 0) {
                best = value;
                where = h * W + v;
                if (isnan(value)) { h = H; break; }
            }
        }
    }
    y[index] = best;
    indices[index] = where;
}

// The first and last window (along one axis) that contain position h: i·S − P ≤ h < i·S − P + K.
inline int first_window(int h, int K, int S, int P) { int t = h + P - K + 1; return t <= 0 ? 0 : (t + S - 1) / S; }
inline int last_window(int h, int S, int P, int count) { return min((h + P) / S, count - 1); }

// One work-item per input element: the sum of the upstream gradients of the windows it won. Gathering from the
// windows that contain it, instead of scattering from each window, needs no atomics.
kernel void max_pool2d_backward(POOL_ARGS, global const real* gy, global const int* indices, global real* gx)
{
    int OH = OUT_H, OW = OUT_W;
    int index = get_global_id(0);
    if (index >= planes * H * W) return;
    int v = index % W;
    int h = (index / W) % H;
    int plane = index / (W * H);
    int self = h * W + v;
    real sum = 0;
    for (int i = first_window(h, K, S, P); i <= last_window(h, S, P, OH); i++) {
        for (int j = first_window(v, K, S, P); j <= last_window(v, S, P, OW); j++) {
            int k = plane * OH * OW + i * OW + j;
            if (indices[k] == self) sum += gy[k];
        }
    }
    gx[index] = sum;
}

// One work-item per output: the window's sum over K², zeros of the padding included.
kernel void avg_pool2d(POOL_ARGS, global const real* x, global real* y)
{
    int OH = OUT_H, OW = OUT_W;
    int index = get_global_id(0);
    if (index >= planes * OH * OW) return;
    int j = index % OW;
    int i = (index / OW) % OH;
    global const real* input = x + (index / (OW * OH)) * H * W;
    int h0 = i * S - P, v0 = j * S - P;
    real sum = 0;
    for (int h = max(h0, 0); h < min(h0 + K, H); h++)
        for (int v = max(v0, 0); v < min(v0 + K, W); v++)
            sum += input[h * W + v];
    y[index] = sum / (real)(K * K);
}

// One work-item per input element: Σ over the windows containing it of gy / K².
kernel void avg_pool2d_backward(POOL_ARGS, global const real* gy, global real* gx)
{
    int OH = OUT_H, OW = OUT_W;
    int index = get_global_id(0);
    if (index >= planes * H * W) return;
    int v = index % W;
    int h = (index / W) % H;
    int plane = index / (W * H);
    real sum = 0;
    for (int i = first_window(h, K, S, P); i <= last_window(h, S, P, OH); i++)
        for (int j = first_window(v, K, S, P); j <= last_window(v, S, P, OW); j++)
            sum += gy[plane * OH * OW + i * OW + j] / (real)(K * K);
    gx[index] = sum;
}

#endif
